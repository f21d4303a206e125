import type { DataSource } from 'typeorm';
import { ownValue, type DrillDownRow } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { ContinentMemberEntity } from '../codes/economy-group-member.entity';
import { PartnerGroupMemberEntity } from '../codes/partner-group-member.entity';
import { ReturnEntity } from '../returns/return.entity';
import { CodeCache } from '../../core/database/code-cache';
import type { CodeNode } from './engine';
import type { TableContext } from './table-context';

/*
 * The SQL the official tables share whatever their record source (each source's own reads are in
 * sources/<source>.repository.ts): code lists and rates of the period, pending returns, approved counts and
 * snapshot digests of a territory, row-key coverage counts, and the returns behind a row. Reads that many tables
 * of one request make go through the request's TableContext, so they run once.
 */

/**
 * Where a territory sits in the region roll-ups (agg_*_region): N = national (the sum of every province row),
 * P, C, A = its own row at that level; null = read the aggregates themselves.
 */
export type Reach = 'N' | 'P' | 'C' | 'A' | null;
const REACH: Record<string, Reach> = { country: 'N', province: 'P', city: 'C', district: 'A', zone: 'A' };
export const reachOf = (territory: Pick<CodeNode, 'attrs'>): Reach =>
  ownValue(REACH, String(territory.attrs.kind)) ?? null;

/** The root of a national region tree, above the provinces. */
export const isNational = (territory: Pick<CodeNode, 'attrs'>) => territory.attrs.kind === 'country';

/**
 * `(province_code = $t OR city_code = $t OR area_code = $t)`: region codes are unique across kinds. A national
 * deployment puts the ministry's root (kind `country`) above the provinces: every row is inside it.
 */
export const inTerritorySql = (param: string, national = false) =>
  national
    ? `${param}::varchar IS NOT NULL`
    : `(province_code = ${param} OR city_code = ${param} OR area_code = ${param})`;

/**
 * The territory's rows in a region roll-up (agg_outsourcing_region, agg_trade_region, agg_row_returns_region,
 * agg_snapshot: rows by level P province, C city, A statistical area, with region, province and city codes), at
 * the level asked for: its province row (the nation: every province row), or the city or area rows inside it.
 * null: the roll-up holds no rows of that level for the territory (a city's or an area's province-level figures),
 * read the aggregates.
 */
export function rollupScope(reach: Reach, param: string, per: 'province' | 'city' | 'area'): string | null {
  if (per === 'city') {
    if (reach === 'N') return `level = 'C' AND ${param}::varchar IS NOT NULL`;
    if (reach === 'P') return `level = 'C' AND province_code = ${param}`;
    if (reach === 'C') return `level = 'C' AND region_code = ${param}`;
    return null;
  }
  if (per === 'area') {
    if (reach === 'N') return `level = 'A' AND ${param}::varchar IS NOT NULL`;
    if (reach === 'P') return `level = 'A' AND province_code = ${param}`;
    if (reach === 'C') return `level = 'A' AND city_code = ${param}`;
    if (reach === 'A') return `level = 'A' AND region_code = ${param}`;
    return null;
  }
  if (reach === 'N') return `level = 'P' AND ${param}::varchar IS NOT NULL`;
  if (reach === 'P') return `level = 'P' AND region_code = ${param}`;
  return null;
}

/** The territory's rows in agg_snapshot: its province row (the nation: every one), else its statistical areas. */
function snapshotScope(reach: Reach, param: string): string {
  return (
    rollupScope(reach, param, 'province') ??
    rollupScope(reach, param, 'area') ??
    `level = 'A' AND (province_code = ${param} OR city_code = ${param} OR region_code = ${param})`
  );
}

/**
 * Returns waiting for review and not yet approved: the pending side of coverage. The partial index
 * IDX_statistical_return_pending (migration PendingReturnsIndex) lists exactly these statuses.
 */
const PENDING = ['VALIDATING', 'SUBMITTED', 'MUNICIPAL_APPROVED', 'SENT_BACK'];

