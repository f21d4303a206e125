import type { DataSource } from 'typeorm';
import type { ContractDrillDownRow } from '@portal/shared';
import type { AuthUser } from '../../../core/auth/auth-user';
import { whereInTerritory } from '../../../core/auth/scope';
import { TechnologyContractEntity } from '../../technology-contracts/technology-contract.entity';
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

/**
 * A contract waiting for registration (or for its change to be registered): its firm's place, GB/T 4754-2002
 * industry ('' where unknown) and nature group today, and the direction, quarter, mode and economy of its current
 * version (empty while a draft leaves them out).
 */
export interface PendingContractRow {
  id: string;
  enterprise_id: string;
  region_code: string;
  zone_code: string | null;
  direction: 'EXPORT' | 'IMPORT';
  period_code: string;
  mode_code: string | null;
  partner_code: string | null;
  industry_code: string;
  nature_group: string | null;
}

/** A registered contract counted in the tables (fact_technology): the dimensions a row matches on. */
export interface CountedContractRow {
  contract_id: string;
  period_code: string;
  direction: 'EXPORT' | 'IMPORT';
  mode_code: string;
  industry_code: string;
  nature_group: string;
  partner_code: string;
  city_code: string;
  area_code: string;
  amount_usd: string;
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
      `SELECT c.id, c.enterprise_id, e.region_code, e.zone_code, c.direction, c.period_code, v.mode_code,
              v.partner_code, COALESCE(p.industry_code_2002, '') AS industry_code,
              COALESCE(n.parent_code, p.nature_code) AS nature_group
         FROM technology_contract c
         JOIN enterprise e ON e.id = c.enterprise_id
         JOIN technology_contract_version v ON v.contract_id = c.id AND v.version = c.current_version
         LEFT JOIN LATERAL (SELECT industry_code_2002, nature_code FROM enterprise_profile
                             WHERE enterprise_id = c.enterprise_id ORDER BY valid_from DESC LIMIT 1) p ON true
         LEFT JOIN LATERAL (SELECT parent_code FROM code_item
                             WHERE list = 'enterprise-natures' AND code = p.nature_code
                             ORDER BY valid_from DESC LIMIT 1) n ON true
        WHERE c.period_code = ANY($1) AND c.status = ANY($2) AND ($3::varchar IS NULL OR c.direction = $3)`,
      [quarters, WAITING, direction],
    );
  }

  /** The registered contracts the tables count in the quarters and territory (and direction), one row each. */
  counted(
    quarters: string[],
    territory: string,
    national: boolean,
    direction: 'EXPORT' | 'IMPORT' | null,
    ctx: TableContext,
  ): Promise<CountedContractRow[]> {
    return ctx.read(
      this.ds,
      `SELECT contract_id, period_code, direction, mode_code, industry_code, nature_group, partner_code, city_code,
              area_code, amount_usd
         FROM fact_technology
        WHERE period_code = ANY($1) AND ${inTerritorySql('$2', national)}
          AND ($3::varchar IS NULL OR direction = $3)`,
      [quarters, territory, direction],
    );
  }

  /**
   * The contracts with their firm, status and registration number, those of the caller's territory only
   * (drill-down), by quarter, firm and contract number; the amount is that of the current version.
   */
  drillDownContracts(user: AuthUser, ids: string[]): Promise<Omit<ContractDrillDownRow, 'contributes'>[]> {
    const qb = this.ds
      .getRepository(TechnologyContractEntity)
      .createQueryBuilder('c')
      .innerJoin('enterprise', 'e', 'e.id = c.enterprise_id')
      .innerJoin('technology_contract_version', 'v', 'v.contract_id = c.id AND v.version = c.current_version')
      .select([
        'c.id AS "contractId"',
        'c.enterprise_id AS "enterpriseId"',
        'e.name_zh AS "enterpriseName"',
        'e.uscc AS "uscc"',
        'c.contract_no AS "contractNo"',
        'c.direction AS "direction"',
        'c.period_code AS "periodCode"',
        'c.status AS "status"',
        'c.registration_no AS "registrationNo"',
        'v.contract_amount_usd::float8 AS "contractAmountUsd"',
      ])
      .where('c.id IN (:...ids)', { ids })
      .orderBy('c.period_code')
      .addOrderBy('e.name_zh')
      .addOrderBy('c.contract_no');
    return whereInTerritory(qb, user, {
      enterpriseId: 'c.enterprise_id',
      reviewUnitCode: 'c.review_unit_code',
      provinceCode: 'c.province_code',
    }).getRawMany();
  }
}
