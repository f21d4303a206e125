import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Declarative partitioning by year (issue 19, docs/scaling.md §3): the fact tables but fact_contract, the
 * aggregates and their region roll-ups and snapshot digests become
 * `PARTITION BY RANGE (period_code)` with one partition per year (`<table>_y2026` holds FROM ('2026') TO ('2027'):
 * every code of the year, '2026Q1'…'2026Q4', sorts there) and a `<table>_default` partition, so a row of any period
 * always has a home. The aggregates' keys already start with period_code; fact_return's and fact_technology's keys
 * gain it (a return or contract lies in one period, so no query changes).
 *
 * The return-keyed facts (fact_outsourcing, fact_execution_source, fact_trade, fact_workforce, fact_row_key) gain
 * a period_code column (their return's period, filled here from statistical_return; the facts writer writes it,
 * return-facts.ts) that ends their keys. fact_contract stays a plain table: its key (firm, contract number) spans
 * periods by design.
 *
 * Each table is rebuilt: a new partitioned table, its partitions (the years of the data and of `period`, the
 * current and the next year), the rows copied, the old table dropped, the names swapped, then the key, indexes and
 * statement triggers (the roll-ups' and snapshot digests', read from the catalogue before the drop) recreated with
 * their names. Storage options (fillfactor 70 of the aggregates) move to the partitions; a partitioned table has
 * none of its own. `ensure_year_partitions(year)` adds a year's partitions (idempotent); a trigger on `period`
 * calls it for every period created, in that transaction, so the default partitions hold no real data.
 */

interface PartitionedTable {
  name: string;
  /** A return-keyed fact that gets period_code (its return's) from this migration. */
  addsPeriod?: true;
  /** The primary key while partitioned (must hold period_code), and before. */
  key: { name: string; columns: string[] };
  plainKey: { name: string; columns: string[] };
}

const sameKey = (name: string, columns: string[]) => ({ key: { name, columns }, plainKey: { name, columns } });

export const PARTITIONED_TABLES: PartitionedTable[] = [
  {
    name: 'fact_return',
    key: { name: 'PK_8d313997c8cb076bc31e7e71167', columns: ['return_id', 'period_code'] },
    plainKey: { name: 'PK_1171a280281087cc49d659a0317', columns: ['return_id'] },
  },
  {
    name: 'fact_technology',
    key: { name: 'PK_60ce5b7f7259ddbe5364804472d', columns: ['contract_id', 'period_code'] },
    plainKey: { name: 'PK_81131bee471662a678b24d8cf4b', columns: ['contract_id'] },
  },
  ...(
    [
      ['fact_outsourcing', 'PK_6af5ea486d5a617d95fa912a4e9', 'PK_5774ed3564b2d2b0101a32a8f4d'],
      ['fact_execution_source', 'PK_fc66b6d23f650598293a1cc6561', 'PK_75cf36d60b9d808b4899b09e984'],
      ['fact_trade', 'PK_91a6d5a1b5740d9ead5977af49b', 'PK_2c245cde66575f06dddf41d7353'],
      ['fact_workforce', 'PK_ea9d376a677b709f50b08b45df0', 'PK_ac72e537375bba68fe304233052'],
      ['fact_row_key', 'PK_3e4b3ff42596f6aaea18691e2a1', 'PK_619e9f0c09e00f18b472e38028e'],
    ] as const
  ).map(([name, key, plainKey]): PartitionedTable => {
    const columns = {
      fact_outsourcing: ['return_id', 'business_code', 'offshore', 'partner_code'],
      fact_execution_source: ['return_id', 'contract_no'],
      fact_trade: ['return_id', 'category_code', 'partner_code'],
      fact_workforce: ['return_id'],
      fact_row_key: ['return_id', 'row_key'],
    }[name];
    return {
      name,
      addsPeriod: true,
      key: { name: key, columns: [...columns, 'period_code'] },
      plainKey: { name: plainKey, columns },
    };
  }),
  {
    name: 'agg_outsourcing',
    ...sameKey('PK_e889da8108cbe46e2dae5f094d2', [
      'period_code',
      'area_code',
      'business_code',
      'offshore',
      'partner_code',
      'nature_code',
    ]),
  },
  {
    name: 'agg_trade',
    ...sameKey('PK_efe1e46a6d90409158ba794ddeb', ['period_code', 'area_code', 'category_code', 'partner_code']),
  },
  { name: 'agg_workforce', ...sameKey('PK_64b7249d4b5fde8a254771b26a3', ['period_code', 'area_code', 'nature_code']) },
  { name: 'agg_row_returns', ...sameKey('PK_7595549d8583f5037b1bfdb239f', ['period_code', 'area_code', 'row_key']) },
  {
    name: 'agg_technology',
    ...sameKey('PK_8c6245fdd02768adfd1d6795f80', [
      'period_code',
      'area_code',
      'direction',
      'mode_code',
      'partner_code',
      'industry_code',
      'nature_group',
    ]),
  },
  {
    name: 'agg_outsourcing_region',
    ...sameKey('PK_21816456199f5fdc05aef7e8658', [
      'period_code',
      'level',
      'region_code',
      'dim',
      'dim_value',
      'offshore',
    ]),
  },
  {
    name: 'agg_trade_region',
    ...sameKey('PK_ccb7b025084b56f72912873bb92', ['period_code', 'level', 'region_code', 'dim', 'dim_value']),
  },
  {
    name: 'agg_row_returns_region',
    ...sameKey('PK_5375df0e6bb55ded1475e4eba98', ['period_code', 'level', 'region_code', 'row_key']),
  },
  { name: 'agg_snapshot', ...sameKey('PK_2d1ee18a5c0d5e25dc22538b8a0', ['period_code', 'level', 'region_code']) },
];

