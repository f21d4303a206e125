import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { periodOfDate } from '@portal/shared';
import { insertRows, type Column } from '../../apps/api/src/core/database/bulk-insert';
import { CONTRACT_COLUMNS } from '../../apps/api/src/modules/exchange/technology-import';
import { refreshTechnologyFacts } from '../../apps/api/src/modules/official-tables/facts';
import { rowsOf } from './db';
import { uuidOf } from './load';
import { CODES_DIR, RATE, type DataSet } from './model';
import { cumulative, firmSeed, Rng } from './rng';

/*
 * Technology import and export contracts (DOMAIN.md §8) for the data set, deterministic like the rest of it:
 * about 30,000 registered contracts a year at national size (74,000 firms), scaled with the number of firms, and
 * skewed like the published statistics —
 *
 * - few holders: about 6 % of firms trade technology at all, and their weights are Pareto(0.9), so a handful of
 *   firms hold most contracts (`skew` reports the top-10 share);
 * - amounts with a long tail: Pareto(1.1) above 20,000 USD, capped at 500 M USD;
 * - one economy holding most export contracts (Hong Kong, 60 %), imports spread over the US, Germany, Japan …;
 * - modes as in the reports: exports mostly consulting and services (TT3) and software (TT4), imports patents and
 *   know-how; equipment fees only on the equipment and production modes (TT6, TT7).
 *
 * Loading writes the contracts as registered (version 1) and their firms' GB/T 4754-2002 division, then runs the
 * facts writer itself (`refreshTechnologyFacts`, what a registration runs) over them in batches: the technology
 * facts and `agg_technology` are the portal's own.
 */

/** Contracts a year per firm of the national data set (~30,000 for 74,000 firms). */
export const CONTRACTS_PER_FIRM = 30_000 / 74_000;
const HOLDER_SHARE = 0.06;

export interface GeneratedTechnologyContract {
  id: string;
  firmIndex: number;
  contractNo: string;
  direction: 'EXPORT' | 'IMPORT';
  signedDate: string;
  periodCode: string;
  modeCode: string;
  partnerCode: string;
  currency: 'USD' | 'CNY';
  techFee: number;
  equipmentFee: number;
  category: 'FREE' | 'RESTRICTED';
}

const EXPORT_PARTNERS = ['HK', 'US', 'SG', 'JP', 'DE', 'KR', 'GB', 'MO', 'MY', 'VN', 'ID', 'TH', 'AE', 'PK', 'KZ'];
const EXPORT_PARTNER_CUM = cumulative([60, 8, 5, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 1]);
const IMPORT_PARTNERS = ['US', 'DE', 'JP', 'KR', 'HK', 'GB', 'FR', 'CH', 'SG', 'NL', 'IT', 'SE', 'TW', 'AT', 'FI'];
const IMPORT_PARTNER_CUM = cumulative([24, 18, 17, 7, 6, 5, 5, 3, 3, 3, 3, 2, 2, 1, 1]);
const MODES = ['TT1', 'TT2', 'TT3', 'TT4', 'TT5', 'TT6', 'TT7', 'TT8'];
const EXPORT_MODE_CUM = cumulative([4, 6, 55, 25, 1, 2, 5, 2]);
const IMPORT_MODE_CUM = cumulative([18, 25, 30, 10, 5, 3, 6, 3]);

/** GB/T 4754-2002 divisions, manufacturing (C) five times as likely as any other division. */
function industryDivisions(): { codes: string[]; cum: number[] } {
  const rows: Record<string, string>[] = parse(readFileSync(join(CODES_DIR, 'industries_gbt4754_2002.csv'), 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  });
  const divisions = rows.filter((r) => r.level === '2');
  return {
    codes: divisions.map((r) => r.code),
    cum: cumulative(divisions.map((r) => (r.parent === 'C' ? 5 : 1))),
  };
}

export interface TechnologySet {
  contracts: GeneratedTechnologyContract[];
  /** GB/T 4754-2002 division of each holder firm (by firm index). */
  industries: Map<number, string>;
  /** Holders, and the share of the year's contracts the ten largest holders hold. */
  skew: { holders: number; top10ContractShare: number; top1PercentAmountShare: number };
}

