import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ownValue,
  parseTablePeriod,
  periodBounds,
  tablePeriodQuarters,
  type CatalogueEntry,
  type Coverage,
  type DrillDownRow,
  type OfficialTableView,
  type TablePeriod,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { AppError } from '../../core/errors/app-error';
import { PartnerGroupMemberEntity } from '../codes/partner-group-member.entity';
import { ReturnEntity } from '../returns/return.entity';
import { TABLES, tableDef, type TableDef } from './catalogue';
import { buildTable, columnYearOffsets, yearOffsets, type CodeNode, type EngineRow, type Rec } from './engine';
import { isWholeScopeKey } from './row-key';

/** Parameters of one table computation, already checked against the caller's territory. */
export interface TableRequest {
  def: TableDef;
  period: TablePeriod;
  periodText: string;
  territory: CodeNode;
  currency: 'USD' | 'CNY';
  top?: number;
}

export interface TableQuery {
  period?: string;
  territory?: string;
  currency?: string;
  top?: string | number;
}

/** fact_return columns of the firm-level measures (ranked firms). */
const ENTERPRISE_COLUMNS: Record<string, string> = {
  executed: 'executed_usd',
  offshoreExecuted: 'offshore_executed_usd',
  signed: 'signed_usd',
};

/** Returns waiting for review and not yet approved: the pending side of coverage. */
const PENDING = ['VALIDATING', 'SUBMITTED', 'MUNICIPAL_APPROVED', 'SENT_BACK'];

const PARAMETERS: CatalogueEntry['parameters'] = [
  {
    name: 'period',
    required: true,
    description_zh: '报告期：季度 2021Q4、年度 2021 或累计 2021Q1-Q3',
    description_en: 'Period: a quarter (2021Q4), a year (2021) or quarters to date (2021Q1-Q3)',
  },
  {
    name: 'territory',
    required: false,
    description_zh: '地区代码：省、市或区县（园区），默认为本人管辖范围',
    description_en: 'Region code: the province, a city, a district or zone; default: your own territory',
  },
  {
    name: 'currency',
    required: false,
    description_zh: '币种：USD（万美元，默认）或 CNY（万元，按各期汇率折算）',
    description_en: 'USD (10k USD, default) or CNY (10k CNY at each period’s rate)',
    values: ['USD', 'CNY'],
  },
];

/**
 * `(province_code = $t OR city_code = $t OR area_code = $t)`: region codes are unique across kinds. A national
 * deployment puts the ministry's root (kind `country`) above the provinces: every row is inside it.
 */
const inTerritorySql = (param: string, national = false) =>
  national
    ? `${param}::varchar IS NOT NULL`
    : `(province_code = ${param} OR city_code = ${param} OR area_code = ${param})`;

/** The root of a national region tree, above the provinces. */
export const isNational = (territory: Pick<CodeNode, 'attrs'>) => territory.attrs.kind === 'country';

/**
 * Where a territory sits in the region roll-ups (agg_*_region): N = national (the sum of every province row),
 * P, C, A = its own row at that level; null = read the aggregates themselves.
 */
type Reach = 'N' | 'P' | 'C' | 'A' | null;
const REACH: Record<string, Reach> = { country: 'N', province: 'P', city: 'C', district: 'A', zone: 'A' };
const reachOf = (territory: Pick<CodeNode, 'attrs'>): Reach => ownValue(REACH, String(territory.attrs.kind)) ?? null;

/**
 * The territory's rows in a region roll-up (agg_outsourcing_region, agg_trade_region, agg_row_returns_region,
 * agg_snapshot: rows by level P province, C city, A statistical area, with region, province and city codes), at
 * the level asked for: its province row (the nation: every province row), or the city or area rows inside it.
 * null: the roll-up holds no rows of that level for the territory (a city's or an area's province-level figures),
 * read the aggregates.
 */
function rollupScope(reach: Reach, param: string, per: 'province' | 'city' | 'area'): string | null {
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
 * Inputs shared by the tables of one request (code lists, rates, pending returns, coverage counts, the facts
 * behind the snapshot hash, identical aggregate reads): each is loaded once per context, however many tables of
 * the catalogue are computed with it. A context lives for one request or export job only, so nothing goes stale.
 */
export class TableContext {
  private readonly memo = new Map<string, Promise<unknown>>();

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.memo.set(key, p);
      p.catch(() => this.memo.delete(key));
    }
    return p;
  }

  /** A read-only query, run once per context for the same text and parameters. */
  query<T>(ds: DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
    return this.get(`q|${sql}|${JSON.stringify(params)}`, () => ds.query(sql, params) as Promise<T[]>);
  }
}

/**
 * Official tables from the maintained aggregates of approved returns (facts.ts): reads group aggregates by the
 * dimensions a table needs and never touch line items; the engine rolls them up per the table definition.
 */
