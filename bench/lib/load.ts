import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { periodBounds, toUsd, type ReturnContent } from '@portal/shared';
import { insertRows, type Column } from '../../apps/api/src/core/database/bulk-insert';
import { COLUMNS as TABLE_COLUMNS } from '../../apps/api/src/modules/exchange/bulk.repository';
import { FactLookup } from '../../apps/api/src/modules/official-tables/fact-lookup';
import {
  codeVersions,
  FACT_COLUMNS,
  factSnapshot as snapshot,
  groupMemberships,
  type FactRows,
} from '../../apps/api/src/modules/official-tables/facts.repository';
import { addFacts, type OutsourcingKey } from '../../apps/api/src/modules/official-tables/return-facts';
import { periodSchedule } from '../../apps/api/src/modules/periods/calendar';
import { contentHash } from '../../apps/api/src/modules/returns/return-content';
import { rowsOf } from './db';
import { RATE, type DataSet, type Firm } from './model';

/*
 * Bulk loading of a generated data set straight into PostgreSQL: firms, profiles, approved returns with their
 * revision and contract register, the firm-level facts computed by the facts writer's code
 * (apps/api/src/modules/official-tables/return-facts.ts `addFacts`, with every code list loaded at once), and
 * the aggregates as the sum of those facts (what adding every return one by one leaves behind). The smoke test
 * proves the result equal to `rebuildAllFacts`, the approval code path, on a small set. `bench_line` holds the raw
 * line items flat, for the baselines that aggregate line items directly.
 */

