import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Region roll-ups of agg_outsourcing, agg_trade and agg_row_returns (facts.entity.ts), kept by statement-level
 * triggers with transition tables: every write to an aggregate (the approval refresh's upserts and deletes, a
 * rebuild, a bulk load) adds its rows' change to the province (P) row of each dimension and the statistical-area
 * (A) row of dim '*' (row returns: the province and city rows). fine_rows counts the aggregate rows summed in; a
 * roll-up row is deleted when it reaches zero, so a read finds exactly the groups a GROUP BY over the aggregate
 * finds.
 */

/** Upsert of the roll-up rows for a change set `d` (the aggregate's columns, s = ±1 measure sign, k = ±1/0 rows). */
const ROLLUPS = {
  agg_outsourcing: {
    target: 'agg_outsourcing_region',
    upsert: (source: string) => `
      INSERT INTO agg_outsourcing_region AS a (period_code, level, region_code, dim, dim_value, offshore, province_code,
                                               city_code, fine_rows, contracts, signed_usd, executed_usd)
      SELECT d.period_code, x.level, x.region_code, x.dim, x.dim_value, d.offshore, d.province_code, x.city_code,
             sum(d.k), sum(d.s * d.contracts), sum(d.s * d.signed_usd), sum(d.s * d.executed_usd)
        FROM (${source}) d
       CROSS JOIN LATERAL (VALUES
             ('P', d.province_code, '', 'B', d.business_code), ('P', d.province_code, '', 'P', d.partner_code),
             ('P', d.province_code, '', 'N', d.nature_group), ('A', d.area_code, d.city_code, '*', ''))
             AS x(level, region_code, city_code, dim, dim_value)
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
       ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (period_code, level, region_code, dim, dim_value, offshore) DO UPDATE
         SET fine_rows = a.fine_rows + EXCLUDED.fine_rows, contracts = a.contracts + EXCLUDED.contracts,
             signed_usd = a.signed_usd + EXCLUDED.signed_usd, executed_usd = a.executed_usd + EXCLUDED.executed_usd`,
  },
  agg_trade: {
    target: 'agg_trade_region',
    upsert: (source: string) => `
      INSERT INTO agg_trade_region AS a (period_code, level, region_code, dim, dim_value, province_code, city_code,
                                         fine_rows, export_usd, import_usd)
      SELECT d.period_code, x.level, x.region_code, x.dim, x.dim_value, d.province_code, x.city_code,
             sum(d.k), sum(d.s * d.export_usd), sum(d.s * d.import_usd)
        FROM (${source}) d
       CROSS JOIN LATERAL (VALUES
             ('P', d.province_code, '', 'C', d.category_code), ('P', d.province_code, '', 'P', d.partner_code),
             ('A', d.area_code, d.city_code, '*', ''))
             AS x(level, region_code, city_code, dim, dim_value)
       GROUP BY 1, 2, 3, 4, 5, 6, 7
       ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (period_code, level, region_code, dim, dim_value) DO UPDATE
         SET fine_rows = a.fine_rows + EXCLUDED.fine_rows, export_usd = a.export_usd + EXCLUDED.export_usd,
             import_usd = a.import_usd + EXCLUDED.import_usd`,
  },
  agg_row_returns: {
    target: 'agg_row_returns_region',
    upsert: (source: string) => `
      INSERT INTO agg_row_returns_region AS a (period_code, level, region_code, row_key, province_code, city_code,
                                               fine_rows, returns)
      SELECT d.period_code, x.level, x.region_code, d.row_key, d.province_code, x.city_code, sum(d.k),
             sum(d.s * d.returns)
        FROM (${source}) d
       CROSS JOIN LATERAL (VALUES ('P', d.province_code, ''), ('C', d.city_code, d.city_code))
             AS x(level, region_code, city_code)
       GROUP BY 1, 2, 3, 4, 5, 6
       ORDER BY 1, 2, 3, 4
      ON CONFLICT (period_code, level, region_code, row_key) DO UPDATE
         SET fine_rows = a.fine_rows + EXCLUDED.fine_rows, returns = a.returns + EXCLUDED.returns`,
  },
};

