import 'reflect-metadata';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadDataSet } from './generate';
import { createBenchDatabase, type BenchDatabase } from './lib/db';
import { DataSet, NATIONAL_ROOT } from './lib/model';
import type { AuthUser } from '../apps/api/src/core/auth/auth-user';
import { createDataSource } from '../apps/api/src/core/database/data-source';
import { queryOf } from '../apps/api/src/core/database/bulk-insert';
import { rebuildAllFacts, refreshFacts } from '../apps/api/src/modules/official-tables/facts';
import { rebuildSnapshotDigests } from '../apps/api/src/modules/official-tables/facts.repository';
import {
  OfficialTablesService,
  type TableQuery,
} from '../apps/api/src/modules/official-tables/official-tables.service';
import { TableContext } from '../apps/api/src/modules/official-tables/table-context';

/*
 * The maintained reads of the official tables on a small national data set (the bench generator's firms, loaded
 * in bulk as the historical import and the bench do): the snapshot digests (agg_snapshot) kept by the trigger on
 * fact_return through bulk loads, approvals, corrections, withdrawals and rebuilds; the top-N firms found from each
 * quarter's head; the city and area rows' figures and coverage from the roll-up rows. Expected values are computed
 * here from the facts, independently of the code under test.
 */

const SYSTEM: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'test',
  roles: [],
  scopeKind: 'SYSTEM',
  scopeCode: null,
  permissions: new Set(),
};

/** Two's-complement 64-bit value of 16 hex digits. */
const signed64 = (hex: string) => BigInt.asIntN(64, BigInt(`0x${hex}`));

