import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/core/auth/auth-user';
import { TABLES } from '../../apps/api/src/modules/official-tables/catalogue';
import { OfficialTablesService } from '../../apps/api/src/modules/official-tables/official-tables.service';
import { TableContext } from '../../apps/api/src/modules/official-tables/table-context';
import { repeat, round, type Summary } from '../lib/stats';

/*
 * The whole official-table catalogue for a year, from the maintained aggregates (what the API serves), against
 * two baselines that aggregate the raw line items (`bench_line`) into the same figures: a single-pass
 * GROUP BY ROLLUP/GROUPING SETS, and the best hand-written form (sum to the finest area × code first, then roll
 * up the region and category hierarchies from that). The baselines compute sums only — no layout, shares,
 * coverage or snapshot hash — which flatters them. Both run at the same work_mem (BASELINE_WORK_MEM), and the
 * headline compares the catalogue with the faster of the two.
 */

const SYSTEM: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'bench',
  roles: [],
  scopeKind: 'SYSTEM',
  scopeCode: null,
  permissions: new Set(),
};

export interface TablesResult {
  territory: string;
  period: string;
  tables: number;
  rows: number;
  /**
   * The headline: the catalogue through `OfficialTablesService.computeAll` (every table at once on the pool, one
   * context), which is what the all-tables export does.
   */
  catalogue: Summary;
  /** The same tables one after another with one context (where each table's own time is measured). */
  catalogueSequential: Summary;
  /** Median ms per table in the sequential runs. */
  perTable: Record<string, number>;
  baselineRollup: Summary;
  baselineHandWritten: Summary;
  /** baselineRollup / catalogue: how many times faster than the single-pass ROLLUP (target ≥ 5). */
  speedupVsRollup: number;
  /** catalogue / baselineHandWritten (target ≤ 1.5). */
  ratioVsHandWritten: number;
  /** Which from-raw baseline was faster in this run; the catalogue is reported against it. */
  fastestBaseline: 'rollup' | 'hand-written';
  /** The faster baseline's median / catalogue: how many times faster than the best from-raw computation. */
  speedupVsFastest: number;
  targets: { speedupVsRollup: number; ratioVsHandWritten: number; catalogueMs: number };
  met: { speedupVsRollup: boolean; ratioVsHandWritten: boolean; catalogueMs: boolean };
}

const quarters = (year: number) => [1, 2, 3, 4].map((q) => `${year}Q${q}`);

/** Single pass over the raw lines: every figure of the catalogue in three grouping-set queries. */
async function rollupBaseline(c: Client, year: number): Promise<number> {
  const q = quarters(year);
  let rows = 0;
  rows += (
    await c.query(
      `WITH chain AS (
         SELECT l3.code AS leaf, l2.code AS l2, l2.parent_code AS l1 FROM code_item l3
           JOIN code_item l2 ON l2.list = l3.list AND l2.code = l3.parent_code
          WHERE l3.list = 'outsourcing-categories' AND l3.level = 3)
       SELECT l.period_code, l.offshore, l.province_code, l.city_code, l.area_code, ch.l1, ch.l2, l.code,
              l.partner_code, l.nature_group, l.enterprise_id,
              count(*) FILTER (WHERE l.kind = 'C') AS contracts,
              sum(l.amount_usd) FILTER (WHERE l.kind = 'C') AS signed,
              sum(l.amount_usd) FILTER (WHERE l.kind = 'E') AS executed
         FROM bench_line l JOIN chain ch ON ch.leaf = l.code
        WHERE l.kind IN ('C', 'E') AND l.period_code = ANY($1)
        GROUP BY l.period_code, l.offshore,
                 GROUPING SETS (ROLLUP (l.province_code, l.city_code, l.area_code), ROLLUP (ch.l1, ch.l2, l.code),
                                (l.partner_code), (l.nature_group), (l.enterprise_id))`,
      [q],
    )
  ).rowCount!;
  rows += (
    await c.query(
      `SELECT l.period_code, l.province_code, l.city_code, l.area_code, l.code, l.partner_code,
              sum(l.amount_usd) FILTER (WHERE l.direction = 'X') AS export,
              sum(l.amount_usd) FILTER (WHERE l.direction = 'M') AS import
         FROM bench_line l WHERE l.kind = 'T' AND l.period_code = ANY($1)
        GROUP BY l.period_code, GROUPING SETS (ROLLUP (l.province_code, l.city_code, l.area_code), (l.code), (l.partner_code))`,
      [q],
    )
  ).rowCount!;
  rows += (
    await c.query(
      `SELECT l.province_code, l.city_code, l.area_code, l.code, sum(l.amount_usd) AS headcount
         FROM bench_line l WHERE l.kind = 'W' AND l.period_code = $1
        GROUP BY l.code, ROLLUP (l.province_code, l.city_code, l.area_code)`,
      [q[3]],
    )
  ).rowCount!;
  return rows;
}