const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

/** Secondary indexes and user triggers of a table, as the statements that recreate them (names kept). */
async function dependents(q: QueryRunner, table: string, keyName: string): Promise<string[]> {
  const indexes: { def: string }[] = await q.query(
    `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = to_regclass($1) AND c.relname <> $2 ORDER BY c.relname`,
    [`public.${table}`, keyName],
  );
  const triggers: { def: string }[] = await q.query(
    `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger
      WHERE tgrelid = to_regclass($1) AND NOT tgisinternal AND tgparentid = 0 ORDER BY tgname`,
    [`public.${table}`],
  );
  // An index of a partitioned table reads "ON ONLY t"; recreated on the parent it must cascade to the partitions.
  return [...indexes.map((i) => i.def.replace(' ON ONLY ', ' ON ')), ...triggers.map((t) => t.def)];
}

/** The table's storage options (fillfactor), from the table or, partitioned, from its default partition. */
async function storageOptions(q: QueryRunner, relation: string): Promise<string> {
  const [row]: { opts: string[] | null }[] = await q.query(
    `SELECT reloptions AS opts FROM pg_class WHERE oid = to_regclass($1)`,
    [`public.${relation}`],
  );
  return row?.opts?.length ? ` WITH (${row.opts.join(', ')})` : '';
}

