import { PARTITIONED_TABLES, PartitionByYear1796682000000 } from '../../../../migrations';
import { startTestStack, type TestStack } from '../utils/app';

/**
 * Partitioning by year (migration PartitionByYear, docs/scaling.md §3): the tables with a period are partitioned
 * by range of period_code with a partition per year and a default one; a new period's year gets its partitions in
 * the period's transaction; rows land in their year's partition; the migration goes down and up with its data.
 */
describe('partitioning of the fact and aggregate tables by year', () => {
  let s: TestStack;
  const tables = PARTITIONED_TABLES.map((t) => t.name);
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
    s.ds.query(text, params);

  /** Partitions of a table by name, with their bounds. */
  const partitions = async (table: string) =>
    Object.fromEntries(
      (
        await sql<{ name: string; bound: string }>(
          `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
             FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass($1)`,
          [`public.${table}`],
        )
      ).map((p) => [p.name, p.bound]),
    );

  /** Every row of the tables, in a stable order (`plain`: without the period_code the migration adds to facts). */
  const contents = async (plain = false) => {
    const out: Record<string, string[]> = {};
    for (const t of PARTITIONED_TABLES) {
      const rows = await sql(`SELECT * FROM ${t.name}`);
      if (plain && t.addsPeriod) for (const r of rows) delete r.period_code;
      out[t.name] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  };

  /** Rows whose partition is not the one of their year (`<table>_y<year>`). */
  const misplaced = async () => {
    const out: string[] = [];
    for (const t of tables) {
      const rows = await sql<{ part: string; period_code: string }>(
        `SELECT DISTINCT tableoid::regclass::text AS part, period_code FROM ${t}`,
      );
      for (const r of rows)
        if (r.part !== `${t}_y${r.period_code.slice(0, 4)}`) out.push(`${t} ${r.period_code} in ${r.part}`);
    }
    return out;
  };

  beforeAll(async () => {
    s = await startTestStack();
  });
  afterAll(() => s.close());

  it('partitions every table with a period by range of period_code, a partition per year and a default', async () => {
    const parted = await sql<{ name: string; strategy: string; key: string }>(
      `SELECT c.relname AS name, p.partstrat AS strategy, pg_get_partkeydef(c.oid) AS key
         FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1`,
    );
    expect(parted).toEqual([...tables].sort().map((name) => ({ name, strategy: 'r', key: 'RANGE (period_code)' })));
    for (const t of tables) {
      const parts = await partitions(t);
      expect(parts[`${t}_default`]).toBe('DEFAULT');
      expect(parts[`${t}_y2026`]).toBe("FOR VALUES FROM ('2026') TO ('2027')");
      // The demo calendar's years (2021…) got theirs when the seed created its periods.
      expect(parts[`${t}_y2021`]).toBe("FOR VALUES FROM ('2021') TO ('2022')");
    }
    // The aggregates keep their fill factor on every partition.
    const fills = await sql<{ name: string; opts: string[] | null }>(
      `SELECT c.relname AS name, c.reloptions AS opts FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'agg_outsourcing'::regclass`,
    );
    expect(fills.length).toBeGreaterThan(2);
    expect(fills.filter((f) => !f.opts?.includes('fillfactor=70'))).toEqual([]);
    // fact_contract's key (firm, contract number) spans periods: it stays a plain table.
    const [plain] = await sql<{ kind: string }>(
      `SELECT relkind::text AS kind FROM pg_class WHERE oid = 'fact_contract'::regclass`,
    );
    expect(plain.kind).toBe('r');
  });

  it('keeps the approved facts and the aggregates in their year partitions, none in the default ones', async () => {
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM fact_return`);
    expect(n).toBeGreaterThan(0);
    expect(await misplaced()).toEqual([]);
    // A national read of one quarter scans that year's partition only.
    const plan = (
      await sql<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT sum(export_usd) FROM agg_trade WHERE period_code = '2026Q3'`)
    )
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).toContain('agg_trade_y2026');
    expect(plan).not.toMatch(/agg_trade_(default|y2025)/);
  });

  it('adds the partitions of a new period’s year when the period is created, once', async () => {
    expect((await partitions('agg_trade'))['agg_trade_y2031']).toBeUndefined();
    const q1 = await s.call('POST', '/api/periods', { as: 'admin', body: { code: '2031Q1', cnyPerUsd: 7 } });
    expect(q1.status).toBe(201);
    for (const t of tables) expect((await partitions(t))[`${t}_y2031`]).toBe("FOR VALUES FROM ('2031') TO ('2032')");
    const q2 = await s.call('POST', '/api/periods', { as: 'admin', body: { code: '2031Q2', cnyPerUsd: 7 } });
    expect(q2.status).toBe(201);
    // A row of the new year lands in its partition, and the roll-up trigger of the parent still fires.
    await sql(
      `INSERT INTO agg_trade (period_code, area_code, category_code, partner_code, province_code, city_code,
                              export_usd, import_usd)
       VALUES ('2031Q1', '610102', '1', 'US', '610000', '610100', 10, 0)`,
    );
    const [row] = await sql<{ part: string }>(
      `SELECT tableoid::regclass::text AS part FROM agg_trade WHERE period_code = '2031Q1'`,
    );
    expect(row.part).toBe('agg_trade_y2031');
    const rollup = await sql<{ part: string; export_usd: string }>(
      `SELECT tableoid::regclass::text AS part, export_usd FROM agg_trade_region
        WHERE period_code = '2031Q1' AND level = 'P' AND dim = 'C'`,
    );
    expect(rollup).toEqual([{ part: 'agg_trade_region_y2031', export_usd: '10.00' }]);
  });

  it('moves rows that reached a default partition into their year’s partition when it is added', async () => {
    await sql(
      `INSERT INTO agg_trade (period_code, area_code, category_code, partner_code, province_code, city_code,
                              export_usd, import_usd)
       VALUES ('2040Q2', '610102', '1', 'US', '610000', '610100', 5, 1)`,
    );
    const before = await contents();
    const [d] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM agg_trade_region_default`);
    expect(d.n).toBeGreaterThan(0);
    await sql(`SELECT ensure_year_partitions(2040)`);
    await sql(`SELECT ensure_year_partitions(2040)`);
    expect(await misplaced()).toEqual([]);
    // The roll-ups were not touched by the move: the same rows, only in another partition.
    expect(await contents()).toEqual(before);
    await sql(`DELETE FROM agg_trade WHERE period_code = '2040Q2'`);
    expect(await sql(`SELECT * FROM agg_trade_region WHERE period_code = '2040Q2'`)).toEqual([]);
  });

  it('converts back to plain tables and to partitioned ones again with every row kept', async () => {
    const before = await contents();
    const beforePlain = await contents(true);
    const migration = new PartitionByYear1796682000000();
    const runner = s.ds.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      await runner.commitTransaction();
      const kinds = await sql<{ kind: string }>(
        `SELECT DISTINCT relkind::text AS kind FROM pg_class WHERE relname = ANY($1) AND relnamespace = 'public'::regnamespace`,
        [tables],
      );
      expect(kinds).toEqual([{ kind: 'r' }]);
      const [key] = await sql<{ def: string }>(
        `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'fact_return'::regclass AND contype = 'p'`,
      );
      expect(key.def).toBe('PRIMARY KEY (return_id)');
      const added = await sql(
        `SELECT attrelid::regclass FROM pg_attribute WHERE attname = 'period_code' AND NOT attisdropped
            AND attrelid IN ('fact_outsourcing'::regclass, 'fact_trade'::regclass, 'fact_row_key'::regclass)`,
      );
      expect(added).toEqual([]);
      expect(await contents()).toEqual(beforePlain);
      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await contents()).toEqual(before);
    expect(await misplaced()).toEqual([]);
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_partitioned_table`);
    expect(n).toBe(tables.length);
    // Triggers and the period hook are back: a new year's period gets its partitions.
    expect((await s.call('POST', '/api/periods', { as: 'admin', body: { code: '2033Q1', cnyPerUsd: 7 } })).status).toBe(
      201,
    );
    expect((await partitions('fact_return'))['fact_return_y2033']).toBeDefined();
  });
});
