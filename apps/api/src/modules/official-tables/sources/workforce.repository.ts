import type { DataSource } from 'typeorm';
import type { TableContext } from '../table-context';
import { inTerritorySql } from '../tables.repository';

/** Quarter-end headcount by education (persons, as text), per quarter (and region). */
export interface WorkforceRow {
  period_code: string;
  city_code?: string;
  area_code?: string;
  jc: string;
  ba: string;
  ma: string;
  phd: string;
  oth: string;
}

export class WorkforceRepository {
  constructor(private readonly ds: DataSource) {}

  /** Headcount per quarter (and per city and area when `byRegion`), from agg_workforce. */
  headcount(quarters: string[], territory: string, national: boolean, byRegion: boolean, ctx: TableContext) {
    const dims = ['period_code', ...(byRegion ? ['city_code', 'area_code'] : [])].join(', ');
    return ctx.query<WorkforceRow>(
      this.ds,
      `SELECT ${dims}, SUM(junior_college) AS jc, SUM(bachelor) AS ba, SUM(master) AS ma, SUM(doctor) AS phd,
              SUM(other) AS oth
         FROM agg_workforce WHERE period_code = ANY($1) AND ${inTerritorySql('$2', national)}
        GROUP BY ${dims}`,
      [quarters, territory],
    );
  }
}