export class PartitionByYear1796682000000 implements MigrationInterface {
  name = 'PartitionByYear1796682000000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of PARTITIONED_TABLES.filter((x) => x.addsPeriod)) {
      await q.query(`ALTER TABLE "${t.name}" ADD "period_code" character varying(6)`);
      await q.query(
        `UPDATE "${t.name}" f SET period_code = r.period_code FROM statistical_return r WHERE r.id = f.return_id`,
      );
      await q.query(`ALTER TABLE "${t.name}" ALTER COLUMN "period_code" SET NOT NULL`);
    }
    // The years with data, the years of the periods, this year and the next.
    const [{ years }]: { years: number[] }[] = await q.query(
      `SELECT array_agg(DISTINCT y ORDER BY y) AS years FROM (
         ${PARTITIONED_TABLES.map(
           (t) => `SELECT left(period_code, 4)::int AS y FROM (SELECT DISTINCT period_code FROM ${t.name}) p
                    WHERE period_code ~ '^[0-9]{4}'`,
         ).join(' UNION ')}
         UNION SELECT year FROM period
         UNION SELECT extract(year FROM now())::int UNION SELECT extract(year FROM now())::int + 1) x`,
    );
    for (const t of PARTITIONED_TABLES) {
      const restore = await dependents(q, t.name, t.plainKey.name);
      const opts = await storageOptions(q, t.name);
      await q.query(
        `CREATE TABLE "${t.name}__partitioned" (LIKE "${t.name}" INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMMENTS)
           PARTITION BY RANGE ("period_code")`,
      );
      for (const y of years) {
        await q.query(
          `CREATE TABLE "${t.name}_y${y}" PARTITION OF "${t.name}__partitioned"
             FOR VALUES FROM ('${y}') TO ('${y + 1}')${opts}`,
        );
      }
      await q.query(`CREATE TABLE "${t.name}_default" PARTITION OF "${t.name}__partitioned" DEFAULT${opts}`);
      await q.query(`INSERT INTO "${t.name}__partitioned" SELECT * FROM "${t.name}"`);
      await q.query(`DROP TABLE "${t.name}"`);
      await q.query(`ALTER TABLE "${t.name}__partitioned" RENAME TO "${t.name}"`);
      await q.query(`ALTER TABLE "${t.name}" ADD CONSTRAINT "${t.key.name}" PRIMARY KEY (${quoted(t.key.columns)})`);
      for (const sql of restore) await q.query(sql);
    }
    await q.query(`
      CREATE FUNCTION ensure_year_partitions(p_year integer) RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        t text;
        part text;
        opts text;
        lo text := p_year::text;
        hi text := (p_year + 1)::text;
      BEGIN
        -- One creator at a time: two periods of a new year created together must not both create its partitions.
        PERFORM pg_advisory_xact_lock(hashtext('ensure_year_partitions'));
        FOREACH t IN ARRAY ARRAY[${PARTITIONED_TABLES.map((x) => `'${x.name}'`).join(', ')}] LOOP
          part := t || '_y' || p_year;
          CONTINUE WHEN to_regclass(format('public.%I', part)) IS NOT NULL;
          SELECT coalesce(' WITH (' || array_to_string(reloptions, ', ') || ')', '') INTO opts
            FROM pg_class WHERE oid = to_regclass(format('public.%I', t || '_default'));
          -- Rows of the year that reached the default partition move to the year's own (statement triggers of
          -- the parent do not fire for the partitions: the roll-ups and digests stay as they are).
          EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING STORAGE)%s', part, t, opts);
          EXECUTE format('WITH m AS (DELETE FROM %I WHERE period_code >= %L AND period_code < %L RETURNING *)
                          INSERT INTO %I SELECT * FROM m', t || '_default', lo, hi, part);
          EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', t, part, lo, hi);
        END LOOP;
      END $fn$`);
    await q.query(`
      CREATE FUNCTION period_year_partitions() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM ensure_year_partitions(NEW.year);
        RETURN NULL;
      END $fn$`);
    await q.query(
      `CREATE TRIGGER period_year_partitions AFTER INSERT ON period FOR EACH ROW EXECUTE FUNCTION period_year_partitions()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER period_year_partitions ON period`);
    await q.query(`DROP FUNCTION period_year_partitions()`);
    await q.query(`DROP FUNCTION ensure_year_partitions(integer)`);
    for (const t of PARTITIONED_TABLES) {
      const restore = await dependents(q, t.name, t.key.name);
      const opts = await storageOptions(q, `${t.name}_default`);
      await q.query(
        `CREATE TABLE "${t.name}__plain" (LIKE "${t.name}" INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMMENTS)${opts}`,
      );
      await q.query(`INSERT INTO "${t.name}__plain" SELECT * FROM "${t.name}"`);
      await q.query(`DROP TABLE "${t.name}"`);
      await q.query(`ALTER TABLE "${t.name}__plain" RENAME TO "${t.name}"`);
      await q.query(
        `ALTER TABLE "${t.name}" ADD CONSTRAINT "${t.plainKey.name}" PRIMARY KEY (${quoted(t.plainKey.columns)})`,
      );
      for (const sql of restore) await q.query(sql);
      if (t.addsPeriod) await q.query(`ALTER TABLE "${t.name}" DROP COLUMN "period_code"`);
    }
  }
}
