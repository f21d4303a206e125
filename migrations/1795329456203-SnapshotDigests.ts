import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * agg_snapshot (facts.entity.ts): approved returns by period × statistical area (level A) and × province (level P),
 * with the count and two 64-bit lanes of md5(return_id:revision) summed, kept by statement-level triggers on
 * fact_return with transition tables (as RegionRollups keeps the region roll-ups): every write to the facts — the
 * approval refresh, a rebuild, a bulk load — adds its inserted returns and subtracts its deleted ones. A row is
 * deleted when it counts no return, so the same approved returns always leave the same rows.
 *
 * agg_row_returns_region also gets city (C) and area (A) rows for the keys that end in ':*' (OA:*, OO:*, OD:*, T:*,
 * W:*: the only keys of the city and area tables), so their coverage is read from the roll-up: a return feeds at
 * most four such keys, a small part of the work the city rows of every key cost (RowReturnsRollupProvinces).
 */

/** Upsert of the snapshot rows for a change set `d` (fact_return's columns, s = ±1). */
const snapshotUpsert = (source: string) => `
  INSERT INTO agg_snapshot AS a (period_code, level, region_code, province_code, city_code, returns, digest_hi,
                                 digest_lo)
  SELECT d.period_code, x.level, x.region_code, d.province_code, x.city_code, sum(d.s),
         sum(d.s * ('x' || substr(d.h, 1, 16))::bit(64)::bigint::numeric),
         sum(d.s * ('x' || substr(d.h, 17, 16))::bit(64)::bigint::numeric)
    FROM (SELECT c.*, md5(c.return_id::text || ':' || c.revision::text) AS h FROM (${source}) c) d
   CROSS JOIN LATERAL (VALUES ('A', d.area_code, d.city_code), ('P', d.province_code, '')) AS x(level, region_code, city_code)
   GROUP BY 1, 2, 3, 4, 5
   ORDER BY 1, 2, 3
  ON CONFLICT (period_code, level, region_code) DO UPDATE
     SET returns = a.returns + EXCLUDED.returns, digest_hi = a.digest_hi + EXCLUDED.digest_hi,
         digest_lo = a.digest_lo + EXCLUDED.digest_lo`;

/** Every snapshot row from the facts (the migration's fill; facts.ts rebuildSnapshotDigests does the same). */
const SNAPSHOT_REBUILD = [`DELETE FROM agg_snapshot`, snapshotUpsert(`SELECT r.*, 1 AS s FROM fact_return r`)];

const rowReturnsUpsert = (levels: string, source: string) => `
  INSERT INTO agg_row_returns_region AS a (period_code, level, region_code, row_key, province_code, city_code,
                                           fine_rows, returns)
  SELECT d.period_code, x.level, x.region_code, d.row_key, d.province_code, x.city_code, sum(d.k),
         sum(d.s * d.returns)
    FROM (${source}) d
   CROSS JOIN LATERAL (VALUES ${levels}) AS x(level, region_code, city_code)
   WHERE x.level = 'P' OR d.row_key LIKE '%:*'
   GROUP BY 1, 2, 3, 4, 5, 6
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (period_code, level, region_code, row_key) DO UPDATE
     SET fine_rows = a.fine_rows + EXCLUDED.fine_rows, returns = a.returns + EXCLUDED.returns`;

const rowReturnsSync = (levels: string) => `
  CREATE OR REPLACE FUNCTION agg_row_returns_region_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      IF NOT EXISTS (SELECT FROM old_rows) THEN RETURN NULL; END IF;
    ELSIF NOT EXISTS (SELECT FROM new_rows) THEN
      RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
      ${rowReturnsUpsert(levels, 'SELECT n.*, 1 AS s, 1 AS k FROM new_rows n')};
    ELSIF TG_OP = 'UPDATE' THEN
      ${rowReturnsUpsert(levels, 'SELECT n.*, 1 AS s, 0 AS k FROM new_rows n UNION ALL SELECT o.*, -1 AS s, 0 AS k FROM old_rows o')};
    ELSE
      ${rowReturnsUpsert(levels, 'SELECT o.*, -1 AS s, -1 AS k FROM old_rows o')};
      DELETE FROM agg_row_returns_region WHERE fine_rows = 0;
    END IF;
    RETURN NULL;
  END $fn$`;

