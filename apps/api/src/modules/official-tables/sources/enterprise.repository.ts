import type { DataSource } from 'typeorm';
import type { TableContext } from '../table-context';
import { inTerritorySql, rollupScope, type Reach } from '../tables.repository';

/** A firm's return figures of a quarter (USD as text); firm null: every firm not read, summed. */
export interface EnterpriseRow {
  period_code: string;
  enterprise_id: string | null;
  name_zh: string | null;
  area_code: string | null;
  city_code: string | null;
  executed_usd: string;
  offshore_executed_usd: string;
  signed_usd: string;
}

/** fact_return columns of the firm-level measures a table may rank by. */
export const ENTERPRISE_COLUMNS: Record<string, string> = {
  executed: 'executed_usd',
  offshoreExecuted: 'offshore_executed_usd',
  signed: 'signed_usd',
};

export interface RankedQuery {
  /** Every quarter the table reads, and the quarters that rank. */
  quarters: string[];
  current: string[];
  territory: string;
  national: boolean;
  reach: Reach;
  cny: boolean;
  top: number;
  /** fact_return column to rank by. */
  column: string;
  /** The only firms that can make the top (threshold search), else every firm of the territory is ranked. */
  candidates: string[] | null;
}

export class EnterpriseRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The firms that make the top N (every firm within 1e-9 of the N-th exact sum, so rounding of the engine's float
   * sums can never rank a firm left out above one read; fewer than N with business: all) with their returns, and
   * one row per quarter without a firm for every other firm of the territory: from the region roll-up's totals
   * minus the firms read when the candidates come from the threshold search, else summed from their returns.
   */
  ranked(o: RankedQuery, ctx: TableContext): Promise<EnterpriseRow[]> {
    const params: unknown[] = [o.quarters, o.territory, o.current, o.cny, Math.max(1, o.top)];
    if (o.candidates) params.push(o.candidates);
    const totals = `SELECT period_code, SUM(executed_usd) AS executed_usd,
                           COALESCE(SUM(executed_usd) FILTER (WHERE offshore), 0) AS offshore_executed_usd,
                           SUM(signed_usd) AS signed_usd
                      FROM agg_outsourcing_region
                     WHERE period_code = ANY($1) AND ${rollupScope(o.reach, '$2', 'province')} AND dim = 'B'
                     GROUP BY period_code`;
    return ctx.query(
      this.ds,
      `WITH f AS (
         SELECT period_code, enterprise_id, name_zh, area_code, city_code, executed_usd, offshore_executed_usd,
                signed_usd
           FROM fact_return WHERE period_code = ANY($1) AND ${inTerritorySql('$2', o.national)}
                ${o.candidates ? 'AND enterprise_id = ANY($6::uuid[])' : ''}),
       ranked AS (
         SELECT f.enterprise_id, SUM(f.${o.column} * CASE WHEN $4 THEN COALESCE(p.cny_per_usd, 0) ELSE 1 END) AS v
           FROM f LEFT JOIN period p ON p.code = f.period_code
          WHERE f.period_code = ANY($3) GROUP BY f.enterprise_id),
       cut AS (SELECT v FROM ranked WHERE v > 0 ORDER BY v DESC OFFSET $5::int - 1 LIMIT 1),
       chosen AS (
         SELECT enterprise_id FROM ranked
          WHERE NOT EXISTS (SELECT 1 FROM cut) OR v >= (SELECT v FROM cut) * 0.999999999)
       SELECT f.period_code, f.enterprise_id, f.name_zh, f.area_code, f.city_code, f.executed_usd,
              f.offshore_executed_usd, f.signed_usd
         FROM f WHERE f.enterprise_id IN (SELECT enterprise_id FROM chosen)
       UNION ALL
       ${
         o.candidates
           ? `SELECT t.period_code, NULL, NULL, NULL, NULL, t.executed_usd - COALESCE(c.executed_usd, 0),
                     t.offshore_executed_usd - COALESCE(c.offshore_executed_usd, 0),
                     t.signed_usd - COALESCE(c.signed_usd, 0)
                FROM (${totals}) t
                LEFT JOIN (SELECT period_code, SUM(executed_usd) AS executed_usd,
                                  SUM(offshore_executed_usd) AS offshore_executed_usd, SUM(signed_usd) AS signed_usd
                             FROM f WHERE f.enterprise_id IN (SELECT enterprise_id FROM chosen)
                            GROUP BY period_code) c ON c.period_code = t.period_code`
           : `SELECT f.period_code, NULL, NULL, NULL, NULL, SUM(f.executed_usd), SUM(f.offshore_executed_usd),
                     SUM(f.signed_usd)
                FROM f WHERE f.enterprise_id NOT IN (SELECT enterprise_id FROM chosen)
               GROUP BY f.period_code`
       }`,
      params,
    );
  }

  /**
   * The k largest returns by execution of each quarter (index order), numbered: the head the threshold search
   * reads. Nationally or in one province.
   */
  heads(
    quarters: string[],
    territory: string,
    national: boolean,
    k: number,
    ctx: TableContext,
  ): Promise<{ period_code: string; enterprise_id: string; v: string; n: string }[]> {
    return ctx.read(
      this.ds,
      `SELECT q.code AS period_code, h.enterprise_id, h.executed_usd AS v, h.n
         FROM unnest($1::varchar[]) AS q(code)
         CROSS JOIN LATERAL (
           SELECT enterprise_id, executed_usd, row_number() OVER (ORDER BY executed_usd DESC) AS n
             FROM (SELECT enterprise_id, executed_usd FROM fact_return
                    WHERE period_code = q.code AND ${national ? '$2::varchar IS NOT NULL' : 'province_code = $2'}
                    ORDER BY executed_usd DESC LIMIT $3) x) h`,
      [quarters, territory, k],
    );
  }

  /** The N-th largest execution summed over the quarters among the firms (none: fewer than N with business). */
  async nthSum(
    firms: string[],
    quarters: string[],
    province: string | null,
    cny: boolean,
    n: number,
    ctx: TableContext,
  ) {
    const rows = await ctx.read<{ v: string }>(
      this.ds,
      `SELECT SUM(f.executed_usd * CASE WHEN $4 THEN COALESCE(p.cny_per_usd, 0) ELSE 1 END) AS v
         FROM fact_return f LEFT JOIN period p ON p.code = f.period_code
        WHERE f.enterprise_id = ANY($1::uuid[]) AND f.period_code = ANY($2)
          AND ($3::varchar IS NULL OR f.province_code = $3)
        GROUP BY f.enterprise_id
       HAVING SUM(f.executed_usd * CASE WHEN $4 THEN COALESCE(p.cny_per_usd, 0) ELSE 1 END) > 0
        ORDER BY 1 DESC OFFSET $5::int - 1 LIMIT 1`,
      [firms, quarters, province, cny, n],
    );
    return rows.length ? Number(rows[0].v) : null;
  }

  /** The firm's approved returns of the quarters in the territory. */
  async returnsOfFirm(
    enterpriseId: string,
    quarters: string[],
    territory: string,
    national: boolean,
    ctx: TableContext,
  ) {
    const rows = await ctx.read<{ return_id: string }>(
      this.ds,
      `SELECT return_id FROM fact_return
        WHERE enterprise_id = $1 AND period_code = ANY($2) AND ${inTerritorySql('$3', national)}`,
      [enterpriseId, quarters, territory],
    );
    return rows.map((x) => x.return_id);
  }
}