export class RegionRollups1795318772885 implements MigrationInterface {
  name = 'RegionRollups1795318772885';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "agg_outsourcing_region" ("period_code" character varying(6) NOT NULL, "level" character varying(1) NOT NULL, "region_code" character varying(20) NOT NULL, "dim" character varying(1) NOT NULL, "dim_value" character varying(20) NOT NULL, "offshore" boolean NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "fine_rows" integer NOT NULL, "contracts" bigint NOT NULL, "signed_usd" numeric(20,2) NOT NULL, "executed_usd" numeric(20,2) NOT NULL, CONSTRAINT "PK_21816456199f5fdc05aef7e8658" PRIMARY KEY ("period_code", "level", "region_code", "dim", "dim_value", "offshore"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_ee2c4958551cb410f99cde7e37" ON "agg_outsourcing_region"  ("period_code", "dim", "level", "province_code") `,
    );
    await q.query(
      `CREATE TABLE "agg_trade_region" ("period_code" character varying(6) NOT NULL, "level" character varying(1) NOT NULL, "region_code" character varying(20) NOT NULL, "dim" character varying(1) NOT NULL, "dim_value" character varying(20) NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "fine_rows" integer NOT NULL, "export_usd" numeric(20,2) NOT NULL, "import_usd" numeric(20,2) NOT NULL, CONSTRAINT "PK_ccb7b025084b56f72912873bb92" PRIMARY KEY ("period_code", "level", "region_code", "dim", "dim_value"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_5089b26a8e9d3a84408c60eded" ON "agg_trade_region"  ("period_code", "dim", "level", "province_code") `,
    );
    await q.query(
      `CREATE TABLE "agg_row_returns_region" ("period_code" character varying(6) NOT NULL, "level" character varying(1) NOT NULL, "region_code" character varying(20) NOT NULL, "row_key" character varying(40) NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "fine_rows" integer NOT NULL, "returns" bigint NOT NULL, CONSTRAINT "PK_5375df0e6bb55ded1475e4eba98" PRIMARY KEY ("period_code", "level", "region_code", "row_key"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_183bc95665e6f300b82163ec09" ON "agg_row_returns_region"  ("period_code", "row_key", "level", "province_code") `,
    );
    await q.query(
      `CREATE INDEX "IDX_0192c85aa4fed54d19127dea99" ON "agg_outsourcing_region"  ("period_code") WHERE "fine_rows" = 0`,
    );
    await q.query(
      `CREATE INDEX "IDX_3bee87a6052781c839e3a69458" ON "agg_trade_region"  ("period_code") WHERE "fine_rows" = 0`,
    );
    await q.query(
      `CREATE INDEX "IDX_d427b6bfd7d77942aa9ff1658f" ON "agg_row_returns_region"  ("period_code") WHERE "fine_rows" = 0`,
    );
    for (const [source, r] of Object.entries(ROLLUPS)) {
      await q.query(`
        CREATE FUNCTION ${r.target}_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          -- Statement triggers fire for statements that changed nothing too (an upsert that only updated, a
          -- DELETE of no rows): nothing to do then.
          IF TG_OP = 'DELETE' THEN
            IF NOT EXISTS (SELECT FROM old_rows) THEN RETURN NULL; END IF;
          ELSIF NOT EXISTS (SELECT FROM new_rows) THEN
            RETURN NULL;
          END IF;
          IF TG_OP = 'INSERT' THEN
            ${r.upsert('SELECT n.*, 1 AS s, 1 AS k FROM new_rows n')};
          ELSIF TG_OP = 'UPDATE' THEN
            ${r.upsert('SELECT n.*, 1 AS s, 0 AS k FROM new_rows n UNION ALL SELECT o.*, -1 AS s, 0 AS k FROM old_rows o')};
          ELSE
            ${r.upsert('SELECT o.*, -1 AS s, -1 AS k FROM old_rows o')};
            -- Rows that fell to no aggregate row (a partial index holds just those).
            DELETE FROM ${r.target} WHERE fine_rows = 0;
          END IF;
          RETURN NULL;
        END $fn$`);
      await q.query(`CREATE FUNCTION ${r.target}_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN TRUNCATE ${r.target}; RETURN NULL; END $fn$`);
      await q.query(`CREATE TRIGGER ${r.target}_ins AFTER INSERT ON ${source} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ${r.target}_sync()`);
      await q.query(`CREATE TRIGGER ${r.target}_upd AFTER UPDATE ON ${source}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${r.target}_sync()`);
      await q.query(`CREATE TRIGGER ${r.target}_del AFTER DELETE ON ${source} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ${r.target}_sync()`);
      await q.query(`CREATE TRIGGER ${r.target}_trunc AFTER TRUNCATE ON ${source}
        FOR EACH STATEMENT EXECUTE FUNCTION ${r.target}_truncate()`);
      // Existing aggregates rolled up once.
      await q.query(r.upsert(`SELECT g.*, 1 AS s, 1 AS k FROM ${source} g`));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [source, r] of Object.entries(ROLLUPS)) {
      for (const t of ['ins', 'upd', 'del', 'trunc']) await q.query(`DROP TRIGGER ${r.target}_${t} ON ${source}`);
      await q.query(`DROP FUNCTION ${r.target}_sync()`);
      await q.query(`DROP FUNCTION ${r.target}_truncate()`);
    }
    await q.query(`DROP INDEX "public"."IDX_d427b6bfd7d77942aa9ff1658f"`);
    await q.query(`DROP INDEX "public"."IDX_3bee87a6052781c839e3a69458"`);
    await q.query(`DROP INDEX "public"."IDX_0192c85aa4fed54d19127dea99"`);
    await q.query(`DROP INDEX "public"."IDX_183bc95665e6f300b82163ec09"`);
    await q.query(`DROP TABLE "agg_row_returns_region"`);
    await q.query(`DROP INDEX "public"."IDX_5089b26a8e9d3a84408c60eded"`);
    await q.query(`DROP TABLE "agg_trade_region"`);
    await q.query(`DROP INDEX "public"."IDX_ee2c4958551cb410f99cde7e37"`);
    await q.query(`DROP TABLE "agg_outsourcing_region"`);
  }
}
