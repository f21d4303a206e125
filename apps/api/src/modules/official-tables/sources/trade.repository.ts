import type { DataSource } from 'typeorm';
import type { TableContext } from '../table-context';
import { inTerritorySql, rollupScope, type Reach } from '../tables.repository';

/** Services exports and imports (USD, as text) of a quarter and the dimension asked for. */
export interface TradeRow {
  period_code: string;
  category_code?: string;
  partner_code?: string;
  city_code?: string;
  area_code?: string;
  exp: string;
  imp: string;
}

/** The dimension of agg_trade a table's rows group by, and its letter in agg_trade_region. */
export type TradeDim = 'category_code' | 'partner_code';
const ROLLUP_DIM: Record<TradeDim, string> = { category_code: 'C', partner_code: 'P' };

export interface TradeQuery {
  quarters: string[];
  territory: string;
  national: boolean;
  reach: Reach;
  dim: TradeDim | null;
  per: 'city' | 'area' | null;
}

export class TradeRepository {
  constructor(private readonly ds: DataSource) {}

  /** Exports and imports per quarter × the dimension (or per region), from the region roll-up where it holds them. */
  records(o: TradeQuery, ctx: TableContext): Promise<TradeRow[]> {
    const params = [o.quarters, o.territory];
    const cityScope = o.per === 'city' ? rollupScope(o.reach, '$2', 'city') : null;
    const scope = cityScope ?? rollupScope(o.reach, '$2', o.per ? 'area' : 'province');
    const rolled = scope !== null && (o.per !== null || o.dim !== null);
    if (rolled && o.per) {
      const regionCols = cityScope ? 'region_code AS city_code' : 'city_code, region_code AS area_code';
      return ctx.query(
        this.ds,
        `SELECT period_code, ${regionCols}, export_usd AS exp, import_usd AS imp
           FROM agg_trade_region WHERE period_code = ANY($1) AND ${scope} AND dim = '*'`,
        params,
      );
    }
    if (rolled && o.dim)
      return ctx.query(
        this.ds,
        `SELECT period_code, dim_value AS ${o.dim}, SUM(export_usd) AS exp, SUM(import_usd) AS imp
           FROM agg_trade_region WHERE period_code = ANY($1) AND ${scope} AND dim = '${ROLLUP_DIM[o.dim]}'
          GROUP BY period_code, dim_value`,
        params,
      );
    const dims = ['period_code', ...(o.dim ? [o.dim] : []), ...(o.per ? ['city_code', 'area_code'] : [])].join(', ');
    return ctx.query(
      this.ds,
      `SELECT ${dims}, SUM(export_usd) AS exp, SUM(import_usd) AS imp
         FROM agg_trade WHERE period_code = ANY($1) AND ${inTerritorySql('$2', o.national)}
        GROUP BY ${dims}`,
      params,
    );
  }
}