/** A pending return with its firm's current place (region, zone). */
export interface PendingRow {
  id: string;
  period_code: string;
  enterprise_id: string;
  region_code: string;
  zone_code: string | null;
}

/** An agg_snapshot row: the approved returns of one area or province and quarter, counted and digested. */
export interface SnapshotRow {
  period_code: string;
  level: string;
  region_code: string;
  returns: string;
  hi: string;
  lo: string;
}

/** Approved returns per row key, in the territory (city_code and area_code null) or per city or area. */
export interface RowKeyCount {
  row_key: string;
  city_code: string | null;
  area_code: string | null;
  n: string;
}

/** Which groupings of agg_row_returns the rows of a table ask for (row-key coverage). */
export interface RowKeyGroupings {
  /** Rows of a city, of an area, of both. */
  byCity: boolean;
  byArea: boolean;
  byBoth: boolean;
  /** The city (area) rows read only whole-scope keys, which the roll-up holds per city (area) too. */
  cityWholeKeys: boolean;
  areaWholeKeys: boolean;
}

export class TablesRepository {
  /**
   * Code lists by list and day, kept across requests while the code_item marker is unchanged (a version added or
   * retired drops them): the region tree alone is ~3,500 rows at national size, read by every table request.
   */
  private readonly codeLists = new CodeCache<CodeNode[]>(10 * 60_000, 64);

  constructor(private readonly ds: DataSource) {}

  /** The code_item marker (CodeCache.MARKER_SQL), read once per context. */
  private codeMarker(ctx: TableContext): Promise<string> {
    return ctx.get('code-marker', async () => {
      const [row] = await ctx.read<{ marker: string }>(this.ds, `SELECT ${CodeCache.MARKER_SQL} AS marker`);
      return row.marker;
    });
  }

  /** The items of a code list valid on a day (the list is shared across requests, never mutated). */
  codeNodes(list: string, day: string, ctx: TableContext): Promise<CodeNode[]> {
    return ctx.get(`codes|${list}|${day}`, async () =>
      this.codeLists.get(`${list}|${day}`, await this.codeMarker(ctx), () => this.readCodeNodes(list, day, ctx)),
    );
  }

  private async readCodeNodes(list: string, day: string, ctx: TableContext): Promise<CodeNode[]> {
    const rows: {
      code: string;
      parent_code: string | null;
      level: number | null;
      name_zh: string;
      sort_order: number;
      attrs: Record<string, unknown>;
    }[] = await ctx.read(
      this.ds,
      `SELECT code, parent_code, level, name_zh, sort_order, attrs FROM code_item
          WHERE list = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)`,
      [list, day],
    );
    return rows.map((c) => ({
      code: c.code,
      parentCode: c.parent_code,
      level: c.level,
      nameZh: c.name_zh,
      sortOrder: c.sort_order,
      attrs: c.attrs,
    }));
  }

  /** Every partner-group membership, every version (few hundred rows). */
  partnerGroups(ctx: TableContext): Promise<PartnerGroupMemberEntity[]> {
    return ctx.get('partner-groups', () => ctx.reading(this.ds, (m) => m.find(PartnerGroupMemberEntity)));
  }

  /** Every continent membership (continent_member), effective-dated: tables by economy place economies by them. */
  continentMembers(ctx: TableContext): Promise<ContinentMemberEntity[]> {
    return ctx.get('continent-members', () => ctx.reading(this.ds, (m) => m.find(ContinentMemberEntity)));
  }

  /** CNY per USD of the quarters. */
  async rates(quarters: string[], ctx: TableContext): Promise<Map<string, number>> {
    const rows = await ctx.query<{ code: string; cny_per_usd: string }>(
      this.ds,
      `SELECT code, cny_per_usd FROM period WHERE code = ANY($1)`,
      [quarters],
    );
    return new Map(rows.map((r) => [r.code, Number(r.cny_per_usd)]));
  }