/**
 * Hand-written, in its best form: one pass over the raw lines with GROUPING SETS of only the fine dimension sets the
 * tables need — (area, code), (partner), (nature), (enterprise) — into a small temporary result, then every roll-up
 * (regions, category levels) from that. (Grouping by all eight columns at once made a "fine" table nearly as large
 * as the raw data, slower than the single pass it should beat.)
 */
async function handWrittenBaseline(c: Client, year: number): Promise<number> {
  const q = quarters(year);
  let rows = 0;
  await c.query('BEGIN');
  try {
    await c.query(
      `CREATE TEMP TABLE fine_o ON COMMIT DROP AS
       SELECT l.period_code, l.offshore, l.province_code, l.city_code, l.area_code, l.code, l.partner_code,
              l.nature_group, l.enterprise_id,
              GROUPING (l.area_code, l.partner_code, l.nature_group, l.enterprise_id) AS g,
              count(*) FILTER (WHERE l.kind = 'C') AS contracts,
              sum(l.amount_usd) FILTER (WHERE l.kind = 'C') AS signed,
              sum(l.amount_usd) FILTER (WHERE l.kind = 'E') AS executed
         FROM bench_line l WHERE l.kind IN ('C', 'E') AND l.period_code = ANY($1)
        GROUP BY l.period_code, l.offshore,
                 GROUPING SETS ((l.province_code, l.city_code, l.area_code, l.code), (l.partner_code),
                                (l.nature_group), (l.enterprise_id))`,
      [q],
    );
    await c.query(
      `CREATE TEMP TABLE fine_t ON COMMIT DROP AS
       SELECT l.period_code, l.province_code, l.city_code, l.area_code, l.code, l.partner_code,
              GROUPING (l.area_code, l.partner_code) AS g,
              sum(l.amount_usd) FILTER (WHERE l.direction = 'X') AS export,
              sum(l.amount_usd) FILTER (WHERE l.direction = 'M') AS import
         FROM bench_line l WHERE l.kind = 'T' AND l.period_code = ANY($1)
        GROUP BY l.period_code, GROUPING SETS ((l.province_code, l.city_code, l.area_code, l.code), (l.partner_code))`,
      [q],
    );
    // g's bits, highest first: area, partner, nature, enterprise (1 = not grouped by it in that row's set);
    // fine_t's g: 1 for (area, code), 2 for (partner).
    const AREA_CODE = 0b0111;
    const PARTNER = 0b1011;
    const NATURE = 0b1101;
    const ENTERPRISE = 0b1110;
    const rollups = [
      `SELECT period_code, offshore, province_code, city_code, area_code, sum(contracts), sum(signed), sum(executed)
         FROM fine_o WHERE g = ${AREA_CODE} GROUP BY period_code, offshore, ROLLUP (province_code, city_code, area_code)`,
      `WITH chain AS (
         SELECT l3.code AS leaf, l2.code AS l2, l2.parent_code AS l1 FROM code_item l3
           JOIN code_item l2 ON l2.list = l3.list AND l2.code = l3.parent_code
          WHERE l3.list = 'outsourcing-categories' AND l3.level = 3)
       SELECT period_code, offshore, l1, l2, code, sum(contracts), sum(signed), sum(executed)
         FROM fine_o JOIN chain ON chain.leaf = fine_o.code
        WHERE g = ${AREA_CODE} GROUP BY period_code, offshore, ROLLUP (l1, l2, code)`,
      `SELECT period_code, offshore, partner_code, contracts, signed, executed FROM fine_o WHERE g = ${PARTNER}`,
      `SELECT period_code, offshore, nature_group, contracts, signed, executed FROM fine_o WHERE g = ${NATURE}`,
      `SELECT enterprise_id, sum(executed) FROM fine_o WHERE g = ${ENTERPRISE}
        GROUP BY 1 ORDER BY 2 DESC NULLS LAST LIMIT 100`,
      `SELECT period_code, sum(export), sum(import) FROM fine_t
        WHERE g = 1 GROUP BY period_code, ROLLUP (province_code, city_code, area_code)`,
      `SELECT period_code, code, sum(export), sum(import) FROM fine_t WHERE g = 1 GROUP BY 1, 2`,
      `SELECT period_code, partner_code, export, import FROM fine_t WHERE g = 2`,
    ];
    for (const sql of rollups) rows += (await c.query(sql)).rowCount!;
    // Workforce reads the raw lines of its own (narrow) slice: the year's last quarter.
    rows += (
      await c.query(
        `SELECT code, province_code, city_code, area_code, sum(amount_usd) FROM bench_line
          WHERE kind = 'W' AND period_code = $1 GROUP BY code, ROLLUP (province_code, city_code, area_code)`,
        [q[3]],
      )
    ).rowCount!;
  } finally {
    await c.query('COMMIT');
  }
  return rows;
}