const PROVINCE = `('P', d.province_code, '')`;
const WITH_CITY_AND_AREA = `('P', d.province_code, ''), ('C', d.city_code, d.city_code), ('A', d.area_code, d.city_code)`;

export class SnapshotDigests1795329456203 implements MigrationInterface {
  name = 'SnapshotDigests1795329456203';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "agg_snapshot" ("period_code" character varying(6) NOT NULL, "level" character varying(1) NOT NULL, "region_code" character varying(20) NOT NULL, "province_code" character varying(20) NOT NULL, "city_code" character varying(20) NOT NULL, "returns" bigint NOT NULL, "digest_hi" numeric(40,0) NOT NULL, "digest_lo" numeric(40,0) NOT NULL, CONSTRAINT "PK_2d1ee18a5c0d5e25dc22538b8a0" PRIMARY KEY ("period_code", "level", "region_code"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_f7a23f056406c5c990b802999f" ON "agg_snapshot"  ("period_code", "level", "city_code") `,
    );
    await q.query(
      `CREATE INDEX "IDX_9141a4448d8966a87a4f9b346a" ON "agg_snapshot"  ("period_code", "level", "province_code") `,
    );
    await q.query(`
      CREATE FUNCTION agg_snapshot_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF NOT EXISTS (SELECT FROM old_rows) THEN RETURN NULL; END IF;
        ELSIF NOT EXISTS (SELECT FROM new_rows) THEN
          RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
          ${snapshotUpsert('SELECT n.*, 1 AS s FROM new_rows n')};
        ELSIF TG_OP = 'UPDATE' THEN
          ${snapshotUpsert('SELECT n.*, 1 AS s FROM new_rows n UNION ALL SELECT o.*, -1 AS s FROM old_rows o')};
          DELETE FROM agg_snapshot WHERE returns = 0;
        ELSE
          ${snapshotUpsert('SELECT o.*, -1 AS s FROM old_rows o')};
          DELETE FROM agg_snapshot WHERE returns = 0;
        END IF;
        RETURN NULL;
      END $fn$`);
    await q.query(`CREATE FUNCTION agg_snapshot_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN TRUNCATE agg_snapshot; RETURN NULL; END $fn$`);
    await q.query(`CREATE TRIGGER agg_snapshot_ins AFTER INSERT ON fact_return REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION agg_snapshot_sync()`);
    await q.query(`CREATE TRIGGER agg_snapshot_upd AFTER UPDATE ON fact_return
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION agg_snapshot_sync()`);
    await q.query(`CREATE TRIGGER agg_snapshot_del AFTER DELETE ON fact_return REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION agg_snapshot_sync()`);
    await q.query(`CREATE TRIGGER agg_snapshot_trunc AFTER TRUNCATE ON fact_return
      FOR EACH STATEMENT EXECUTE FUNCTION agg_snapshot_truncate()`);
    for (const sql of SNAPSHOT_REBUILD) await q.query(sql);

    await q.query(rowReturnsSync(WITH_CITY_AND_AREA));
    await q.query(
      rowReturnsUpsert(
        `('C', d.city_code, d.city_code), ('A', d.area_code, d.city_code)`,
        `SELECT g.*, 1 AS s, 1 AS k FROM agg_row_returns g WHERE g.row_key LIKE '%:*'`,
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(rowReturnsSync(PROVINCE));
    await q.query(`DELETE FROM agg_row_returns_region WHERE level <> 'P'`);
    for (const t of ['ins', 'upd', 'del', 'trunc']) await q.query(`DROP TRIGGER agg_snapshot_${t} ON fact_return`);
    await q.query(`DROP FUNCTION agg_snapshot_sync()`);
    await q.query(`DROP FUNCTION agg_snapshot_truncate()`);
    await q.query(`DROP INDEX "public"."IDX_9141a4448d8966a87a4f9b346a"`);
    await q.query(`DROP INDEX "public"."IDX_f7a23f056406c5c990b802999f"`);
    await q.query(`DROP TABLE "agg_snapshot"`);
  }
}