describe('official tables from maintained aggregates', () => {
  let db: BenchDatabase;
  let ds: DataSource;
  let svc: OfficialTablesService;
  const q = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => ds.query(sql, params) as Promise<T[]>;

  /** agg_snapshot as it should be: every approved return's md5(id:revision) lanes summed by area and province. */
  const expectedDigests = async () => {
    const rows = await q<{
      return_id: string;
      revision: number;
      period_code: string;
      province_code: string;
      area_code: string;
    }>(`SELECT return_id, revision, period_code, province_code, area_code FROM fact_return`);
    const sums = new Map<string, { n: number; hi: bigint; lo: bigint }>();
    for (const r of rows) {
      const h = createHash('md5').update(`${r.return_id}:${r.revision}`).digest('hex');
      for (const key of [`${r.period_code}|A|${r.area_code}`, `${r.period_code}|P|${r.province_code}`]) {
        const s = sums.get(key) ?? { n: 0, hi: 0n, lo: 0n };
        s.n += 1;
        s.hi += signed64(h.slice(0, 16));
        s.lo += signed64(h.slice(16, 32));
        sums.set(key, s);
      }
    }
    return [...sums.entries()].map(([k, s]) => `${k}|${s.n}|${s.hi}|${s.lo}`).sort();
  };
  const storedDigests = async () =>
    (
      await q<{ line: string }>(
        `SELECT period_code || '|' || level || '|' || region_code || '|' || returns || '|' || digest_hi || '|' ||
                digest_lo AS line FROM agg_snapshot`,
      )
    )
      .map((r) => r.line)
      .sort();

  const view = async (id: string, query: TableQuery) => {
    const ctx = new TableContext();
    return (await svc.compute(await svc.request(SYSTEM, id, query, ctx), ctx)).view;
  };
  const national = { period: '2021', territory: NATIONAL_ROOT };

  beforeAll(async () => {
    db = await createBenchDatabase('official_tables_spec');
    await loadDataSet(new DataSet({ firms: 160, year: 2021, seed: 23, tag: '0' }), db.url);
    ds = createDataSource(db.url);
    await ds.initialize();
    svc = new OfficialTablesService(ds);
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps the snapshot digests of a bulk load, and rebuilds them to the same rows', async () => {
    const expected = await expectedDigests();
    expect(expected.length).toBeGreaterThan(100);
    expect(await storedDigests()).toEqual(expected);
    await ds.transaction((m) => rebuildSnapshotDigests(queryOf(m)));
    expect(await storedDigests()).toEqual(expected);
    // rebuildAllFacts (every return through the approval path) leaves them as they were.
    await ds.transaction((m) => rebuildAllFacts(m));
    expect(await storedDigests()).toEqual(expected);
  }, 120_000);

  it('moves the digests, the approved count and the snapshot hash with a withdrawal, a correction and a restore', async () => {
    const before = await view('so_t01', national);
    const [{ n }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM fact_return`);
    expect(before.coverage.approvedReturns).toBe(n);
    const [r] = await q<{ id: string }>(
      `SELECT r.id FROM statistical_return r JOIN fact_return f ON f.return_id = r.id
        WHERE f.executed_usd > 0 ORDER BY r.id LIMIT 1`,
    );

    // Withdrawn (no approved revision): one return fewer.
    await ds.transaction(async (m) => {
      await m.query(`UPDATE statistical_return SET approved_revision = NULL WHERE id = $1`, [r.id]);
      await refreshFacts(m, [r.id]);
    });
    expect(await storedDigests()).toEqual(await expectedDigests());
    const withdrawn = await view('so_t01', national);
    expect(withdrawn.coverage.approvedReturns).toBe(n - 1);
    expect(withdrawn.snapshotHash).not.toBe(before.snapshotHash);

    // Corrected: approved again at a new revision (same content): same count, another hash.
    await ds.transaction(async (m) => {
      await m.query(
        `INSERT INTO return_revision (return_id, revision, content, cny_per_usd, source, frozen)
         SELECT return_id, 2, content, cny_per_usd, source, true FROM return_revision WHERE return_id = $1 AND revision = 1`,
        [r.id],
      );
      await m.query(`UPDATE statistical_return SET approved_revision = 2, current_revision = 2 WHERE id = $1`, [r.id]);
      await refreshFacts(m, [r.id]);
    });
    expect(await storedDigests()).toEqual(await expectedDigests());
    const corrected = await view('so_t01', national);
    expect(corrected.coverage.approvedReturns).toBe(n);
    expect(corrected.snapshotHash).not.toBe(before.snapshotHash);
    expect(corrected.snapshotHash).not.toBe(withdrawn.snapshotHash);
    expect(corrected.rows.map((x) => x.cells)).toEqual(before.rows.map((x) => x.cells));

    // Back at revision 1: the same rows and hash as before.
    await ds.transaction(async (m) => {
      await m.query(`UPDATE statistical_return SET approved_revision = 1, current_revision = 1 WHERE id = $1`, [r.id]);
      await m.query(`DELETE FROM return_revision WHERE return_id = $1 AND revision = 2`, [r.id]);
      await refreshFacts(m, [r.id]);
    });
    expect(await storedDigests()).toEqual(await expectedDigests());
    expect((await view('so_t01', national)).snapshotHash).toBe(before.snapshotHash);
  }, 120_000);

  it('ranks the top firms of the nation and of a province as a full ranking of their returns does', async () => {
    const [{ province }] = await q<{ province: string }>(
      `SELECT province_code AS province FROM fact_return GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    for (const [territory, top] of [
      [NATIONAL_ROOT, 10],
      [NATIONAL_ROOT, 3],
      [province, 5],
    ] as const) {
      const ranking = await q<{ name_zh: string; v: string }>(
        `SELECT min(name_zh) AS name_zh, sum(executed_usd) AS v FROM fact_return
          WHERE period_code LIKE '2021%' AND ($1::varchar = '${NATIONAL_ROOT}' OR province_code = $1)
          GROUP BY enterprise_id HAVING sum(executed_usd) > 0 ORDER BY 2 DESC, enterprise_id LIMIT $2`,
        [territory, top],
      );
      expect(ranking).toHaveLength(top);
      const t = await view('so_top_enterprises', { period: '2021', territory, top });
      expect(t.rows.map((x) => x.label)).toEqual(ranking.map((x) => x.name_zh));
      const [all] = await q<{ v: string }>(
        `SELECT sum(executed_usd) AS v FROM fact_return
          WHERE period_code LIKE '2021%' AND ($1::varchar = '${NATIONAL_ROOT}' OR province_code = $1)`,
        [territory],
      );
      // The share column: the firm over every firm of the territory (printed to 0.1%).
      const share = (v: string) => Math.round((Number(v) / Number(all.v)) * 1000) / 1000;
      expect(t.rows.map((x) => x.cells[5].value)).toEqual(ranking.map((x) => share(x.v)));
    }
  }, 120_000);

  it('reads city and area figures and coverage that equal the returns of each city and area', async () => {
    const cities = await q<{ city_code: string; executed: string; n: number }>(
      `SELECT f.city_code, sum(f.executed_usd) AS executed,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM fact_row_key k WHERE k.return_id = f.return_id
                                               AND k.row_key = 'OA:*'))::int AS n
         FROM fact_return f WHERE f.period_code LIKE '2021%' GROUP BY 1`,
    );
    const t = await view('so_city', national);
    for (const c of cities) {
      const row = t.rows.find((x) => x.key === c.city_code)!;
      expect([c.city_code, row.cells[5].value]).toEqual([c.city_code, Math.round(Number(c.executed) / 1e3) / 10]);
      expect([c.city_code, row.coverage.approvedReturns]).toEqual([c.city_code, c.n]);
    }
    const areas = await q<{ area_code: string; n: number }>(
      `SELECT f.area_code, count(*)::int AS n FROM fact_return f JOIN fact_row_key k ON k.return_id = f.return_id
        WHERE f.period_code LIKE '2021%' AND k.row_key = 'OA:*' GROUP BY 1`,
    );
    const a = await view('so_area', national);
    for (const x of areas) {
      const row = a.rows.find((y) => y.key === x.area_code);
      if (row) expect([x.area_code, row.coverage.approvedReturns]).toEqual([x.area_code, x.n]);
    }
    expect(a.rows.length).toBeGreaterThan(20);
  }, 120_000);
});
