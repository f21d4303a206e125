import type { DataSource } from 'typeorm';
import { periodBounds } from '@portal/shared';
import type { TableContext } from '../table-context';
import { inTerritorySql } from '../tables.repository';

/** Firms expected to report in a quarter, per city (and area). */
export interface ExpectedRow {
  period_code: string;
  area: string | null;
  city: string;
  n: string;
}

/** Returns of a quarter per city (and area): reported, on time, approved, open findings, correction requests. */
export interface FiledRow {
  period_code: string;
  area: string | null;
  city: string;
  reported: string;
  on_time: string;
  late: string;
  approved: string;
  open_findings: string;
  corrections: string;
}

/**
 * The quality annex's reads of the workflow (not approved facts). `areas` and `cities` place every statistical
 * area of the territory in its city (a firm is placed by its zone, else its district); the counts are summed per
 * quarter and city, per area too when `byArea`. Counts are integers, so the grouping does not change a sum.
 */
export class QualityRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Firms expected to report: registered with a profile by the end of the quarter, active, not exempted. A firm is
   * expected from the quarter its first profile is valid by: the active firms are counted once by area and first
   * quarter, then per quarter (not once per firm and quarter), less the exempted ones (at most one exemption per
   * firm and quarter).
   */
  expected(quarters: string[], areas: string[], cities: string[], byArea: boolean, ctx: TableContext) {
    const area = byArea ? 'm.area' : 'NULL::varchar';
    return ctx.query<ExpectedRow>(
      this.ds,
      `WITH firm AS (
         SELECT e.id, COALESCE(e.zone_code, e.region_code) AS area, p.first_from
           FROM enterprise e
           JOIN (SELECT enterprise_id, MIN(valid_from) AS first_from FROM enterprise_profile GROUP BY enterprise_id) p
             ON p.enterprise_id = e.id
          WHERE e.status = 'ACTIVE'),
       q AS (SELECT * FROM unnest($1::varchar[], $2::date[]) AS q(code, end_day)),
       counted AS (
         SELECT q.code, b.area, b.n
           FROM (SELECT area, first_from, COUNT(*) AS n FROM firm GROUP BY 1, 2) b JOIN q ON b.first_from <= q.end_day
         UNION ALL
         SELECT q.code, f.area, -COUNT(*)
           FROM obligation_exemption x JOIN firm f ON f.id = x.enterprise_id
           JOIN q ON q.code = x.period_code AND f.first_from <= q.end_day
          GROUP BY 1, 2)
       SELECT c.code AS period_code, ${area} AS area, m.city, SUM(c.n) AS n
         FROM counted c JOIN unnest($3::varchar[], $4::varchar[]) AS m(area, city) ON m.area = c.area
        GROUP BY 1, 2, 3
       HAVING SUM(c.n) > 0`,
      [quarters, quarters.map((q) => periodBounds(q).end), areas, cities],
    );
  }

  /**
   * The quarters' returns: reported (zero returns included), on time, approved, open explain-or-fix findings of
   * the current revision and correction requests. All quarters in one statement; per-return counts joined as
   * grouped subqueries (one row per return), not correlated per row.
   */
  filed(quarters: string[], areas: string[], cities: string[], byArea: boolean, ctx: TableContext) {
    const area = byArea ? 'm.area' : 'NULL::varchar';
    return ctx.query<FiledRow>(
      this.ds,
      `SELECT r.period_code, ${area} AS area, m.city,
              COUNT(*) FILTER (WHERE r.first_submitted_at IS NOT NULL) AS reported,
              COUNT(*) FILTER (WHERE r.first_submitted_at IS NOT NULL AND NOT r.late) AS on_time,
              COUNT(*) FILTER (WHERE r.first_submitted_at IS NOT NULL AND r.late) AS late,
              COUNT(*) FILTER (WHERE r.approved_revision IS NOT NULL) AS approved,
              COALESCE(SUM(f.n), 0) AS open_findings,
              COALESCE(SUM(t.n), 0) AS corrections
         FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
         JOIN unnest($2::varchar[], $3::varchar[]) AS m(area, city) ON m.area = COALESCE(e.zone_code, e.region_code)
         LEFT JOIN (SELECT f.return_id, f.revision, COUNT(*) AS n FROM validation_finding f
                      JOIN statistical_return fr ON fr.id = f.return_id AND fr.period_code = ANY($1)
                     WHERE f.severity = 'EXPLAIN' AND f.status = 'OPEN'
                     GROUP BY f.return_id, f.revision) f
           ON f.return_id = r.id AND f.revision = r.current_revision
         LEFT JOIN (SELECT t.return_id, COUNT(*) AS n FROM return_transition t
                      JOIN statistical_return tr ON tr.id = t.return_id AND tr.period_code = ANY($1)
                     WHERE t.action = 'correction-request' GROUP BY t.return_id) t
           ON t.return_id = r.id
        WHERE r.period_code = ANY($1)
        GROUP BY 1, 2, 3`,
      [quarters, areas, cities],
    );
  }

  /** The quarters whose deadline has passed (the end of the due day, Beijing time). */
  async pastDue(quarters: string[], ctx: TableContext): Promise<Set<string>> {
    const rows = await ctx.query<{ code: string }>(
      this.ds,
      `SELECT code FROM period
        WHERE code = ANY($1) AND now() >= ((due_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`,
      [quarters],
    );
    return new Set(rows.map((r) => r.code));
  }

  /**
   * Firms of the quarters that hold an extension still running (granted, not revoked, not expired) and have not
   * filed: they are not late, though the period's deadline has passed.
   */
  extendedUnfiled(quarters: string[], areas: string[], cities: string[], byArea: boolean, ctx: TableContext) {
    const area = byArea ? 'm.area' : 'NULL::varchar';
    return ctx.query<ExpectedRow>(
      this.ds,
      `SELECT x.period_code, ${area} AS area, m.city, COUNT(DISTINCT x.enterprise_id) AS n
         FROM period_extension x JOIN enterprise e ON e.id = x.enterprise_id AND e.status = 'ACTIVE'
         JOIN unnest($2::varchar[], $3::varchar[]) AS m(area, city) ON m.area = COALESCE(e.zone_code, e.region_code)
        WHERE x.period_code = ANY($1) AND x.revoked_at IS NULL AND x.until > now()
          AND NOT EXISTS (SELECT 1 FROM statistical_return r
                           WHERE r.enterprise_id = x.enterprise_id AND r.period_code = x.period_code
                             AND r.first_submitted_at IS NOT NULL)
        GROUP BY 1, 2, 3`,
      [quarters, areas, cities],
    );
  }

  /** Approved returns of the quarters in the territory, in one of its cities or areas (`place`) if given. */
  async approvedReturns(
    quarters: string[],
    territory: string,
    national: boolean,
    place: string | undefined,
    ctx: TableContext,
  ) {
    const rows = await ctx.read<{ return_id: string }>(
      this.ds,
      `SELECT return_id FROM fact_return
        WHERE period_code = ANY($1) AND ${inTerritorySql('$2', national)}
          AND ${inTerritorySql('$3', national && !place)}`,
      [quarters, territory, place ?? territory],
    );
    return rows.map((x) => x.return_id);
  }
}