/** A deterministic UUID (the data set's seed, what it names). */
export function uuidOf(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Inserts the national region tree (idempotent) and the year's periods. */
export async function loadReferenceData(
  c: Client,
  data: DataSet,
  extraPeriods: { code: string; lockDate?: string }[] = [],
) {
  const t = data.tree;
  await insertRows(
    rowsOf(c),
    'code_item',
    [
      ['list', 'varchar'],
      ['code', 'varchar'],
      ['parent_code', 'varchar'],
      ['level', 'smallint'],
      ['name_zh', 'text'],
      ['sort_order', 'int'],
      ['attrs', 'jsonb'],
    ],
    t.rows
      .filter((r) => r.code)
      .map((r) => [
        'regions',
        r.code,
        r.parentCode,
        r.level,
        r.nameZh,
        r.sortOrder,
        JSON.stringify({ kind: r.kind, reviewUnit: r.reviewUnit }),
      ]),
  ).catch(async (e: Error) => {
    if (!/duplicate key/.test(e.message)) throw e;
  });
  for (const r of t.reparent) {
    await c.query(`UPDATE code_item SET parent_code = $2 WHERE list = 'regions' AND code = $1`, [r.code, r.parentCode]);
  }
  const periods = [1, 2, 3, 4].map((q) => ({
    code: `${data.opts.year}Q${q}`,
    lockDate: undefined as string | undefined,
  }));
  for (const p of [...periods, ...extraPeriods]) {
    const s = periodSchedule(p.code, new Set(), p.lockDate ? { lockDate: p.lockDate } : {});
    await c.query(
      `INSERT INTO period (code, year, quarter, open_date, due_date, lock_date, cny_per_usd) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code) DO UPDATE SET lock_date = EXCLUDED.lock_date`,
      [s.code, s.year, s.quarter, s.openDate, s.dueDate, s.lockDate, RATE.toFixed(4)],
    );
  }
}

/** Rows of every table a batch of firms fills, in column order of COLUMNS. */
type Batch = Record<keyof typeof COLUMNS, unknown[][]>;

/** Column lists of the tables the bulk paths write (the import's, shared; the pipeline benchmark writes some too). */
export const COLUMNS = {
  ...TABLE_COLUMNS,
  ...FACT_COLUMNS,
  bench_line: [
    ['period_code', 'varchar'],
    ['enterprise_id', 'uuid'],
    ['province_code', 'varchar'],
    ['city_code', 'varchar'],
    ['area_code', 'varchar'],
    ['nature_group', 'varchar'],
    ['kind', 'char(1)'],
    ['code', 'varchar'],
    ['partner_code', 'varchar'],
    ['offshore', 'bool'],
    ['direction', 'char(1)'],
    ['amount_usd', 'numeric'],
  ],
} satisfies Record<string, Column[]>;

/** The raw line items, one row each (kind T trade, C contract, E execution, W workforce by education). */
export const BENCH_LINE_DDL = `CREATE TABLE IF NOT EXISTS bench_line (
  period_code varchar(6) NOT NULL, enterprise_id uuid NOT NULL, province_code varchar(20) NOT NULL,
  city_code varchar(20) NOT NULL, area_code varchar(20) NOT NULL, nature_group varchar(20) NOT NULL,
  kind char(1) NOT NULL, code varchar(20) NOT NULL, partner_code varchar(2), offshore boolean,
  direction char(1), amount_usd numeric(20, 2) NOT NULL)`;

export interface LoadStats {
  firms: number;
  returns: number;
  lineItems: number;
  ms: number;
}

/**
 * Loads firms [from, to) of the data set as approved returns (the year's four quarters), with facts, and
 * `bench_line`; aggregates are rebuilt by `rebuildAggregates` afterwards.
 */
export async function loadFirms(
  c: Client,
  data: DataSet,
  range: { from: number; to: number },
  progress?: (done: number) => void,
): Promise<LoadStats> {
  const started = Date.now();
  const l = new FactLookup(await codeVersions(rowsOf(c), 'all'), await groupMemberships(rowsOf(c), 'all'));
  await c.query(BENCH_LINE_DDL);
  let returns = 0;
  let lineItems = 0;
  const batchSize = 500;
  for (let start = range.from; start < range.to; start += batchSize) {
    const batch = Object.fromEntries(Object.keys(COLUMNS).map((k) => [k, []])) as unknown as Batch;
    for (let i = start; i < Math.min(range.to, start + batchSize); i++) {
      const fy = data.firmYear(i);
      const counts = addFirm(batch, l, data, fy.firm, fy.returns);
      returns += counts.returns;
      lineItems += counts.lines;
    }
    await c.query('BEGIN');
    for (const [table, cols] of Object.entries(COLUMNS)) {
      await insertRows(rowsOf(c), table, cols, batch[table as keyof Batch]);
    }
    await c.query('COMMIT');
    progress?.(Math.min(range.to, start + batchSize) - range.from);
  }
  return { firms: range.to - range.from, returns, lineItems, ms: Date.now() - started };
}

function addFirm(
  b: Batch,
  l: FactLookup,
  data: DataSet,
  firm: Firm,
  returns: { period: string; content: ReturnContent }[],
): { returns: number; lines: number } {
  const p = firm.profile;
  const enterpriseId = uuidOf(data.opts.seed, data.opts.tag, 'firm', firm.index);
  const validFrom = '2015-01-01';
  const yearEnd = `${data.opts.year}-12-31`;
  const areaCode = p.zoneCode ?? p.regionCode;
  const regionChain = l.regionChain(areaCode, yearEnd);
  const reviewUnitCode = regionChain.find((r) => r.reviewUnit)?.code ?? firm.city.code;
  const provinceCode = regionChain.find((r) => r.kind === 'province')?.code ?? firm.city.province;
  b.enterprise.push([
    enterpriseId,
    firm.uscc,
    p.nameZh,
    p.regionCode,
    p.zoneCode,
    reviewUnitCode,
    provinceCode,
    'ACTIVE',
    1,
  ]);
  b.enterprise_profile.push([
    enterpriseId,
    validFrom,
    p.nameZh,
    p.regionCode,
    p.zoneCode,
    p.natureCode,
    p.industryCode,
    p.keyEnterprise,
  ]);
  const profiles = [{ validFrom, ...p, advancedTech: false }];
  // Contracts of the firm's earlier (approved) returns, which later quarters execute.
  const approvedContracts = new Map<string, OutsourcingKey>();
  const facts: FactRows = b;
  let lines = 0;
  for (const { period, content } of returns) {
    const returnId = uuidOf(data.opts.seed, data.opts.tag, 'return', firm.index, period);
    const end = periodBounds(period).end;
    const at = new Date(`${end}T08:00:00Z`);
    at.setUTCDate(at.getUTCDate() + 10);
    b.statistical_return.push([
      returnId,
      enterpriseId,
      period,
      reviewUnitCode,
      provinceCode,
      'APPROVED',
      1,
      1,
      at,
      at,
      1,
    ]);
    b.return_revision.push([
      returnId,
      1,
      JSON.stringify(content),
      RATE.toFixed(4),
      true,
      contentHash(content),
      `R-${period}-${firm.uscc}-1`,
      at,
    ]);
    const dims = l.dims(profiles, end, provinceCode);
    const own = addFacts(
      facts,
      l,
      {
        returnId,
        enterpriseId,
        periodCode: period,
        reviewUnitCode,
        provinceCode,
        revision: 1,
        cnyPerUsd: RATE.toFixed(4),
        content,
      },
      dims,
      (no) => approvedContracts.get(no),
    );
    const lineBase = [period, enterpriseId, dims.provinceCode, dims.cityCode, dims.areaCode, dims.natureGroup];
    for (const ct of content.contracts) {
      const usd = toUsd(ct.amount, ct.currency, RATE);
      b.contract.push([
        enterpriseId,
        ct.contractNo,
        returnId,
        period,
        ct.signedDate,
        ct.clientName,
        ct.clientPartnerCode,
        ct.clientIndustryCode,
        ct.businessCode,
        ct.offshore,
        ct.amount.toFixed(2),
        ct.currency,
        usd.toFixed(2),
      ]);
      b.bench_line.push([...lineBase, 'C', ct.businessCode, ct.clientPartnerCode, ct.offshore, null, usd.toFixed(2)]);
    }
    for (const e of content.executions) {
      const k = own.get(e.contractNo) ?? approvedContracts.get(e.contractNo);
      if (!k) continue;
      const usd = toUsd(e.amount, e.currency, RATE);
      b.bench_line.push([...lineBase, 'E', k.businessCode, k.partnerCode, k.offshore, null, usd.toFixed(2)]);
    }
    for (const t of content.servicesTrade) {
      const usd = toUsd(t.amount, t.currency, RATE);
      b.bench_line.push([
        ...lineBase,
        'T',
        t.categoryCode,
        t.partnerCode,
        null,
        t.direction === 'EXPORT' ? 'X' : 'M',
        usd.toFixed(2),
      ]);
    }
    const w = content.workforce;
    if (w) {
      for (const [edu, v] of [
        ['JC', w.juniorCollege],
        ['BA', w.bachelor],
        ['MA', w.master],
        ['PHD', w.doctor],
        ['OTHER', w.other],
      ] as const) {
        b.bench_line.push([...lineBase, 'W', edu, null, null, null, String(v)]);
      }
    }
    for (const [no, k] of own) approvedContracts.set(no, k);
    lines += content.servicesTrade.length + content.contracts.length + content.executions.length + (w ? 1 : 0);
  }
  return { returns: returns.length, lines };
}

/** The aggregates as the sum of all facts: what approving every return one by one leaves (facts.ts moveAggregates). */
export async function rebuildAggregates(c: Client): Promise<void> {
  await c.query('BEGIN');
  for (const t of ['agg_outsourcing', 'agg_trade', 'agg_workforce', 'agg_row_returns'])
    await c.query(`DELETE FROM ${t}`);
  await c.query(`INSERT INTO agg_outsourcing (period_code, area_code, business_code, offshore, partner_code, nature_code,
                   province_code, city_code, nature_group, contracts, signed_usd, executed_usd)
    SELECT r.period_code, r.area_code, f.business_code, f.offshore, f.partner_code, r.nature_code,
           min(r.province_code), min(r.city_code), min(r.nature_group), sum(f.contracts), sum(f.signed_usd), sum(f.executed_usd)
      FROM fact_outsourcing f JOIN fact_return r ON r.return_id = f.return_id
     GROUP BY 1, 2, 3, 4, 5, 6`);
  await c.query(`INSERT INTO agg_trade (period_code, area_code, category_code, partner_code, province_code, city_code, export_usd, import_usd)
    SELECT r.period_code, r.area_code, f.category_code, f.partner_code, min(r.province_code), min(r.city_code),
           sum(f.export_usd), sum(f.import_usd)
      FROM fact_trade f JOIN fact_return r ON r.return_id = f.return_id GROUP BY 1, 2, 3, 4`);
  await c.query(`INSERT INTO agg_workforce (period_code, area_code, nature_code, province_code, city_code,
                   junior_college, bachelor, master, doctor, other)
    SELECT r.period_code, r.area_code, r.nature_code, min(r.province_code), min(r.city_code),
           sum(f.junior_college), sum(f.bachelor), sum(f.master), sum(f.doctor), sum(f.other)
      FROM fact_workforce f JOIN fact_return r ON r.return_id = f.return_id GROUP BY 1, 2, 3`);
  await c.query(`INSERT INTO agg_row_returns (period_code, area_code, row_key, province_code, city_code, returns)
    SELECT r.period_code, r.area_code, k.row_key, min(r.province_code), min(r.city_code), count(*)
      FROM fact_row_key k JOIN fact_return r ON r.return_id = k.return_id GROUP BY 1, 2, 3`);
  await c.query('COMMIT');
  await c.query('ANALYZE');
}

/** Every fact and aggregate row, in a stable order (timestamps left out): two loads are equal when these are. */
export function factSnapshot(c: Client): Promise<Record<string, string[]>> {
  return snapshot(rowsOf(c));
}
