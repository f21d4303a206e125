import type { DataSource } from 'typeorm';
import type { TableContext } from '../table-context';
import { inTerritorySql } from '../tables.repository';

/** Registered technology contracts of a quarter and the dimensions asked for (USD sums as text). */
export interface TechnologyRow {
  period_code: string;
  direction: 'EXPORT' | 'IMPORT';
  mode_code?: string;
  industry_code?: string;
  nature_group?: string;
  partner_code?: string;
  city_code?: string;
  area_code?: string;
  n: string;
  amount: string;
  tech_fee: string;
  equipment_fee: string;
}

/** The columns of agg_technology a table's rows group by. */
export type TechnologyDim = 'mode_code' | 'industry_code' | 'nature_group' | 'partner_code' | 'city_code' | 'area_code';

export interface TechnologyQuery {
  quarters: string[];
  territory: string;
  national: boolean;
  direction: 'EXPORT' | 'IMPORT' | null;
  dims: TechnologyDim[];
}

/** A contract waiting for registration (or for its change to be registered), with its firm's place today. */
export interface PendingContractRow {
  id: string;
  enterprise_id: string;
  region_code: string;
  zone_code: string | null;
}

/** Statuses of a contract whose application (or change) the city has not decided yet. */
const WAITING = ['VALIDATING', 'SUBMITTED', 'SENT_BACK', 'CHANGE_REQUESTED'];

export class TechnologyRepository {
  constructor(private readonly ds: DataSource) {}

  /** Contracts and sums per quarter × direction × the dimensions, from agg_technology (never the contracts). */
  records(o: TechnologyQuery, ctx: TableContext): Promise<TechnologyRow[]> {
    const dims = ['period_code', 'direction', ...o.dims].join(', ');
    const params: unknown[] = [o.quarters, o.territory];
    if (o.direction) params.push(o.direction);
    return ctx.query(
      this.ds,
      `SELECT ${dims}, SUM(contracts) AS n, SUM(amount_usd) AS amount, SUM(tech_fee_usd) AS tech_fee,
              SUM(equipment_fee_usd) AS equipment_fee
         FROM agg_technology
        WHERE period_code = ANY($1) AND ${inTerritorySql('$2', o.national)}${o.direction ? ' AND direction = $3' : ''}
        GROUP BY ${dims}`,
      params,
    );
  }

  /** Contracts of the quarters (and direction) waiting for the city, with their firm's district and zone. */
  pending(quarters: string[], direction: 'EXPORT' | 'IMPORT' | null, ctx: TableContext): Promise<PendingContractRow[]> {
    return ctx.read(
      this.ds,
      `SELECT c.id, c.enterprise_id, e.region_code, e.zone_code
         FROM technology_contract c JOIN enterprise e ON e.id = c.enterprise_id
        WHERE c.period_code = ANY($1) AND c.status = ANY($2) AND ($3::varchar IS NULL OR c.direction = $3)`,
      [quarters, WAITING, direction],
    );
  }
}