@Injectable()
export class OfficialTablesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  catalogue(): CatalogueEntry[] {
    return TABLES.map((t) => ({
      id: t.id,
      title: t.title,
      group: t.group,
      description_zh: t.description_zh,
      parameters:
        'top' in t.rows
          ? [
              ...PARAMETERS,
              {
                name: 'top' as const,
                required: false,
                description_zh: `排名行数（默认 ${t.rows.top}）`,
                description_en: `Number of ranked rows (default ${t.rows.top})`,
              },
            ]
          : PARAMETERS,
    }));
  }

  /** Checks the parameters and that the caller may read the territory (its own territory or one inside it). */
  async request(user: AuthUser, id: string, q: TableQuery, ctx = new TableContext()): Promise<TableRequest> {
    const def = tableDef(id);
    if (!def) throw new AppError('TABLE_UNKNOWN', { id });
    const periodText = String(q.period ?? '');
    const period = parseTablePeriod(periodText);
    if (!period) throw new AppError('TABLE_PARAMETER', { name: 'period', value: periodText });
    const currency = (q.currency ?? 'USD').toString().toUpperCase();
    if (currency !== 'USD' && currency !== 'CNY')
      throw new AppError('TABLE_PARAMETER', { name: 'currency', value: currency });
    let top: number | undefined;
    if (q.top !== undefined && q.top !== '') {
      top = Number(q.top);
      if (!Number.isInteger(top) || top < 1 || top > 100)
        throw new AppError('TABLE_PARAMETER', { name: 'top', value: String(q.top) });
    }
    const end = periodBounds(`${period.year}Q${period.lastQuarter}`).end;
    const regions = await this.regions(end, ctx);
    const byCode = await this.regionIndex(end, ctx);
    const code =
      q.territory ??
      (user.scopeKind === 'SYSTEM' ? regions.find((r) => r.attrs.kind === 'province')?.code : user.scopeCode);
    const territory = code ? byCode.get(code) : undefined;
    if (!territory) throw new AppError('TABLE_PARAMETER', { name: 'territory', value: String(code ?? '') });
    if (user.scopeKind !== 'SYSTEM') {
      const chain = this.chain(byCode, territory.code).map((r) => r.code);
      if (!user.scopeCode || !chain.includes(user.scopeCode)) {
        throw new AppError('TERRITORY_OUT_OF_SCOPE', { territory: territory.code });
      }
    }
    return { def, period, periodText, territory, currency, top };
  }

  async table(user: AuthUser, id: string, q: TableQuery): Promise<OfficialTableView> {
    const ctx = new TableContext();
    return (await this.compute(await this.request(user, id, q, ctx), ctx)).view;
  }

  /**
   * Every table of the catalogue (or the given ones) for one set of parameters, in catalogue order, sharing one
   * context: code lists, pending returns, coverage counts and snapshot facts are read once for all of them. The
   * tables are computed concurrently (their reads on separate pool connections; shared reads are one promise in
   * the context), so one table's queries overlap another's work.
   */
  async computeAll(
    user: AuthUser,
    q: TableQuery,
    ids: string[] = TABLES.map((t) => t.id),
    ctx = new TableContext(),
  ): Promise<{ view: OfficialTableView; rows: EngineRow[] }[]> {
    return Promise.all(ids.map(async (id) => this.compute(await this.request(user, id, q, ctx), ctx)));
  }

  /** Computes a table for checked parameters (also used by the export worker). */
  async compute(req: TableRequest, ctx = new TableContext()): Promise<{ view: OfficialTableView; rows: EngineRow[] }> {
    const { def, period, territory, currency } = req;
    const end = periodBounds(`${period.year}Q${period.lastQuarter}`).end;
    const offsets = yearOffsets(def);
    const quartersAll = offsets.flatMap((o) => tablePeriodQuarters(period, o));
    const current = def.source === 'workforce' ? tablePeriodQuarters(period).slice(-1) : tablePeriodQuarters(period);
    const [regions, byRegion, codes, partnerNames, groups, rates] = await Promise.all([
      this.regions(end, ctx),
      this.regionIndex(end, ctx),
      def.rows.kind === 'codes' ? this.codeNodes(def.rows.list, end, ctx) : Promise.resolve([]),
      this.partnerNames(end, ctx),
      ctx.get('partner-groups', () => this.ds.getRepository(PartnerGroupMemberEntity).find()),
      this.rates(quartersAll, ctx),
    ]);
    // Reads that do not depend on the table's rows start now and run on other pool connections meanwhile.
    const later = <T>(p: Promise<T>) => {
      p.catch(() => undefined); // awaited below; a failure surfaces there
      return p;
    };
    const pendingP = later(this.pendingReturns(current, territory.code, byRegion, ctx, tablePeriodQuarters(period)));
    const allP = later(this.approvedCount(current, territory, ctx));
    const snapshotP = def.source === 'quality' ? null : later(this.snapshotHash(def, req, quartersAll, ctx));
    // The quality annex's rows are cities, every one listed: it reads only the years its columns show (area rows
    // would look a year back for business).
    // Headcount is a stock: the engine reads the last quarter of each year offset only, so only those are read.
    const stockQuarters =
      def.source === 'workforce' ? offsets.map((o) => tablePeriodQuarters(period, o).slice(-1)[0]) : null;
    const cityRows = def.rows.kind === 'regions' && def.rows.level === 'city';
    const qualityQuarters = cityRows
      ? columnYearOffsets(def).flatMap((o) => tablePeriodQuarters(period, o))
      : quartersAll;
    const records =
      def.source === 'quality'
        ? await this.qualityRecords(qualityQuarters, territory.code, byRegion, !cityRows, ctx)
        : await this.records(def, stockQuarters ?? quartersAll, territory.code, isNational(territory), ctx, {
            top: req.top,
            currency,
            current: tablePeriodQuarters(period),
            reach: reachOf(territory),
          });
    const membersCache = new Map<string, Set<string>>();
    const groupMembers = (group: string, quarter: string) => {
      const key = `${group}|${quarter}`;
      let s = membersCache.get(key);
      if (!s) {
        const day = periodBounds(quarter).end;
        s = new Set(
          groups
            .filter((g) => g.groupCode === group && g.validFrom <= day && (!g.validTo || g.validTo >= day))
            .map((g) => g.member),
        );
        membersCache.set(key, s);
      }
      return s;
    };
    const out = buildTable({
      def,
      period,
      currency,
      territory: { code: territory.code, nameZh: territory.nameZh, kind: String(territory.attrs.kind) },
      records,
      rates,
      codes,
      regions,
      partnerNames,
      groupNames: new Map(groups.map((g) => [g.groupCode, g.groupNameZh])),
      groupMembers,
      top: req.top,
    });
    const [pending, approvedAll] = await Promise.all([pendingP, allP]);
    const coverage = await this.coverage(
      def,
      out.rows,
      current,
      territory.code,
      records,
      pending,
      approvedAll,
      isNational(territory),
      reachOf(territory),
      ctx,
    );
    const snapshotHash =
      def.source === 'quality'
        ? sha256(JSON.stringify(out.rows.map((r) => r.cells.map((c) => c.value))))
        : await snapshotP!;
    const view: OfficialTableView = {
      id: def.id,
      title: out.title,
      unitLine: out.unitLine,
      parameters: { period: req.periodText, territory: territory.code, currency },
      territoryName: territory.nameZh,
      columns: out.columns,
      header: out.header,
      headerRows: out.headerRows,
      rows: out.rows.map((r, i) => ({
        key: r.key,
        label: r.label,
        kind: r.kind,
        level: r.level,
        cells: r.cells,
        coverage: coverage.rows[i],
      })),
      notes: out.notes,
      sourceLine: out.sourceLine,
      coverage: coverage.table,
      snapshotHash,
    };
    return { view, rows: out.rows };
  }

  /** The returns behind one row: approved ones that feed it and pending ones of its territory, with status. */
  async drillDown(user: AuthUser, id: string, q: TableQuery & { row?: string }): Promise<DrillDownRow[]> {
    const req = await this.request(user, id, q);
    const { rows } = await this.compute(req);
    const row = rows.find((r) => r.key === q.row);
    if (!row) throw new AppError('TABLE_PARAMETER', { name: 'row', value: String(q.row ?? '') });
    const current =
      req.def.source === 'workforce' ? tablePeriodQuarters(req.period).slice(-1) : tablePeriodQuarters(req.period);
    const t = req.territory.code;
    const national = isNational(req.territory);
    let approvedIds: string[];
    if (row.scope.enterprise) {
      approvedIds = (
        await this.ds.query(
          `SELECT return_id FROM fact_return WHERE enterprise_id = $1 AND period_code = ANY($2) AND ${inTerritorySql('$3', national)}`,
          [row.scope.enterprise, current, t],
        )
      ).map((x: { return_id: string }) => x.return_id);
    } else if (req.def.source === 'quality') {
      approvedIds = (
        await this.ds.query(
          `SELECT return_id FROM fact_return WHERE period_code = ANY($1) AND ${inTerritorySql('$2', national)} AND ${inTerritorySql('$3', national && !row.scope.city && !row.scope.area)}`,
          [current, t, row.scope.city ?? row.scope.area ?? t],
        )
      ).map((x: { return_id: string }) => x.return_id);
    } else {
      approvedIds = (
        await this.ds.query(
          `SELECT DISTINCT r.return_id FROM fact_row_key k JOIN fact_return r ON r.return_id = k.return_id
            WHERE k.row_key = ANY($1) AND r.period_code = ANY($2) AND ${inTerritorySql('$3', national)}
              AND ($4::varchar IS NULL OR r.city_code = $4) AND ($5::varchar IS NULL OR r.area_code = $5)`,
          [row.scope.rowKeys, current, t, row.scope.city ?? null, row.scope.area ?? null],
        )
      ).map((x: { return_id: string }) => x.return_id);
    }
    const end = periodBounds(`${req.period.year}Q${req.period.lastQuarter}`).end;
    const byRegion = new Map((await this.regions(end)).map((r) => [r.code, r]));
    const pending = (await this.pendingReturns(current, t, byRegion)).filter((p) => this.pendingInRow(p, row));
    const ids = [...new Set([...approvedIds, ...pending.map((p) => p.id)])];
    if (!ids.length) return [];
    const qb = this.ds
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
    const approved = new Set(approvedIds);
    const found: Omit<DrillDownRow, 'contributes'>[] = await whereInTerritory(qb, user, {
      enterpriseId: 'r.enterprise_id',
      reviewUnitCode: 'r.review_unit_code',
      provinceCode: 'r.province_code',
    }).getRawMany();
    return found.map((x) => ({ ...x, contributes: approved.has(x.returnId) }));
  }

  private async records(
    def: TableDef,
    quarters: string[],
    territory: string,
    national: boolean,
    ctx: TableContext,
    opts: { top?: number; currency: 'USD' | 'CNY'; current: string[]; reach: Reach },
  ): Promise<Rec[]> {
    const rows = def.rows;
    const regionDims = rows.kind === 'regions';
    const cityRows = rows.kind === 'regions' && rows.level === 'city';
    if (def.source === 'enterprise') {
      // Ranked firms: only the firms that can make the top N are read with their records; every other firm of
      // the territory counts in one record per quarter without a firm (in the totals and shares, never as a row).
      // The cut keeps every firm within 1e-9 of the N-th exact sum, so rounding of the engine's float sums can
      // never rank a firm left out above one read; fewer than N firms with business: all of them are read.
      const ranked = rows.kind === 'ranked-enterprises' ? rows : undefined;
      const top = ranked ? (opts.top ?? ranked.top) : 2147483647;
      const column = ENTERPRISE_COLUMNS[ranked?.rankBy ?? 'executed'];
      if (!column) throw new Error(`table ${def.id}: cannot rank by ${ranked?.rankBy}`);
      // Nationally and in a province, with firms ranked by execution: the candidates come from the head of each
      // quarter's firms (index on period × [province ×] executed) and the others are the roll-up's totals minus
      // the firms read, instead of a pass over every return of the territory.
      const indexed = column === 'executed_usd' && (opts.reach === 'N' || opts.reach === 'P');
      const candidates = indexed
        ? await this.topCandidates(opts.current, territory, opts.reach === 'N', Math.max(1, top), opts.currency)
        : null;
      const params: unknown[] = [quarters, territory, opts.current, opts.currency === 'CNY', Math.max(1, top)];
      if (candidates) params.push(candidates);
      const totals = `SELECT period_code, SUM(executed_usd) AS executed_usd,
                             COALESCE(SUM(executed_usd) FILTER (WHERE offshore), 0) AS offshore_executed_usd,
                             SUM(signed_usd) AS signed_usd
                        FROM agg_outsourcing_region
                       WHERE period_code = ANY($1) AND ${rollupScope(opts.reach, '$2', 'province')} AND dim = 'B'
                       GROUP BY period_code`;
      const raw: {
        period_code: string;
        enterprise_id: string | null;
        name_zh: string | null;
        area_code: string | null;
        city_code: string | null;
        executed_usd: string;
        offshore_executed_usd: string;
        signed_usd: string;
      }[] = await ctx.query(
        this.ds,
        `WITH f AS (
           SELECT period_code, enterprise_id, name_zh, area_code, city_code, executed_usd, offshore_executed_usd,
                  signed_usd
             FROM fact_return WHERE period_code = ANY($1) AND ${inTerritorySql('$2', national)}
                  ${candidates ? 'AND enterprise_id = ANY($6::uuid[])' : ''}),
         ranked AS (
           SELECT f.enterprise_id, SUM(f.${column} * CASE WHEN $4 THEN COALESCE(p.cny_per_usd, 0) ELSE 1 END) AS v
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
           candidates
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
      return raw.map((r) => ({
        period: r.period_code,
        enterprise: r.enterprise_id ?? undefined,
        name: r.name_zh ?? undefined,
        area: r.area_code ?? undefined,
        city: r.city_code ?? undefined,
        m: {
          executed: Number(r.executed_usd),
          offshoreExecuted: Number(r.offshore_executed_usd),
          signed: Number(r.signed_usd),
        },
      }));
    }
    if (def.source === 'outsourcing') {
      const dims = ['offshore'];
      if (rows.kind === 'codes' && rows.list === 'outsourcing-categories') dims.push('business_code');
      if (rows.kind === 'codes' && rows.list === 'enterprise-natures') dims.push('nature_group');
      if (rows.kind === 'ranked-partners' || rows.kind === 'group-members') dims.push('partner_code');
      if (regionDims) dims.push('city_code', 'area_code');
      const params: unknown[] = [quarters, territory];
      let filter = '';
      if (def.offshore !== undefined) {
        params.push(def.offshore);
        filter = ` AND offshore = $3`;
      }
      // The region roll-up holds a province's (the nation's) sums by one dimension and every area's totals: the same
      // groups and exact sums as the GROUP BY over the aggregates, from a fraction of the rows.
      const dim =
        dims[1] === 'business_code' ? 'B' : dims[1] === 'nature_group' ? 'N' : dims[1] === 'partner_code' ? 'P' : '*';
      // City rows need the cities' figures only: the city roll-up rows when the territory has them.
      const cityScope = cityRows ? rollupScope(opts.reach, '$2', 'city') : null;
      const scope = cityScope ?? rollupScope(opts.reach, '$2', regionDims ? 'area' : 'province');
      const rolled = scope !== null && (regionDims ? dims.length === 3 : dims.length === 2 && dim !== '*');
      const regionCols = cityScope ? ', region_code AS city_code' : ', city_code, region_code AS area_code';
      const raw: Record<string, string | boolean>[] = await ctx.query(
        this.ds,
        rolled
          ? regionDims
            ? // One roll-up row per quarter, region and offshore flag already: no grouping.
              `SELECT period_code, offshore${regionCols}, contracts, signed_usd AS signed, executed_usd AS executed
                 FROM agg_outsourcing_region
                WHERE period_code = ANY($1) AND ${scope} AND dim = '${dim}'${filter}`
            : `SELECT period_code, offshore${dim === '*' ? '' : `, dim_value AS ${dims[1]}`},
                      SUM(contracts)::bigint AS contracts, SUM(signed_usd) AS signed, SUM(executed_usd) AS executed
                 FROM agg_outsourcing_region
                WHERE period_code = ANY($1) AND ${scope} AND dim = '${dim}'${filter}
                GROUP BY period_code, offshore${dim === '*' ? '' : ', dim_value'}`
          : `SELECT period_code, ${dims.join(', ')}, SUM(contracts)::bigint AS contracts, SUM(signed_usd) AS signed,
                    SUM(executed_usd) AS executed
               FROM agg_outsourcing WHERE period_code = ANY($1) AND ${inTerritorySql('$2', national)}${filter}
              GROUP BY period_code, ${dims.join(', ')}`,
        params,
      );
      return raw.map((r) => {
        const executed = Number(r.executed);
        return {
          period: String(r.period_code),
          offshore: r.offshore as boolean,
          business: r.business_code as string | undefined,
          natureGroup: r.nature_group as string | undefined,
          partner: r.partner_code as string | undefined,
          city: r.city_code as string | undefined,
          area: r.area_code as string | undefined,
          m: {
            count: Number(r.contracts),
            signed: Number(r.signed),
            executed,
            offshoreExecuted: r.offshore ? executed : 0,
            onshoreExecuted: r.offshore ? 0 : executed,
          },
        };
      });
    }
    if (def.source === 'trade') {
      const dims: string[] = [];
      if (rows.kind === 'codes') dims.push('category_code');
      if (rows.kind === 'ranked-partners' || rows.kind === 'group-members') dims.push('partner_code');
      if (regionDims) dims.push('city_code', 'area_code');
      const dim = dims[0] === 'category_code' ? 'C' : dims[0] === 'partner_code' ? 'P' : '*';
      const cityScope = cityRows ? rollupScope(opts.reach, '$2', 'city') : null;
      const scope = cityScope ?? rollupScope(opts.reach, '$2', regionDims ? 'area' : 'province');
      const rolled = scope !== null && (regionDims ? dims.length === 2 : dims.length === 1 && dim !== '*');
      const regionCols = cityScope ? ', region_code AS city_code' : ', city_code, region_code AS area_code';
      const raw: Record<string, string>[] = await ctx.query(
        this.ds,
        rolled
          ? regionDims
            ? `SELECT period_code${regionCols}, export_usd AS exp, import_usd AS imp
                 FROM agg_trade_region WHERE period_code = ANY($1) AND ${scope} AND dim = '${dim}'`
            : `SELECT period_code${dim === '*' ? '' : `, dim_value AS ${dims[0]}`}, SUM(export_usd) AS exp,
                      SUM(import_usd) AS imp
                 FROM agg_trade_region WHERE period_code = ANY($1) AND ${scope} AND dim = '${dim}'
                GROUP BY period_code${dim === '*' ? '' : ', dim_value'}`
          : `SELECT period_code${dims.map((d) => `, ${d}`).join('')}, SUM(export_usd) AS exp, SUM(import_usd) AS imp
               FROM agg_trade WHERE period_code = ANY($1) AND ${inTerritorySql('$2', national)}
              GROUP BY period_code${dims.map((d) => `, ${d}`).join('')}`,
        [quarters, territory],
      );
      return raw.map((r) => ({
        period: r.period_code,
        category: r.category_code,
        partner: r.partner_code,
        city: r.city_code,
        area: r.area_code,
        m: { export: Number(r.exp), import: Number(r.imp), total: Number(r.exp) + Number(r.imp) },
      }));
    }
    // Workforce: one record per education level (the leaves of education_levels).
    const dims = regionDims ? ['city_code', 'area_code'] : [];
    const raw: Record<string, string>[] = await ctx.query(
      this.ds,
      `SELECT period_code${dims.map((d) => `, ${d}`).join('')}, SUM(junior_college) AS jc, SUM(bachelor) AS ba,
              SUM(master) AS ma, SUM(doctor) AS phd, SUM(other) AS oth
         FROM agg_workforce WHERE period_code = ANY($1) AND ${inTerritorySql('$2', national)}
        GROUP BY period_code${dims.map((d) => `, ${d}`).join('')}`,
      [quarters, territory],
    );
    const leaves: [string, string][] = [
      ['JC', 'jc'],
      ['BA', 'ba'],
      ['MA', 'ma'],
      ['PHD', 'phd'],
      ['OTHER', 'oth'],
    ];
    return raw.flatMap((r) =>
      leaves.map(([edu, col]) => ({
        period: r.period_code,
        edu,
        city: r.city_code,
        area: r.area_code,
        m: { headcount: Number(r[col]) },
      })),
    );
  }

  /**
   * Every firm that can be among the `top` largest by execution over the quarters (the threshold algorithm): the
   * k largest returns of each quarter (index order) give candidates and, per quarter, a bound no other firm's
   * return exceeds (the k-th value; none when the quarter has fewer than k). A firm outside the candidates sums to
   * at most the bounds' total; once that is below the N-th candidate's exact sum by more than the cut's 1e-9, no
   * firm outside can be chosen, and the N-th sum is the N-th overall. Else k doubles (until every return is read).
   */
  private async topCandidates(
    quarters: string[],
    territory: string,
    national: boolean,
    top: number,
    currency: 'USD' | 'CNY',
  ): Promise<string[]> {
    const rates = await this.rates(quarters);
    const rate = (q: string) => (currency === 'CNY' ? (rates.get(q) ?? 0) : 1);
    for (let k = Math.max(4 * top, 64); ; k *= 2) {
      const heads: { period_code: string; enterprise_id: string; v: string; n: string }[] = await this.ds.query(
        `SELECT q.code AS period_code, h.enterprise_id, h.executed_usd AS v, h.n
           FROM unnest($1::varchar[]) AS q(code)
           CROSS JOIN LATERAL (
             SELECT enterprise_id, executed_usd, row_number() OVER (ORDER BY executed_usd DESC) AS n
               FROM (SELECT enterprise_id, executed_usd FROM fact_return
                      WHERE period_code = q.code AND ${national ? '$2::varchar IS NOT NULL' : 'province_code = $2'}
                      ORDER BY executed_usd DESC LIMIT $3) x) h`,
        [quarters, territory, k],
      );
      const ids = [...new Set(heads.map((h) => h.enterprise_id))];
      let bound = 0;
      let exhausted = true;
      for (const q of quarters) {
        const last = heads.filter((h) => h.period_code === q && Number(h.n) === k);
        if (!last.length) continue; // fewer than k returns: every one of the quarter is a candidate
        exhausted = false;
        bound += Math.max(0, Number(last[0].v)) * rate(q);
      }
      if (exhausted) return ids;
      const sums: { v: string }[] = await this.ds.query(
        `SELECT SUM(f.executed_usd * CASE WHEN $4 THEN COALESCE(p.cny_per_usd, 0) ELSE 1 END) AS v
           FROM fact_return f LEFT JOIN period p ON p.code = f.period_code
          WHERE f.enterprise_id = ANY($1::uuid[]) AND f.period_code = ANY($2)
            AND ($3::varchar IS NULL OR f.province_code = $3)
          GROUP BY f.enterprise_id
         HAVING SUM(f.executed_usd * CASE WHEN $4 THEN COALESCE(p.cny_per_usd, 0) ELSE 1 END) > 0
          ORDER BY 1 DESC OFFSET $5::int - 1 LIMIT 1`,
        [ids, quarters, national ? null : territory, currency === 'CNY', top],
      );
      // Margin on top of the cut's 1e-9 for the float bound (sums of at most a few quarters' cents).
      if (sums.length && bound < Number(sums[0].v) * 0.999999999 * (1 - 1e-9)) return ids;
    }
  }

  /**
   * The quality annex reads the workflow itself (not approved facts): firms expected to report (registered with a
   * profile by the end of the quarter, not exempted), reported (zero returns included), on time, approved, open
   * explain-or-fix findings of the current revision and correction requests.
   */
  private async qualityRecords(
    quarters: string[],
    territory: string,
    byRegion: Map<string, CodeNode>,
    byArea: boolean,
    ctx: TableContext,
  ): Promise<Rec[]> {
    const out: Rec[] = [];
    const [hasFindings, hasTransitions] = await Promise.all([
      this.tableExists('validation_finding', ctx),
      this.tableExists('return_transition', ctx),
    ]);
    const ends = quarters.map((q) => periodBounds(q).end);
    // Every statistical area of the territory with its city (a firm is placed by its zone, else its district):
    // the counts are summed in SQL per quarter and city (per area too when the rows are areas). Counts are
    // integers, so the grouping does not change a sum.
    const areas: string[] = [];
    const cities: string[] = [];
    for (const code of byRegion.keys()) {
      const chain = this.chain(byRegion, code);
      if (!chain.some((x) => x.code === territory)) continue;
      areas.push(code);
      cities.push(chain.find((x) => x.attrs.kind === 'city')?.code ?? code);
    }
    const area = byArea ? 'm.area' : 'NULL::varchar';
    // All quarters in one statement each; per-return counts joined as grouped subqueries (one row per return),
    // not correlated per row. A firm is expected from the quarter its first profile is valid by: the active firms
    // are counted once by area and first quarter, then per quarter (not once per firm and quarter), less the
    // exempted ones (at most one exemption per firm and quarter).
    const [expected, filed] = await Promise.all([
      ctx.query<{ period_code: string; area: string | null; city: string; n: string }>(
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
        [quarters, ends, areas, cities],
      ),
      ctx.query<Record<string, string | null>>(
        this.ds,
        `SELECT r.period_code, ${area} AS area, m.city,
                COUNT(*) FILTER (WHERE r.first_submitted_at IS NOT NULL) AS reported,
                COUNT(*) FILTER (WHERE r.first_submitted_at IS NOT NULL AND NOT r.late) AS on_time,
                COUNT(*) FILTER (WHERE r.approved_revision IS NOT NULL) AS approved,
                ${hasFindings ? 'COALESCE(SUM(f.n), 0)' : '0'} AS open_findings,
                ${hasTransitions ? 'COALESCE(SUM(t.n), 0)' : '0'} AS corrections
           FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
           JOIN unnest($2::varchar[], $3::varchar[]) AS m(area, city) ON m.area = COALESCE(e.zone_code, e.region_code)
           ${
             hasFindings
               ? `LEFT JOIN (SELECT f.return_id, f.revision, COUNT(*) AS n FROM validation_finding f
                              JOIN statistical_return fr ON fr.id = f.return_id AND fr.period_code = ANY($1)
                             WHERE f.severity = 'EXPLAIN' AND f.status = 'OPEN'
                             GROUP BY f.return_id, f.revision) f
                    ON f.return_id = r.id AND f.revision = r.current_revision`
               : ''
           }
           ${
             hasTransitions
               ? `LEFT JOIN (SELECT t.return_id, COUNT(*) AS n FROM return_transition t
                              JOIN statistical_return tr ON tr.id = t.return_id AND tr.period_code = ANY($1)
                             WHERE t.action = 'correction-request' GROUP BY t.return_id) t
                    ON t.return_id = r.id`
               : ''
           }
          WHERE r.period_code = ANY($1)
          GROUP BY 1, 2, 3`,
        [quarters, areas, cities],
      ),
    ]);
    const sums = new Map<string, Rec>();
    const recordOf = (q: string, area: string | null, city: string): Rec => {
      const key = `${q}|${area ?? ''}|${city}`;
      let rec = sums.get(key);
      if (!rec) {
        const m = { expected: 0, reported: 0, onTime: 0, approved: 0, openFindings: 0, corrections: 0 };
        rec = { period: q, area: area ?? undefined, city, m };
        sums.set(key, rec);
        out.push(rec);
      }
      return rec;
    };
    for (const x of expected) recordOf(x.period_code, x.area, x.city).m.expected += Number(x.n);
    for (const x of filed) {
      const rec = recordOf(String(x.period_code), x.area, String(x.city));
      rec.m.reported += Number(x.reported);
      rec.m.onTime += Number(x.on_time);
      rec.m.approved += Number(x.approved);
      rec.m.openFindings += Number(x.open_findings);
      rec.m.corrections += Number(x.corrections);
    }
    return out;
  }

  private async tableExists(name: string, ctx: TableContext): Promise<boolean> {
    const [r] = await ctx.query<{ ok: boolean }>(this.ds, `SELECT to_regclass($1) IS NOT NULL AS ok`, [name]);
    return r.ok === true;
  }

  /**
   * Pending returns of the quarters in the territory. `within` (a superset of the quarters, the table period's):
   * read once for those and filtered, so the tables of one request that count a part of the period (headcount:
   * its last quarter) share one read.
   */
  private pendingReturns(
    quarters: string[],
    territory: string,
    byRegion: Map<string, CodeNode>,
    ctx = new TableContext(),
    within = quarters,
  ): Promise<{ id: string; enterprise: string; area: string; city: string; chain: string[] }[]> {
    return ctx.get(`pending|${quarters.join(',')}|${territory}`, async () => {
      const read = await ctx.get(`pending-read|${within.join(',')}|${territory}`, async () => {
        const raw: {
          id: string;
          period_code: string;
          enterprise_id: string;
          region_code: string;
          zone_code: string | null;
        }[] = await this.ds.query(
          `SELECT r.id, r.period_code, r.enterprise_id, e.region_code, e.zone_code FROM statistical_return r
             JOIN enterprise e ON e.id = r.enterprise_id
            WHERE r.period_code = ANY($1) AND r.status = ANY($2) AND r.approved_revision IS NULL`,
          [within, PENDING],
        );
        return raw;
      });
      const wanted = new Set(quarters);
      return this.placePending(
        read.filter((r) => wanted.has(r.period_code)),
        territory,
        byRegion,
      );
    });
  }

  private placePending(
    raw: { id: string; enterprise_id: string; region_code: string; zone_code: string | null }[],
    territory: string,
    byRegion: Map<string, CodeNode>,
  ) {
    return raw
      .map((r) => {
        const area = r.zone_code ?? r.region_code;
        const chain = this.chain(byRegion, area);
        return {
          id: r.id,
          enterprise: r.enterprise_id,
          area,
          city: chain.find((x) => x.attrs.kind === 'city')?.code ?? area,
          chain: chain.map((x) => x.code),
        };
      })
      .filter((r) => r.chain.includes(territory));
  }

  private pendingInRow(p: { enterprise: string; area: string; city: string }, row: EngineRow): boolean {
    if (row.scope.enterprise) return p.enterprise === row.scope.enterprise;
    if (row.scope.city) return p.city === row.scope.city;
    if (row.scope.area) return p.area === row.scope.area;
    return true;
  }

  /** Approved returns of the quarters in the territory (the table's coverage), from agg_snapshot. */
  private async approvedCount(quarters: string[], territory: CodeNode, ctx: TableContext): Promise<number> {
    const [all] = await ctx.query<{ n: string }>(
      this.ds,
      `SELECT COALESCE(SUM(returns), 0)::bigint AS n FROM agg_snapshot
        WHERE period_code = ANY($1) AND ${snapshotScope(reachOf(territory), '$2')}`,
      [quarters, territory.code],
    );
    return Number(all.n);
  }

  private async coverage(
    def: TableDef,
    rows: EngineRow[],
    current: string[],
    territory: string,
    records: Rec[],
    pending: { id: string; enterprise: string; area: string; city: string }[],
    approvedAll: number,
    national: boolean,
    reach: Reach,
    ctx: TableContext,
  ): Promise<{ rows: Coverage[]; table: Coverage }> {
    const keys = [...new Set(rows.flatMap((r) => r.scope.rowKeys))].sort();
    const byCity = rows.some((r) => r.scope.city && !r.scope.area);
    const byArea = rows.some((r) => r.scope.area && !r.scope.city);
    const byBoth = rows.some((r) => r.scope.city && r.scope.area);
    // The territory's own counts from the region roll-up (the nation or a province); the rest summed in SQL from
    // agg_row_returns to exactly the groupings the rows ask for (by city, by area, by both). city_code and
    // area_code are never NULL in the table: NULL marks a grouping set without them.
    const own = rollupScope(reach, '$2', 'province');
    // City and area rows read only whole-scope keys, which the roll-up also holds by city (C) and area (A).
    const starKeys = (pick: (r: EngineRow) => boolean) =>
      rows.filter(pick).every((r) => r.scope.rowKeys.every(isWholeScopeKey));
    const cityRollup =
      byCity && starKeys((r) => !!r.scope.city && !r.scope.area) ? rollupScope(reach, '$2', 'city') : null;
    const areaRollup =
      byArea && starKeys((r) => !!r.scope.area && !r.scope.city) ? rollupScope(reach, '$2', 'area') : null;
    const sets: string[] = own ? [] : ['(row_key)'];
    if (byCity && !cityRollup) sets.push('(row_key, city_code)');
    if (byArea && !areaRollup) sets.push('(row_key, area_code)');
    if (byBoth) sets.push('(row_key, city_code, area_code)');
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
    const counts: { row_key: string; city_code: string | null; area_code: string | null; n: string }[] = keys.length
      ? await ctx.query(this.ds, parts.join(' UNION ALL '), [current, territory, keys])
      : [];
    const currentSet = new Set(current);
    const of = (approved: number, waiting: number): Coverage => ({
      approvedReturns: approved,
      pendingReturns: waiting,
      approvedShare: approved + waiting === 0 ? 1 : approved / (approved + waiting),
    });
    const sums = new Map<string, number>();
    for (const c of counts) sums.set(`${c.row_key}|${c.city_code ?? ''}|${c.area_code ?? ''}`, Number(c.n));
    const firmReturns = new Map<string, number>();
    for (const r of records) {
      if (r.enterprise && currentSet.has(r.period))
        firmReturns.set(r.enterprise, (firmReturns.get(r.enterprise) ?? 0) + 1);
    }
    // Quality rows: approved returns of the current quarters by city ('' = the territory).
    const approvedBy = new Map<string, number>();
    if (def.source === 'quality') {
      for (const r of records) {
        if (!currentSet.has(r.period)) continue;
        const n = r.m.approved ?? 0;
        approvedBy.set('', (approvedBy.get('') ?? 0) + n);
        if (r.city) approvedBy.set(r.city, (approvedBy.get(r.city) ?? 0) + n);
      }
    }
    // Pending returns counted once by firm, city and area (pendingInRow looks at one of them, or none).
    const waitingBy = new Map<string, number>();
    const bump = (k: string) => waitingBy.set(k, (waitingBy.get(k) ?? 0) + 1);
    for (const p of pending) {
      bump(`e|${p.enterprise}`);
      bump(`c|${p.city}`);
      bump(`a|${p.area}`);
    }
    const waitingIn = (row: EngineRow) =>
      row.scope.enterprise
        ? (waitingBy.get(`e|${row.scope.enterprise}`) ?? 0)
        : row.scope.city
          ? (waitingBy.get(`c|${row.scope.city}`) ?? 0)
          : row.scope.area
            ? (waitingBy.get(`a|${row.scope.area}`) ?? 0)
            : pending.length;
    const rowCoverage = rows.map((row) => {
      const waiting = waitingIn(row);
      if (row.scope.enterprise) return of(firmReturns.get(row.scope.enterprise) ?? 0, waiting);
      if (def.source === 'quality') return of(approvedBy.get(row.scope.city ?? '') ?? 0, waiting);
      const { city, area } = row.scope;
      let n = 0;
      for (const key of new Set(row.scope.rowKeys)) n += sums.get(`${key}|${city ?? ''}|${area ?? ''}`) ?? 0;
      return of(n, waiting);
    });
    return { rows: rowCoverage, table: of(approvedAll, pending.length) };
  }

  /**
   * sha256 of the table's parameters and the approved returns it reads: per quarter, the agg_snapshot rows of the
   * territory (its province rows, the nation's all of them, else its statistical areas), each the number of returns
   * and the sums of md5(return_id:revision) over them. Approving, correcting or withdrawing any return of the
   * territory and quarters changes a row, so the hash; the same approved returns give the same hash. The rows
   * depend only on the quarters and the territory: read once per context, hashed per table.
   */
  private async snapshotHash(def: TableDef, req: TableRequest, quarters: string[], ctx: TableContext): Promise<string> {
    const body = await ctx.get(`snapshot|${quarters.join(',')}|${req.territory.code}`, async () => {
      const rows: {
        period_code: string;
        level: string;
        region_code: string;
        returns: string;
        hi: string;
        lo: string;
      }[] = await this.ds.query(
        `SELECT period_code, level, region_code, returns, digest_hi::text AS hi, digest_lo::text AS lo
             FROM agg_snapshot WHERE period_code = ANY($1) AND ${snapshotScope(reachOf(req.territory), '$2')}`,
        [quarters, req.territory.code],
      );
      const line = (r: (typeof rows)[number]) =>
        `${r.period_code}|${r.level}|${r.region_code}|${r.returns}|${r.hi}|${r.lo}\n`;
      return rows
        .map(line)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .join('');
    });
    const h = createHash('sha256');
    h.update(`${def.id}|${req.periodText}|${req.territory.code}|${req.currency}|${req.top ?? ''}\n`);
    h.update(body);
    return h.digest('hex');
  }

  private chain(byCode: Map<string, CodeNode>, code: string): CodeNode[] {
    const out: CodeNode[] = [];
    for (let x = byCode.get(code); x && out.length < 10; x = x.parentCode ? byCode.get(x.parentCode) : undefined)
      out.push(x);
    return out;
  }

  /** The items of a code list valid on a day, read once per context (the list is shared, never mutated). */
  private codeNodes(list: string, day: string, ctx = new TableContext()): Promise<CodeNode[]> {
    return ctx.get(`codes|${list}|${day}`, async () => {
      const rows: {
        code: string;
        parent_code: string | null;
        level: number | null;
        name_zh: string;
        sort_order: number;
        attrs: Record<string, unknown>;
      }[] = await this.ds.query(
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
    });
  }

  private regions(day: string, ctx = new TableContext()): Promise<CodeNode[]> {
    return this.codeNodes('regions', day, ctx);
  }

  private regionIndex(day: string, ctx = new TableContext()): Promise<Map<string, CodeNode>> {
    return ctx.get(`region-index|${day}`, async () => new Map((await this.regions(day, ctx)).map((r) => [r.code, r])));
  }

  private partnerNames(day: string, ctx = new TableContext()): Promise<Map<string, string>> {
    return ctx.get(
      `partner-names|${day}`,
      async () => new Map((await this.codeNodes('partner-economies', day, ctx)).map((c) => [c.code, c.nameZh])),
    );
  }

  private async rates(quarters: string[], ctx = new TableContext()): Promise<Map<string, number>> {
    const rows = await ctx.query<{ code: string; cny_per_usd: string }>(
      this.ds,
      `SELECT code, cny_per_usd FROM period WHERE code = ANY($1)`,
      [quarters],
    );
    return new Map(rows.map((r) => [r.code, Number(r.cny_per_usd)]));
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
