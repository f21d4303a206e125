import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * agg_row_returns_region keeps province rows only: coverage by city reads agg_row_returns (a row key of a city
 * table is one '*' key, a few thousand area rows even nationally), and the city rows doubled the roll-up work of
 * every approval (a return feeds ~50 row keys).
 */
const upsert = (levels: string, source: string) => `
  INSERT INTO agg_row_returns_region AS a (period_code, level, region_code, row_key, province_code, city_code,
                                           fine_rows, returns)
  SELECT d.period_code, x.level, x.region_code, d.row_key, d.province_code, x.city_code, sum(d.k),
         sum(d.s * d.returns)
    FROM (${source}) d
   CROSS JOIN LATERAL (VALUES ${levels}) AS x(level, region_code, city_code)
   GROUP BY 1, 2, 3, 4, 5, 6
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (period_code, level, region_code, row_key) DO UPDATE
     SET fine_rows = a.fine_rows + EXCLUDED.fine_rows, returns = a.returns + EXCLUDED.returns`;

const syncFunction = (levels: string) => `
  CREATE OR REPLACE FUNCTION agg_row_returns_region_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      IF NOT EXISTS (SELECT FROM old_rows) THEN RETURN NULL; END IF;
    ELSIF NOT EXISTS (SELECT FROM new_rows) THEN
      RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
      ${upsert(levels, 'SELECT n.*, 1 AS s, 1 AS k FROM new_rows n')};
    ELSIF TG_OP = 'UPDATE' THEN
      ${upsert(levels, 'SELECT n.*, 1 AS s, 0 AS k FROM new_rows n UNION ALL SELECT o.*, -1 AS s, 0 AS k FROM old_rows o')};
    ELSE
      ${upsert(levels, 'SELECT o.*, -1 AS s, -1 AS k FROM old_rows o')};
      DELETE FROM agg_row_returns_region WHERE fine_rows = 0;
    END IF;
    RETURN NULL;
  END $fn$`;

const PROVINCE = `('P', d.province_code, '')`;
const PROVINCE_AND_CITY = `('P', d.province_code, ''), ('C', d.city_code, d.city_code)`;

export class RowReturnsRollupProvinces1795320630006 implements MigrationInterface {
  name = 'RowReturnsRollupProvinces1795320630006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(syncFunction(PROVINCE));
    await q.query(`DELETE FROM agg_row_returns_region WHERE level = 'C'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(syncFunction(PROVINCE_AND_CITY));
    await q.query(upsert(`('C', d.city_code, d.city_code)`, `SELECT g.*, 1 AS s, 1 AS k FROM agg_row_returns g`));
  }
}
