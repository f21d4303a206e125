import type { DataSource } from 'typeorm';
import type { TableContext } from '../table-context';
import { inTerritorySql, rollupScope, type Reach } from '../tables.repository';

/** One group of outsourcing business: a quarter, the offshore flag, the dimension asked for. Sums as text. */
export interface OutsourcingRow {
  period_code: string;
  offshore: boolean;
  business_code?: string;
  nature_group?: string;
  partner_code?: string;
  city_code?: string;
  area_code?: string;
  contracts: string;
  signed: string;
  executed: string;
}

/** The dimension of agg_outsourcing a table's rows group by, and its letter in agg_outsourcing_region. */
export type OutsourcingDim = 'business_code' | 'nature_group' | 'partner_code';
const ROLLUP_DIM: Record<OutsourcingDim, string> = { business_code: 'B', nature_group: 'N', partner_code: 'P' };

export interface OutsourcingQuery {
  quarters: string[];
  territory: string;
  national: boolean;
  reach: Reach;
  /** Offshore or onshore contracts only; all when undefined. */
  offshore?: boolean;
  dim: OutsourcingDim | null;
  /** Per city or per statistical area (region rows). */
  per: 'city' | 'area' | null;
}

export class OutsourcingRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Contracts, signed and executed USD per quarter × offshore × the dimension (or per region). The region
   * roll-up holds a province's (the nation's) sums by one dimension and every city's and area's totals: the same
   * groups and exact sums as the GROUP BY over the aggregates, from a fraction of the rows; a city's or an
   * area's sums by a dimension come from the aggregates.
   */
  records(o: OutsourcingQuery, ctx: TableContext): Promise<OutsourcingRow[]> {
    const params: unknown[] = [o.quarters, o.territory];
    let filter = '';
    if (o.offshore !== undefined) {
      params.push(o.offshore);
      filter = ` AND offshore = $3`;
    }
    const cityScope = o.per === 'city' ? rollupScope(o.reach, '$2', 'city') : null;
    const scope = cityScope ?? rollupScope(o.reach, '$2', o.per ? 'area' : 'province');
    const rolled = scope !== null && (o.per !== null || o.dim !== null);
    if (rolled && o.per) {
      // One roll-up row per quarter, region and offshore flag already: no grouping.
      const regionCols = cityScope ? 'region_code AS city_code' : 'city_code, region_code AS area_code';
      return ctx.query(
        this.ds,
        `SELECT period_code, offshore, ${regionCols}, contracts, signed_usd AS signed, executed_usd AS executed
           FROM agg_outsourcing_region
          WHERE period_code = ANY($1) AND ${scope} AND dim = '*'${filter}`,
        params,
      );
    }
    if (rolled && o.dim)
      return ctx.query(
        this.ds,
        `SELECT period_code, offshore, dim_value AS ${o.dim},
                SUM(contracts)::bigint AS contracts, SUM(signed_usd) AS signed, SUM(executed_usd) AS executed
           FROM agg_outsourcing_region
          WHERE period_code = ANY($1) AND ${scope} AND dim = '${ROLLUP_DIM[o.dim]}'${filter}
          GROUP BY period_code, offshore, dim_value`,
        params,
      );
    const dims = ['offshore', ...(o.dim ? [o.dim] : []), ...(o.per ? ['city_code', 'area_code'] : [])].join(', ');
    return ctx.query(
      this.ds,
      `SELECT period_code, ${dims}, SUM(contracts)::bigint AS contracts, SUM(signed_usd) AS signed,
              SUM(executed_usd) AS executed
         FROM agg_outsourcing WHERE period_code = ANY($1) AND ${inTerritorySql('$2', o.national)}${filter}
        GROUP BY period_code, ${dims}`,
      params,
    );
  }
}