/** The year's technology contracts of the data set (same seed, same contracts). */
export function technologyContracts(data: DataSet, perYear?: number): TechnologySet {
  perYear ??= Math.round(CONTRACTS_PER_FIRM * data.size);
  const seed = data.opts.seed ^ 0x7ec4;
  const holders: number[] = [];
  for (let i = 0; i < data.size; i++) if (new Rng(firmSeed(seed, i)).next() < HOLDER_SHARE) holders.push(i);
  if (!holders.length) holders.push(0);
  const rng = new Rng(seed);
  const weights = holders.map(() => Math.min(rng.pareto(0.9), 1e4));
  const holderCum = cumulative(weights);
  const divisions = industryDivisions();
  const industries = new Map(holders.map((i) => [i, divisions.codes[rng.weighted(divisions.cum)]]));
  const perFirm = new Map<number, number>();
  const contracts: GeneratedTechnologyContract[] = [];
  const year = data.opts.year;
  const yearStart = Date.UTC(year, 0, 1);
  const days = (Date.UTC(year + 1, 0, 1) - yearStart) / 86_400_000;
  for (let k = 0; k < Math.max(1, perYear); k++) {
    const firmIndex = holders[rng.weighted(holderCum)];
    const n = (perFirm.get(firmIndex) ?? 0) + 1;
    perFirm.set(firmIndex, n);
    const direction = rng.next() < 0.4 ? 'EXPORT' : 'IMPORT';
    const signedDate = new Date(yearStart + rng.int(0, days - 1) * 86_400_000).toISOString().slice(0, 10);
    const modeCode = MODES[rng.weighted(direction === 'EXPORT' ? EXPORT_MODE_CUM : IMPORT_MODE_CUM)];
    const partnerCode =
      direction === 'EXPORT'
        ? EXPORT_PARTNERS[rng.weighted(EXPORT_PARTNER_CUM)]
        : IMPORT_PARTNERS[rng.weighted(IMPORT_PARTNER_CUM)];
    const currency = rng.next() < 0.15 ? 'CNY' : 'USD';
    const usd = Math.min(5e8, 20_000 * rng.pareto(1.1));
    const amount = Math.round((currency === 'CNY' ? usd * RATE : usd) * 100) / 100;
    const equipmentShare = modeCode === 'TT7' ? 0.4 + 0.5 * rng.next() : modeCode === 'TT6' ? 0.3 * rng.next() : 0;
    const equipmentFee = Math.round(amount * equipmentShare * 100) / 100;
    contracts.push({
      id: uuidOf(data.opts.seed, data.opts.tag, 'technology', firmIndex, n),
      firmIndex,
      contractNo: `${direction === 'EXPORT' ? 'TX' : 'TM'}-${year}-${String(n).padStart(5, '0')}`,
      direction,
      signedDate,
      periodCode: periodOfDate(signedDate),
      modeCode,
      partnerCode,
      currency,
      techFee: Math.round((amount - equipmentFee) * 100) / 100,
      equipmentFee,
      category: rng.next() < 0.05 ? 'RESTRICTED' : 'FREE',
    });
  }
  const counts = [...perFirm.values()].sort((a, b) => b - a);
  const amounts = contracts.map((c) => usdOf(c, c.techFee + c.equipmentFee)).sort((a, b) => b - a);
  const total = amounts.reduce((a, b) => a + b, 0);
  const top = amounts.slice(0, Math.max(1, Math.floor(amounts.length / 100))).reduce((a, b) => a + b, 0);
  return {
    contracts,
    industries,
    skew: {
      holders: perFirm.size,
      top10ContractShare: round3(counts.slice(0, 10).reduce((a, b) => a + b, 0) / contracts.length),
      top1PercentAmountShare: round3(top / total),
    },
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const usdOf = (c: GeneratedTechnologyContract, x: number) => (c.currency === 'CNY' ? x / RATE : x);
const money = (x: number) => x.toFixed(2);

const VERSION_COLUMNS: Column[] = [
  ['contract_id', 'uuid'],
  ['version', 'int'],
  ['kind', 'varchar'],
  ['signed_date', 'date'],
  ['period_code', 'varchar'],
  ['mode_code', 'varchar'],
  ['foreign_party', 'varchar'],
  ['partner_code', 'varchar'],
  ['tech_fee', 'numeric'],
  ['equipment_fee', 'numeric'],
  ['contract_amount', 'numeric'],
  ['currency', 'varchar'],
  ['cny_per_usd', 'numeric'],
  ['tech_fee_usd', 'numeric'],
  ['equipment_fee_usd', 'numeric'],
  ['contract_amount_usd', 'numeric'],
  ['category', 'varchar'],
  ['licence_no', 'varchar'],
  ['source', 'varchar'],
  ['source_note', 'text'],
  ['frozen', 'bool'],
  ['submitted_at', 'timestamptz'],
  ['registered_at', 'timestamptz'],
];

export interface TechnologyLoad {
  contracts: number;
  exports: number;
  skew: TechnologySet['skew'];
  /** Writing the contracts and versions (bulk). */
  insertSeconds: number;
  /** The facts writer (refreshTechnologyFacts, what each registration runs) over all of them, in batches. */
  factsSeconds: number;
}

/**
 * Writes the year's technology contracts of firms already loaded (`loadFirms` with the same data set) as
 * registered, sets their firms' 2002 industry division, and builds facts and aggregates through the facts writer.
 * Contracts already there (a database kept from an earlier run, generated with the same count) are left as they are.
 */
export async function loadTechnologyContracts(
  c: Client,
  ds: DataSource,
  data: DataSet,
  set = technologyContracts(data),
): Promise<TechnologyLoad> {
  const t0 = performance.now();
  const firmIds = [...new Set(set.contracts.map((x) => x.firmIndex))];
  const { rows: firms } = await c.query(
    `SELECT id, review_unit_code, province_code FROM enterprise WHERE id = ANY($1::uuid[])`,
    [firmIds.map((i) => uuidOf(data.opts.seed, data.opts.tag, 'firm', i))],
  );
  const place = new Map(
    (firms as { id: string; review_unit_code: string; province_code: string }[]).map((f) => [f.id, f]),
  );
  const { rows: present } = await c.query(`SELECT id FROM technology_contract WHERE id = ANY($1::uuid[])`, [
    set.contracts.map((x) => x.id),
  ]);
  const skip = new Set((present as { id: string }[]).map((r) => r.id));
  const contracts: unknown[][] = [];
  const versions: unknown[][] = [];
  for (const x of set.contracts) {
    const enterpriseId = uuidOf(data.opts.seed, data.opts.tag, 'firm', x.firmIndex);
    const f = place.get(enterpriseId);
    if (!f || skip.has(x.id)) continue;
    const at = new Date(`${x.signedDate}T08:00:00Z`);
    at.setUTCDate(at.getUTCDate() + 7);
    const amount = x.techFee + x.equipmentFee;
    const rate = x.currency === 'CNY' ? RATE : 1;
    contracts.push([
      x.id,
      enterpriseId,
      x.contractNo,
      x.direction,
      x.periodCode,
      f.review_unit_code,
      f.province_code,
      'REGISTERED',
      `${f.review_unit_code}${x.contractNo}-${x.firmIndex}`,
      1,
      1,
      at,
      1,
    ]);
    versions.push([
      x.id,
      1,
      'REGISTRATION',
      x.signedDate,
      x.periodCode,
      x.modeCode,
      `Foreign party ${x.partnerCode} ${x.firmIndex}`,
      x.partnerCode,
      money(x.techFee),
      money(x.equipmentFee),
      money(amount),
      x.currency,
      rate.toFixed(4),
      money(usdOf(x, x.techFee)),
      money(usdOf(x, x.equipmentFee)),
      money(usdOf(x, amount)),
      x.category,
      x.category === 'RESTRICTED' ? `L-${x.contractNo}-${x.firmIndex}` : null,
      'HISTORICAL',
      'benchmark generator',
      true,
      at,
      at,
    ]);
  }
  await c.query('BEGIN');
  await insertRows(rowsOf(c), 'technology_contract', CONTRACT_COLUMNS, contracts);
  await insertRows(rowsOf(c), 'technology_contract_version', VERSION_COLUMNS, versions);
  await c.query(
    `UPDATE enterprise_profile p SET industry_code_2002 = u.code
       FROM unnest($1::uuid[], $2::varchar[]) AS u(id, code) WHERE p.enterprise_id = u.id`,
    [
      [...set.industries.keys()].map((i) => uuidOf(data.opts.seed, data.opts.tag, 'firm', i)),
      [...set.industries.values()],
    ],
  );
  await c.query('COMMIT');
  const insertSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const ids = contracts.map((r) => r[0] as string);
  for (let i = 0; i < ids.length; i += 2000) {
    const batch = ids.slice(i, i + 2000);
    await ds.transaction((m) => refreshTechnologyFacts(m, batch));
  }
  await c.query('ANALYZE technology_contract, technology_contract_version, fact_technology, agg_technology');
  return {
    contracts: set.contracts.length,
    exports: set.contracts.filter((x) => x.direction === 'EXPORT').length,
    skew: set.skew,
    insertSeconds: Math.round(insertSeconds * 10) / 10,
    factsSeconds: Math.round(((performance.now() - t1) / 1000) * 10) / 10,
  };
}
