import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * City rows (level C, dim '*') in agg_outsourcing_region and agg_trade_region, kept by the same statement triggers
 * (RegionRollups): the city tables (so_city, st_city) of the nation or a province read one row per city, quarter
 * (and offshore flag) instead of every statistical area's row. One more roll-up row per statement of an approval.
 */

const OUTSOURCING_LEVELS = `('P', d.province_code, '', 'B', d.business_code), ('P', d.province_code, '', 'P', d.partner_code),
             ('P', d.province_code, '', 'N', d.nature_group), ('A', d.area_code, d.city_code, '*', '')`;
const TRADE_LEVELS = `('P', d.province_code, '', 'C', d.category_code), ('P', d.province_code, '', 'P', d.partner_code),
             ('A', d.area_code, d.city_code, '*', '')`;
const CITY = `('C', d.city_code, d.city_code, '*', '')`;

const ROLLUPS = {
  agg_outsourcing: {
    target: 'agg_outsourcing_region',
    levels: OUTSOURCING_LEVELS,
    upsert: (levels: string, source: string) => `
      INSERT INTO agg_outsourcing_region AS a (period_code, level, region_code, dim, dim_value, offshore, province_code,
                                               city_code, fine_rows, contracts, signed_usd, executed_usd)
      SELECT d.period_code, x.level, x.region_code, x.dim, x.dim_value, d.offshore, d.province_code, x.city_code,
             sum(d.k), sum(d.s * d.contracts), sum(d.s * d.signed_usd), sum(d.s * d.executed_usd)
        FROM (${source}) d
       CROSS JOIN LATERAL (VALUES ${levels}) AS x(level, region_code, city_code, dim, dim_value)
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
       ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (period_code, level, region_code, dim, dim_value, offshore) DO UPDATE
         SET fine_rows = a.fine_rows + EXCLUDED.fine_rows, contracts = a.contracts + EXCLUDED.contracts,
             signed_usd = a.signed_usd + EXCLUDED.signed_usd, executed_usd = a.executed_usd + EXCLUDED.executed_usd`,
  },
  agg_trade: {
    target: 'agg_trade_region',
    levels: TRADE_LEVELS,
    upsert: (levels: string, source: string) => `
      INSERT INTO agg_trade_region AS a (period_code, level, region_code, dim, dim_value, province_code, city_code,
                                         fine_rows, export_usd, import_usd)
      SELECT d.period_code, x.level, x.region_code, x.dim, x.dim_value, d.province_code, x.city_code,
             sum(d.k), sum(d.s * d.export_usd), sum(d.s * d.import_usd)
        FROM (${source}) d
       CROSS JOIN LATERAL (VALUES ${levels}) AS x(level, region_code, city_code, dim, dim_value)
       GROUP BY 1, 2, 3, 4, 5, 6, 7
       ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (period_code, level, region_code, dim, dim_value) DO UPDATE
         SET fine_rows = a.fine_rows + EXCLUDED.fine_rows, export_usd = a.export_usd + EXCLUDED.export_usd,
             import_usd = a.import_usd + EXCLUDED.import_usd`,
  },
};

const syncFunction = (target: string, upsert: (source: string) => string) => `
  CREATE OR REPLACE FUNCTION ${target}_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      IF NOT EXISTS (SELECT FROM old_rows) THEN RETURN NULL; END IF;
    ELSIF NOT EXISTS (SELECT FROM new_rows) THEN
      RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
      ${upsert('SELECT n.*, 1 AS s, 1 AS k FROM new_rows n')};
    ELSIF TG_OP = 'UPDATE' THEN
      ${upsert('SELECT n.*, 1 AS s, 0 AS k FROM new_rows n UNION ALL SELECT o.*, -1 AS s, 0 AS k FROM old_rows o')};
    ELSE
      ${upsert('SELECT o.*, -1 AS s, -1 AS k FROM old_rows o')};
      DELETE FROM ${target} WHERE fine_rows = 0;
    END IF;
    RETURN NULL;
  END $fn$`;

export class CityRollups1795329900000 implements MigrationInterface {
  name = 'CityRollups1795329900000';

  async up(q: QueryRunner): Promise<void> {
    for (const [source, r] of Object.entries(ROLLUPS)) {
      await q.query(syncFunction(r.target, (s) => r.upsert(`${r.levels}, ${CITY}`, s)));
      await q.query(r.upsert(CITY, `SELECT g.*, 1 AS s, 1 AS k FROM ${source} g`));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const r of Object.values(ROLLUPS)) {
      await q.query(syncFunction(r.target, (s) => r.upsert(r.levels, s)));
      await q.query(`DELETE FROM ${r.target} WHERE level = 'C'`);
    }
  }
}