  /**
   * What a computed table depends on besides its approved facts (which the snapshot hash covers), as one marker
   * string: the code lists (a version added or retired), the quarters' exchange rates, the partner groups, and the
   * set of returns in review (count and a sum of hashes of id and row version: a submission, a send-back or a
   * return to the firm moves it). Read through the partial index of returns in review; a few milliseconds.
   */
  async freshness(quarters: string[], ctx: TableContext): Promise<string> {
    // The code marker is the one the code lists were read with (once per context).
    const [codes, [row]] = await Promise.all([
      this.codeMarker(ctx),
      ctx.read<{ marker: string }>(
        this.ds,
        `SELECT COALESCE((SELECT string_agg(code || '=' || cny_per_usd, ',' ORDER BY code) FROM period
                           WHERE code = ANY($1)), '')
                || '|' || (SELECT count(*) || ':' || COALESCE(max(xmin::text::bigint), 0) FROM partner_group_member)
                || '|' || (SELECT count(*) || ':' || COALESCE(sum(hashtext(id::text || ':' || version)::bigint), 0)
                             FROM statistical_return
                            WHERE period_code = ANY($1) AND status = ANY($2) AND approved_revision IS NULL) AS marker`,
        [quarters, PENDING],
      ),
    ]);
    return `${codes}|${row.marker}`;
  }

  /** Returns of the quarters waiting for review and not yet approved, with their firm's place. */
  pendingReturns(quarters: string[], ctx: TableContext): Promise<PendingRow[]> {
    return ctx.get(`pending-read|${quarters.join(',')}`, () =>
      ctx.read<PendingRow>(
        this.ds,
        `SELECT r.id, r.period_code, r.enterprise_id, e.region_code, e.zone_code FROM statistical_return r
           JOIN enterprise e ON e.id = r.enterprise_id
          WHERE r.period_code = ANY($1) AND r.status = ANY($2) AND r.approved_revision IS NULL`,
        [quarters, PENDING],
      ),
    );
  }

  /** Approved returns of the quarters in the territory, from agg_snapshot. */
  async approvedCount(quarters: string[], territory: string, reach: Reach, ctx: TableContext): Promise<number> {
    const [all] = await ctx.query<{ n: string }>(
      this.ds,
      `SELECT COALESCE(SUM(returns), 0)::bigint AS n FROM agg_snapshot
        WHERE period_code = ANY($1) AND ${snapshotScope(reach, '$2')}`,
      [quarters, territory],
    );
    return Number(all.n);
  }

  /** The territory's agg_snapshot rows of the quarters (its province rows, the nation's all, else its areas). */
  snapshotRows(quarters: string[], territory: string, reach: Reach, ctx: TableContext): Promise<SnapshotRow[]> {
    return ctx.read(
      this.ds,
      `SELECT period_code, level, region_code, returns, digest_hi::text AS hi, digest_lo::text AS lo
         FROM agg_snapshot WHERE period_code = ANY($1) AND ${snapshotScope(reach, '$2')}`,
      [quarters, territory],
    );
  }