/**
 * Both from-raw baselines run with the same session settings, chosen for them: enough work_mem that their sorts and
 * hashes stay in memory (PostgreSQL's default of 4 MB made both spill to disk).
 */
export const BASELINE_WORK_MEM = '256MB';

async function withBaselineSettings<T>(c: Client, run: () => Promise<T>): Promise<T> {
  await c.query(`SET work_mem = '${BASELINE_WORK_MEM}'`);
  try {
    return await run();
  } finally {
    await c.query('RESET work_mem');
  }
}

/**
 * Every table of the catalogue for the territory and year, one after another with one shared context (code lists,
 * pending returns, coverage counts and snapshot digests read once per catalogue request), timing each table.
 */
export async function computeCatalogue(
  ds: DataSource,
  territory: string,
  year: number,
  perTable?: Record<string, number[]>,
): Promise<number> {
  const svc = new OfficialTablesService(ds);
  const ctx = new TableContext();
  let rows = 0;
  for (const t of TABLES) {
    const started = performance.now();
    const req = await svc.request(SYSTEM, t.id, { period: String(year), territory }, ctx);
    const { view } = await svc.compute(req, ctx);
    rows += view.rows.length;
    if (perTable) (perTable[t.id] ??= []).push(performance.now() - started);
  }
  return rows;
}

/** The catalogue through `computeAll`: every table at once on the pool, sharing one context (the export's way). */
export async function computeCatalogueConcurrent(ds: DataSource, territory: string, year: number): Promise<number> {
  const svc = new OfficialTablesService(ds);
  const all = await svc.computeAll(
    SYSTEM,
    { period: String(year), territory },
    TABLES.map((t) => t.id),
    new TableContext(),
  );
  return all.reduce((n, t) => n + t.view.rows.length, 0);
}

export async function benchTables(
  ds: DataSource,
  c: Client,
  opts: { territory: string; year: number; runs: number },
): Promise<TablesResult> {
  const perTable: Record<string, number[]> = {};
  const rows = await computeCatalogue(ds, opts.territory, opts.year);
  const catalogueSequential = await repeat(opts.runs, () => computeCatalogue(ds, opts.territory, opts.year, perTable));
  const catalogue = await repeat(opts.runs, () => computeCatalogueConcurrent(ds, opts.territory, opts.year));
  const { baselineRollup, baselineHandWritten } = await withBaselineSettings(c, async () => ({
    baselineRollup: await repeat(opts.runs, () => rollupBaseline(c, opts.year)),
    baselineHandWritten: await repeat(opts.runs, () => handWrittenBaseline(c, opts.year)),
  }));
  const speedupVsRollup = round(baselineRollup.median / catalogue.median, 2);
  const ratioVsHandWritten = round(catalogue.median / baselineHandWritten.median, 2);
  const fastest = Math.min(baselineRollup.median, baselineHandWritten.median);
  const speedupVsFastest = round(fastest / catalogue.median, 2);
  const targets = { speedupVsRollup: 5, ratioVsHandWritten: 1.5, catalogueMs: 500 };
  return {
    territory: opts.territory,
    period: String(opts.year),
    tables: TABLES.length,
    rows,
    catalogue,
    catalogueSequential,
    perTable: Object.fromEntries(
      Object.entries(perTable).map(([id, ms]) => [id, round([...ms].sort((a, b) => a - b)[ms.length >> 1], 1)]),
    ),
    baselineRollup,
    baselineHandWritten,
    speedupVsRollup,
    ratioVsHandWritten,
    fastestBaseline: baselineRollup.median <= baselineHandWritten.median ? 'rollup' : 'hand-written',
    speedupVsFastest,
    targets,
    met: {
      speedupVsRollup: speedupVsRollup >= targets.speedupVsRollup,
      ratioVsHandWritten: ratioVsHandWritten <= targets.ratioVsHandWritten,
      catalogueMs: catalogue.median < targets.catalogueMs,
    },
  };
}
