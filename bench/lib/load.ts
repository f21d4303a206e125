import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { periodBounds, toUsd, type ReturnContent } from '@portal/shared';
import { periodSchedule } from '../../apps/api/src/modules/periods/calendar';
import { contentHash } from '../../apps/api/src/modules/returns/return-content';
import { insertRows, type Column } from './db';
import { RATE, type DataSet, type Firm } from './model';

/*
 * Bulk loading of a generated data set straight into PostgreSQL: firms, profiles, approved returns with their
 * revision and contract register, the firm-level facts exactly as facts.ts `refreshApprovedReturn` computes them,
 * and the aggregates as the sum of those facts (what adding every return one by one leaves behind). The smoke
 * test proves the result equal to `rebuildAllFacts`, the approval code path, on a small set. `bench_line` holds
 * the raw line items flat, for the baselines that aggregate line items directly.
 */

/** A deterministic UUID (the data set's seed, what it names). */
export function uuidOf(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Lookup {
  /** region code → [parent, kind] */
  regions: Map<string, { parent: string | null; kind: string; reviewUnit: boolean }>;
  natureGroup: Map<string, string>;
  businessChain: Map<string, string[]>;
  /** partner → groups (valid at the end of the year's quarters: membership is checked per period below) */
  groups: { group: string; member: string; from: string; to: string | null }[];
}

async function lookup(c: Client): Promise<Lookup> {
  const regions = new Map<string, { parent: string | null; kind: string; reviewUnit: boolean }>();
  const natureGroup = new Map<string, string>();
  const parents = new Map<string, string | null>();
  const rows: { list: string; code: string; parent_code: string | null; attrs: Record<string, unknown> }[] = (
    await c.query(
      `SELECT list, code, parent_code, attrs FROM code_item WHERE list IN ('regions', 'enterprise-natures', 'outsourcing-categories')`,
    )
  ).rows;
  for (const r of rows) {
    if (r.list === 'regions')
      regions.set(r.code, {
        parent: r.parent_code,
        kind: String(r.attrs.kind),
        reviewUnit: r.attrs.reviewUnit === true,
      });
    else if (r.list === 'enterprise-natures') natureGroup.set(r.code, r.parent_code ?? r.code);
    else parents.set(r.code, r.parent_code);
  }
  const businessChain = new Map<string, string[]>();
  for (const code of parents.keys()) {
    const chain: string[] = [];
    for (let x: string | null | undefined = code; x && chain.length < 6; x = parents.get(x)) chain.push(x);
    businessChain.set(code, chain);
  }
  const groups = (
    await c.query(
      `SELECT group_code, member, to_char(valid_from, 'YYYY-MM-DD') AS f, to_char(valid_to, 'YYYY-MM-DD') AS t FROM partner_group_member`,
    )
  ).rows.map((g: { group_code: string; member: string; f: string; t: string | null }) => ({
    group: g.group_code,
    member: g.member,
    from: g.f,
    to: g.t,
  }));
  return { regions, natureGroup, businessChain, groups };
}

function chainOf(l: Lookup, code: string): { code: string; kind: string; reviewUnit: boolean }[] {
  const out: { code: string; kind: string; reviewUnit: boolean }[] = [];
  for (let x: string | null = code; x && out.length < 10;) {
    const r = l.regions.get(x);
    if (!r) break;
    out.push({ code: x, kind: r.kind, reviewUnit: r.reviewUnit });
    x = r.parent;
  }
  return out;
}

/** Inserts the national region tree (idempotent) and the year's periods. */
export async function loadReferenceData(
  c: Client,
  data: DataSet,
  extraPeriods: { code: string; lockDate?: string }[] = [],
) {
  const t = data.tree;
  await insertRows(
    c,
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

const cents = (usd: number) => Math.round(usd * 100);
const money = (c: number) => (c / 100).toFixed(2);

/** Rows of every table a batch of firms fills, in column order of COLUMNS. */
type Batch = Record<keyof typeof COLUMNS, unknown[][]>;

/** Column lists of the tables the bulk paths write (the pipeline benchmark writes some of them too). */
export const COLUMNS = {
  enterprise: [
    ['id', 'uuid'],
    ['uscc', 'char(18)'],
    ['name_zh', 'text'],
    ['region_code', 'varchar'],
    ['zone_code', 'varchar'],
    ['review_unit_code', 'varchar'],
    ['province_code', 'varchar'],
    ['status', 'varchar'],
    ['version', 'int'],
  ],
  enterprise_profile: [
    ['enterprise_id', 'uuid'],
    ['valid_from', 'date'],
    ['name_zh', 'text'],
    ['region_code', 'varchar'],
    ['zone_code', 'varchar'],
    ['nature_code', 'varchar'],
    ['industry_code', 'varchar'],
    ['key_enterprise', 'bool'],
  ],
  statistical_return: [
    ['id', 'uuid'],
    ['enterprise_id', 'uuid'],
    ['period_code', 'varchar'],
    ['review_unit_code', 'varchar'],
    ['province_code', 'varchar'],
    ['status', 'varchar'],
    ['current_revision', 'int'],
    ['approved_revision', 'int'],
    ['first_submitted_at', 'timestamptz'],
    ['last_submitted_at', 'timestamptz'],
    ['version', 'int'],
  ],
  return_revision: [
    ['return_id', 'uuid'],
    ['revision', 'int'],
    ['content', 'jsonb'],
    ['cny_per_usd', 'numeric'],
    ['frozen', 'bool'],
    ['content_hash', 'char(64)'],
    ['receipt_no', 'varchar'],
    ['submitted_at', 'timestamptz'],
  ],
  contract: [
    ['enterprise_id', 'uuid'],
    ['contract_no', 'varchar'],
    ['return_id', 'uuid'],
    ['period_code', 'varchar'],
    ['signed_date', 'date'],
    ['client_name', 'text'],
    ['client_partner_code', 'varchar'],
    ['client_industry_code', 'varchar'],
    ['business_code', 'varchar'],
    ['offshore', 'bool'],
    ['amount', 'numeric'],
    ['currency', 'varchar'],
    ['amount_usd', 'numeric'],
  ],
  fact_return: [
    ['return_id', 'uuid'],
    ['enterprise_id', 'uuid'],
    ['period_code', 'varchar'],
    ['revision', 'int'],
    ['cny_per_usd', 'numeric'],
    ['name_zh', 'text'],
    ['province_code', 'varchar'],
    ['city_code', 'varchar'],
    ['area_code', 'varchar'],
    ['region_code', 'varchar'],
    ['zone_code', 'varchar'],
    ['review_unit_code', 'varchar'],
    ['nature_code', 'varchar'],
    ['nature_group', 'varchar'],
    ['industry_code', 'varchar'],
    ['key_enterprise', 'bool'],
    ['zero_return', 'bool'],
    ['contracts', 'int'],
    ['signed_usd', 'numeric'],
    ['executed_usd', 'numeric'],
    ['offshore_signed_usd', 'numeric'],
    ['offshore_executed_usd', 'numeric'],
    ['export_usd', 'numeric'],
    ['import_usd', 'numeric'],
  ],
  fact_outsourcing: [
    ['return_id', 'uuid'],
    ['business_code', 'varchar'],
    ['offshore', 'bool'],
    ['partner_code', 'varchar'],
    ['contracts', 'int'],
    ['signed_usd', 'numeric'],
    ['executed_usd', 'numeric'],
  ],
  fact_contract: [
    ['enterprise_id', 'uuid'],
    ['contract_no', 'varchar'],
    ['return_id', 'uuid'],
    ['business_code', 'varchar'],
    ['offshore', 'bool'],
    ['partner_code', 'varchar'],
  ],
  fact_execution_source: [
    ['return_id', 'uuid'],
    ['contract_no', 'varchar'],
    ['enterprise_id', 'uuid'],
  ],
  fact_trade: [
    ['return_id', 'uuid'],
    ['category_code', 'varchar'],
    ['partner_code', 'varchar'],
    ['export_usd', 'numeric'],
    ['import_usd', 'numeric'],
  ],
  fact_workforce: [
    ['return_id', 'uuid'],
    ['junior_college', 'int'],
    ['bachelor', 'int'],
    ['master', 'int'],
    ['doctor', 'int'],
    ['other', 'int'],
  ],
  fact_row_key: [
    ['return_id', 'uuid'],
    ['row_key', 'varchar'],
  ],
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
  const l = await lookup(c);
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
      await insertRows(c, table, cols, batch[table as keyof Batch]);
    }
    await c.query('COMMIT');
    progress?.(Math.min(range.to, start + batchSize) - range.from);
  }
  return { firms: range.to - range.from, returns, lineItems, ms: Date.now() - started };
}

function addFirm(
  b: Batch,
  l: Lookup,
  data: DataSet,
  firm: Firm,
  returns: { period: string; content: ReturnContent }[],
): { returns: number; lines: number } {
  const p = firm.profile;
  const enterpriseId = uuidOf(data.opts.seed, data.opts.tag, 'firm', firm.index);
  const areaCode = p.zoneCode ?? p.regionCode;
  const regionChain = chainOf(l, p.zoneCode ?? p.regionCode);
  const reviewUnitCode = regionChain.find((r) => r.reviewUnit)?.code ?? firm.city.code;
  const provinceCode = regionChain.find((r) => r.kind === 'province')?.code ?? firm.city.province;
  const cityCode = regionChain.find((r) => r.kind === 'city')?.code ?? areaCode;
  const natureGroup = l.natureGroup.get(p.natureCode) ?? p.natureCode;
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
    '2015-01-01',
    p.nameZh,
    p.regionCode,
    p.zoneCode,
    p.natureCode,
    p.industryCode,
    p.keyEnterprise,
  ]);
  const approvedContracts = new Map<string, { business: string; offshore: boolean; partner: string }>();
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
    const lineBase = [period, enterpriseId, provinceCode, cityCode, areaCode, natureGroup];
    const out = new Map<
      string,
      { business: string; offshore: boolean; partner: string; n: number; signed: number; executed: number }
    >();
    const bucket = (k: { business: string; offshore: boolean; partner: string }) => {
      const key = `${k.business}|${k.offshore ? 1 : 0}|${k.partner}`;
      let x = out.get(key);
      if (!x) out.set(key, (x = { ...k, n: 0, signed: 0, executed: 0 }));
      return x;
    };
    const own = new Map<string, { business: string; offshore: boolean; partner: string }>();
    for (const ct of content.contracts) {
      const k = { business: ct.businessCode, offshore: ct.offshore, partner: ct.clientPartnerCode };
      own.set(ct.contractNo, k);
      const x = bucket(k);
      x.n += 1;
      const usd = toUsd(ct.amount, ct.currency, RATE);
      x.signed += cents(usd);
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
      bucket(k).executed += cents(usd);
      b.bench_line.push([...lineBase, 'E', k.business, k.partner, k.offshore, null, usd.toFixed(2)]);
    }
    const trade = new Map<string, { category: string; partner: string; exp: number; imp: number }>();
    for (const t of content.servicesTrade) {
      const key = `${t.categoryCode}|${t.partnerCode}`;
      let x = trade.get(key);
      if (!x) trade.set(key, (x = { category: t.categoryCode, partner: t.partnerCode, exp: 0, imp: 0 }));
      const usd = toUsd(t.amount, t.currency, RATE);
      if (t.direction === 'EXPORT') x.exp += cents(usd);
      else x.imp += cents(usd);
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
    const buckets = [...out.values()];
    const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
    b.fact_return.push([
      returnId,
      enterpriseId,
      period,
      1,
      RATE.toFixed(4),
      p.nameZh,
      provinceCode,
      cityCode,
      areaCode,
      p.regionCode,
      p.zoneCode,
      reviewUnitCode,
      p.natureCode,
      natureGroup,
      p.industryCode,
      p.keyEnterprise,
      content.zeroReturn,
      sum(buckets.map((x) => x.n)),
      money(sum(buckets.map((x) => x.signed))),
      money(sum(buckets.map((x) => x.executed))),
      money(sum(buckets.filter((x) => x.offshore).map((x) => x.signed))),
      money(sum(buckets.filter((x) => x.offshore).map((x) => x.executed))),
      money(sum([...trade.values()].map((x) => x.exp))),
      money(sum([...trade.values()].map((x) => x.imp))),
    ]);
    for (const x of buckets) {
      b.fact_outsourcing.push([returnId, x.business, x.offshore, x.partner, x.n, money(x.signed), money(x.executed)]);
    }
    for (const [no, k] of own) b.fact_contract.push([enterpriseId, no, returnId, k.business, k.offshore, k.partner]);
    for (const no of new Set(content.executions.map((e) => e.contractNo))) {
      b.fact_execution_source.push([returnId, no, enterpriseId]);
    }
    for (const x of trade.values()) b.fact_trade.push([returnId, x.category, x.partner, money(x.exp), money(x.imp)]);
    const w = content.workforce;
    if (w) {
      b.fact_workforce.push([returnId, w.juniorCollege, w.bachelor, w.master, w.doctor, w.other]);
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
    // Row keys, as facts.ts rowKeys: outsourcing by flag, trade, workforce.
    const groupsOf = (partner: string) =>
      l.groups.filter((g) => g.member === partner && g.from <= end && (!g.to || g.to >= end)).map((g) => g.group);
    const keys = new Set<string>();
    for (const o of buckets) {
      for (const f of ['A', o.offshore ? 'O' : 'D']) {
        keys.add(`O${f}:*`);
        keys.add(`O${f}:N:${natureGroup}`);
        for (const code of l.businessChain.get(o.business) ?? [o.business]) keys.add(`O${f}:B:${code}`);
        keys.add(`O${f}:P:${o.partner}`);
        for (const g of groupsOf(o.partner)) keys.add(`O${f}:G:${g}`);
      }
    }
    for (const t of trade.values()) {
      keys.add('T:*');
      keys.add(`T:C:${t.category}`);
      keys.add(`T:P:${t.partner}`);
      for (const g of groupsOf(t.partner)) keys.add(`T:G:${g}`);
    }
    if (w) keys.add('W:*');
    for (const k of keys) b.fact_row_key.push([returnId, k]);
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
export async function factSnapshot(c: Client): Promise<Record<string, string[]>> {
  const tables: Record<string, string> = {
    fact_return: `SELECT return_id, enterprise_id, period_code, revision, cny_per_usd, name_zh, province_code, city_code,
        area_code, region_code, zone_code, review_unit_code, nature_code, nature_group, industry_code, key_enterprise,
        zero_return, contracts, signed_usd, executed_usd, offshore_signed_usd, offshore_executed_usd, export_usd, import_usd
      FROM fact_return`,
    fact_outsourcing: 'SELECT * FROM fact_outsourcing',
    fact_contract: 'SELECT * FROM fact_contract',
    fact_execution_source: 'SELECT * FROM fact_execution_source',
    fact_trade: 'SELECT * FROM fact_trade',
    fact_workforce: 'SELECT * FROM fact_workforce',
    fact_row_key: 'SELECT * FROM fact_row_key',
    agg_outsourcing: 'SELECT * FROM agg_outsourcing',
    agg_trade: 'SELECT * FROM agg_trade',
    agg_workforce: 'SELECT * FROM agg_workforce',
    agg_row_returns: 'SELECT * FROM agg_row_returns',
  };
  const out: Record<string, string[]> = {};
  for (const [t, sql] of Object.entries(tables)) {
    const rows = (await c.query(sql)).rows as Record<string, unknown>[];
    out[t] = rows.map((r) => JSON.stringify(Object.values(r))).sort();
  }
  return out;
}