  /**
   * Approved returns per row key of the quarters: the territory's own counts from the region roll-up (the nation
   * or a province), the rest summed from agg_row_returns to exactly the groupings the rows ask for (by city, by
   * area, by both). city_code and area_code are never NULL in the table: NULL marks a grouping without them.
   */
  async rowKeyCounts(
    keys: string[],
    quarters: string[],
    territory: string,
    where: { national: boolean; reach: Reach },
    g: RowKeyGroupings,
    ctx: TableContext,
  ): Promise<RowKeyCount[]> {
    if (!keys.length) return [];
    const { national, reach } = where;
    const own = rollupScope(reach, '$2', 'province');
    const cityRollup = g.byCity && g.cityWholeKeys ? rollupScope(reach, '$2', 'city') : null;
    const areaRollup = g.byArea && g.areaWholeKeys ? rollupScope(reach, '$2', 'area') : null;
    const sets: string[] = own ? [] : ['(row_key)'];
    if (g.byCity && !cityRollup) sets.push('(row_key, city_code)');
    if (g.byArea && !areaRollup) sets.push('(row_key, area_code)');
    if (g.byBoth) sets.push('(row_key, city_code, area_code)');
    const parts: string[] = [];
    if (own)
      parts.push(`SELECT row_key, NULL AS city_code, NULL AS area_code, SUM(returns)::bigint AS n
                    FROM agg_row_returns_region
                   WHERE period_code = ANY($1) AND ${own} AND row_key = ANY($3) GROUP BY row_key`);
    if (cityRollup)
      parts.push(`SELECT row_key, region_code AS city_code, NULL AS area_code, SUM(returns)::bigint AS n
                    FROM agg_row_returns_region
                   WHERE period_code = ANY($1) AND ${cityRollup} AND row_key = ANY($3) GROUP BY row_key, region_code`);
    if (areaRollup)
      parts.push(`SELECT row_key, NULL AS city_code, region_code AS area_code, SUM(returns)::bigint AS n
                    FROM agg_row_returns_region
                   WHERE period_code = ANY($1) AND ${areaRollup} AND row_key = ANY($3) GROUP BY row_key, region_code`);
    if (sets.length)
      parts.push(`SELECT row_key, ${sets.some((x) => x.includes('city')) ? 'city_code' : 'NULL'} AS city_code,
                         ${sets.some((x) => x.includes('area')) ? 'area_code' : 'NULL'} AS area_code,
                         SUM(returns)::bigint AS n
                    FROM agg_row_returns
                   WHERE period_code = ANY($1) AND ${inTerritorySql('$2', national)} AND row_key = ANY($3)
                   GROUP BY GROUPING SETS (${sets.join(', ')})`);
    return ctx.query(this.ds, parts.join(' UNION ALL '), [quarters, territory, keys]);
  }

  /** Approved returns of the quarters in the territory with one of the row keys (in the city or area, if given). */
  async returnsWithRowKeys(
    keys: string[],
    quarters: string[],
    territory: string,
    national: boolean,
    place: { city?: string; area?: string },
    ctx: TableContext,
  ): Promise<string[]> {
    const rows = await ctx.read<{ return_id: string }>(
      this.ds,
      `SELECT DISTINCT r.return_id FROM fact_row_key k JOIN fact_return r ON r.return_id = k.return_id
        WHERE k.row_key = ANY($1) AND r.period_code = ANY($2) AND ${inTerritorySql('$3', national)}
          AND ($4::varchar IS NULL OR r.city_code = $4) AND ($5::varchar IS NULL OR r.area_code = $5)`,
      [keys, quarters, territory, place.city ?? null, place.area ?? null],
    );
    return rows.map((x) => x.return_id);
  }

  /**
   * The returns with their firm and status, those of the caller's territory only (drill-down), by period and firm
   * name.
   */
  drillDownReturns(user: AuthUser, ids: string[], ctx: TableContext): Promise<Omit<DrillDownRow, 'contributes'>[]> {
    return ctx.reading(this.ds, (m) => {
      const qb = m
        .getRepository(ReturnEntity)
        .createQueryBuilder('r')
        .innerJoin('enterprise', 'e', 'e.id = r.enterprise_id')
        .select([
          'r.id AS "returnId"',
          'r.enterprise_id AS "enterpriseId"',
          'e.name_zh AS "enterpriseName"',
          'e.uscc AS "uscc"',
          'r.period_code AS "periodCode"',
          'r.status AS "status"',
          'r.approved_revision AS "approvedRevision"',
          'r.current_revision AS "currentRevision"',
        ])
        .where('r.id IN (:...ids)', { ids })
        .orderBy('r.period_code')
        .addOrderBy('e.name_zh');
      return whereInTerritory(qb, user, {
        enterpriseId: 'r.enterprise_id',
        reviewUnitCode: 'r.review_unit_code',
        provinceCode: 'r.province_code',
      }).getRawMany();
    });
  }
}
