import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/core/auth/auth-user';
import { refreshTechnologyFacts } from '../../apps/api/src/modules/official-tables/facts';
import { TABLES } from '../../apps/api/src/modules/official-tables/catalogue';
import { OfficialTablesService } from '../../apps/api/src/modules/official-tables/official-tables.service';
import { TableContext } from '../../apps/api/src/modules/official-tables/table-context';
import type { DataSet } from '../lib/model';
import { repeat, round, summary, type Summary } from '../lib/stats';
import { loadTechnologyContracts, technologyContracts, type TechnologyLoad } from '../lib/technology';

/*
 * Technology contracts (issue 16): the generator's year of registered contracts (bench/lib/technology.ts), then
 * - the technology tables (附表2, 表12–17, the nature breakdown) from agg_technology, against a baseline that sums the
 *   registered contract versions directly (one GROUPING SETS pass, sums only);
 * - the whole catalogue with the technology tables filled (target < 500 ms);
 * - the refresh one registration runs (refreshTechnologyFacts of one contract), for the largest holder's contracts
 *   and ordinary ones (target < 50 ms).
 */

const SYSTEM: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'bench',
  roles: [],
  scopeKind: 'SYSTEM',
  scopeCode: null,
  permissions: new Set(),
};

export const TECHNOLOGY_TABLES = TABLES.filter((t) => /^(tt_|app_t2$)/.test(t.id)).map((t) => t.id);

export interface TechnologyResult {
  load: TechnologyLoad;
  /** Registered contracts and agg_technology rows in the database. */
  registered: number;
  aggregateRows: number;
  tables: string[];
  /** The technology tables through computeAll (one context), national root, the year. */
  technologyTables: Summary;
  perTable: Record<string, number>;
  /** Sums of the same dimensions straight from the registered versions (GROUPING SETS, one pass). */
  baselineFromContracts: Summary;
  /** baseline / technology tables. */
  speedup: number;
  /** Every table of the catalogue through computeAll, technology tables filled. */
  catalogue: Summary;
  /** refreshTechnologyFacts of one contract in its own transaction (what a registration adds). */
  registrationRefresh: Summary;
  targets: { catalogueMs: number; registrationRefreshMs: number };
  met: { catalogueMs: boolean; registrationRefreshMs: boolean };
}

async function computeTables(ds: DataSource, ids: string[], territory: string, year: number): Promise<number> {
  const svc = new OfficialTablesService(ds);
  const all = await svc.computeAll(SYSTEM, { period: String(year), territory }, ids, new TableContext());
  return all.reduce((n, t) => n + t.view.rows.length, 0);
}

/** Both years the two-year tables show, summed by mode, industry, economy and nature from the versions. */
async function fromContracts(c: Client, year: number): Promise<number> {
  const { rowCount } = await c.query(
    `SELECT v.period_code, c.direction, v.mode_code, p.industry_code_2002, v.partner_code, c.province_code,
            count(*), sum(v.contract_amount_usd), sum(v.tech_fee_usd), sum(v.equipment_fee_usd)
       FROM technology_contract c
       JOIN technology_contract_version v ON v.contract_id = c.id AND v.version = c.registered_version
       JOIN enterprise_profile p ON p.enterprise_id = c.enterprise_id
      WHERE c.status <> 'CANCELLED' AND v.period_code >= $1 AND v.period_code <= $2
      GROUP BY v.period_code, c.direction,
               GROUPING SETS ((v.mode_code), (p.industry_code_2002), (v.partner_code), (c.province_code), ())`,
    [`${year - 1}Q1`, `${year}Q4`],
  );
  return rowCount ?? 0;
}

export async function benchTechnology(
  ds: DataSource,
  c: Client,
  data: DataSet,
  opts: { territory: string; year: number; runs: number; contracts?: number },
): Promise<TechnologyResult> {
  const load = await loadTechnologyContracts(c, ds, data, technologyContracts(data, opts.contracts));
  const { rows: size } = await c.query(
    `SELECT (SELECT count(*) FROM technology_contract WHERE status = 'REGISTERED')::int AS registered,
            (SELECT count(*) FROM agg_technology)::int AS agg`,
  );
  const perTableMs: Record<string, number[]> = {};
  const svc = new OfficialTablesService(ds);
  await computeTables(ds, TECHNOLOGY_TABLES, opts.territory, opts.year);
  for (let i = 0; i < opts.runs; i++) {
    const ctx = new TableContext();
    for (const id of TECHNOLOGY_TABLES) {
      const t = performance.now();
      const req = await svc.request(SYSTEM, id, { period: String(opts.year), territory: opts.territory }, ctx);
      await svc.compute(req, ctx);
      (perTableMs[id] ??= []).push(performance.now() - t);
    }
  }
  const technologyTables = await repeat(opts.runs, () =>
    computeTables(ds, TECHNOLOGY_TABLES, opts.territory, opts.year),
  );
  const catalogue = await repeat(opts.runs, () =>
    computeTables(
      ds,
      TABLES.map((t) => t.id),
      opts.territory,
      opts.year,
    ),
  );
  await c.query(`SET work_mem = '256MB'`);
  const baselineFromContracts = await repeat(opts.runs, () => fromContracts(c, opts.year)).finally(() =>
    c.query('RESET work_mem'),
  );
  // The largest holder's two latest contracts and three ordinary ones.
  const { rows: picked } = await c.query(
    `(SELECT c.id FROM technology_contract c
        WHERE c.enterprise_id = (SELECT enterprise_id FROM technology_contract GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
        ORDER BY c.period_code DESC, c.id LIMIT 2)
     UNION ALL (SELECT id FROM technology_contract WHERE status = 'REGISTERED' ORDER BY id LIMIT 3)`,
  );
  const ids = (picked as { id: string }[]).map((r) => r.id);
  for (const id of ids) await ds.transaction((m) => refreshTechnologyFacts(m, [id]));
  const ms: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    for (const id of ids) {
      const t = performance.now();
      await ds.transaction((m) => refreshTechnologyFacts(m, [id]));
      ms.push(performance.now() - t);
    }
  }
  const registrationRefresh = summary(ms, 'ms');
  const targets = { catalogueMs: 500, registrationRefreshMs: 50 };
  return {
    load,
    registered: size[0].registered,
    aggregateRows: size[0].agg,
    tables: TECHNOLOGY_TABLES,
    technologyTables,
    perTable: Object.fromEntries(
      Object.entries(perTableMs).map(([id, xs]) => [id, round([...xs].sort((a, b) => a - b)[xs.length >> 1], 1)]),
    ),
    baselineFromContracts,
    speedup: round(baselineFromContracts.median / technologyTables.median, 2),
    catalogue,
    registrationRefresh,
    targets,
    met: {
      catalogueMs: catalogue.median < targets.catalogueMs,
      registrationRefreshMs: registrationRefresh.max < targets.registrationRefreshMs,
    },
  };
}
