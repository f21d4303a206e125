import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  parseTablePeriod,
  periodBounds,
  tablePeriodQuarters,
  type CatalogueEntry,
  type ContractDrillDownRow,
  type Coverage,
  type DrillDownRow,
  type OfficialTableView,
  type TablePeriod,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { CodeCache } from '../../core/database/code-cache';
import { AppError } from '../../core/errors/app-error';
import { SOURCES, TABLES, tableDef, type TableDef } from './catalogue';
import { buildTable, regionChain, yearOffsets, type CodeNode, type EngineRow } from './engine';
import { recordSources } from './sources';
import type { RecordSource, SourceRequest } from './sources/record-source';
import { TechnologyRepository } from './sources/technology.repository';
import { TableContext } from './table-context';
import { isNational, reachOf, TablesRepository } from './tables.repository';

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

/** A pending return placed in the region tree valid at the end of the period. */
interface Pending {
  id: string;
  enterprise: string;
  area: string;
  city: string;
}

/** Sources whose tables are kept between requests (see `table`): their figures are all behind the snapshot hash. */
const CACHED_SOURCES = new Set<TableDef['source']>(['trade', 'outsourcing', 'workforce']);
/** Tables kept (a national area table is a few MB; most are a few kB) and for how long at most. */
const VIEW_CACHE_SIZE = 64;
const VIEW_CACHE_TTL_MS = 10 * 60_000;

/**
 * Official tables from the maintained aggregates of approved returns (facts.ts): the catalogue, parameters checked
 * against the caller's territory, and each table computed by the engine from the records its source reads
 * (sources/), with row coverage, the snapshot hash and the drill-down to the returns behind a row.
 */
@Injectable()
export class OfficialTablesService {
  private readonly views = new CodeCache<OfficialTableView>(VIEW_CACHE_TTL_MS, VIEW_CACHE_SIZE);
  private readonly db: TablesRepository;
  private readonly sources: Record<TableDef['source'], RecordSource>;
  private readonly technology: TechnologyRepository;

  constructor(@InjectDataSource() ds: DataSource) {
    this.db = new TablesRepository(ds);
    this.technology = new TechnologyRepository(ds);
    this.sources = recordSources(ds, this.db);
  }

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
    const end = endOf(period);
    const regions = await this.regions(end, ctx);
    const byCode = await this.regionIndex(end, ctx);
    const code =
      q.territory ??
      (user.scopeKind === 'SYSTEM' ? regions.find((r) => r.attrs.kind === 'province')?.code : user.scopeCode);
    const territory = code ? byCode.get(code) : undefined;
    if (!territory) throw new AppError('TABLE_PARAMETER', { name: 'territory', value: String(code ?? '') });
    if (user.scopeKind !== 'SYSTEM') {
      const chain = regionChain(byCode, territory.code).map((r) => r.code);
      if (!user.scopeCode || !chain.includes(user.scopeCode)) {
        throw new AppError('TERRITORY_OUT_OF_SCOPE', { territory: territory.code });
      }
    }
    return { def, period, periodText, territory, currency, top };
  }

  /**
   * One table as the API serves it. Tables of approved facts are kept once computed (VIEW_CACHE_SIZE of them, for
   * VIEW_CACHE_TTL_MS at most) with what they were computed from — the snapshot hash of the approved returns they
   * read and the freshness marker (code lists, rates, partner groups, returns in review) — and served again only
   * while both are unchanged, so an approval, a submission or a code edit shows at once, from any API process.
   * Concurrent requests for the same table share one computation. Technology, firm-ranking and quality tables read
   * what no marker covers (registrations, firm profiles, the workflow) and are computed every time.
   */
  async table(user: AuthUser, id: string, q: TableQuery): Promise<OfficialTableView> {
    const ctx = new TableContext();
    const req = await this.request(user, id, q, ctx);
    if (!CACHED_SOURCES.has(req.def.source)) return (await this.compute(req, ctx)).view;
    const quarters = yearOffsets(req.def).flatMap((o) => tablePeriodQuarters(req.period, o));
    const [snapshot, fresh] = await Promise.all([
      this.snapshotHash(req, quarters, ctx),
      this.db.freshness(quarters, ctx),
    ]);
    return this.views.get(snapshot, fresh, async () => (await this.compute(req, ctx)).view);
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
    const source = this.sources[def.source];
    const end = endOf(period);
    const quarters = yearOffsets(def).flatMap((o) => tablePeriodQuarters(period, o));
    const byContinent = def.rows.kind === 'continents';
    const [regions, byRegion, codes, partnerNames, groups, rates, continents, continentMembers] = await Promise.all([
      this.regions(end, ctx),
      this.regionIndex(end, ctx),
      def.rows.kind === 'codes' ? this.db.codeNodes(def.rows.list, end, ctx) : Promise.resolve([]),
      this.partnerNames(end, ctx),
      this.db.partnerGroups(ctx),
      this.db.rates(quarters, ctx),
      byContinent ? this.db.codeNodes('continents', end, ctx) : Promise.resolve([]),
      byContinent ? this.db.continentMembers(ctx) : Promise.resolve([]),
    ]);
    const sreq = this.sourceRequest(req, quarters, byRegion);
    // Reads that do not depend on the table's rows start now and run on other pool connections meanwhile.
    const later = <T>(p: Promise<T>) => {
      p.catch(() => undefined); // awaited below; a failure surfaces there
      return p;
    };
    const own = source.ownCoverage;
    const pendingP = later(
      own ? own.pending(sreq, ctx) : this.pending(sreq.current, territory.code, byRegion, ctx, sreq.periodQuarters),
    );
    const allP = own ? null : later(this.db.approvedCount(sreq.current, territory.code, sreq.reach, ctx));
    const snapshotP = source.snapshot === 'approved' ? later(this.snapshotHash(req, quarters, ctx)) : null;
    const records = await source.records(sreq, ctx);
    const membersCache = new Map<string, Set<string>>();
    const continentCache = new Map<string, string | undefined>();
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
      continents,
      continentOf: (partner, quarter) => {
        const key = `${partner}|${quarter}`;
        if (!continentCache.has(key)) {
          const day = periodBounds(quarter).end;
          const found = continentMembers.find(
            (c) => c.member === partner && c.validFrom <= day && (!c.validTo || c.validTo >= day),
          );
          continentCache.set(key, found?.groupCode);
        }
        return continentCache.get(key);
      },
    });
    const [pending, approvedAll, approved] = await Promise.all([
      pendingP,
      allP ?? own!.approvedTotal(sreq, records),
      source.approvedPerRow(sreq, out.rows, records, ctx),
    ]);
    const coverage = rowCoverage(out.rows, approved, pending, approvedAll);
    const snapshotHash = snapshotP
      ? await snapshotP
      : sha256(JSON.stringify(out.rows.map((r) => r.cells.map((c) => c.value))));
    const view: OfficialTableView = {
      id: def.id,
      title: out.title,
      shortTitle: out.shortTitle,
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
    const ctx = new TableContext();
    const req = await this.request(user, id, q, ctx);
    const { rows } = await this.compute(req, ctx);
    const row = rows.find((r) => r.key === q.row);
    if (!row) throw new AppError('TABLE_PARAMETER', { name: 'row', value: String(q.row ?? '') });
    const byRegion = await this.regionIndex(endOf(req.period), ctx);
    const sreq = this.sourceRequest(req, [], byRegion);
    // Rows of contracts have no returns behind them (their drill-down: drillDownContracts).
    if (this.sources[req.def.source].contractsOf) return [];
    const approvedIds = await this.sources[req.def.source].approvedReturnsOf(sreq, row, ctx);
    const pending = (await this.pending(sreq.current, req.territory.code, byRegion, ctx)).filter((p) =>
      pendingInRow(p, row),
    );
    const ids = [...new Set([...approvedIds, ...pending.map((p) => p.id)])];
    if (!ids.length) return [];
    const approved = new Set(approvedIds);
    const found = await this.db.drillDownReturns(user, ids, ctx);
    return found.map((x) => ({ ...x, contributes: approved.has(x.returnId) }));
  }

  /**
   * The technology contracts behind one row of a table summing contracts: registered ones it counts and those of
   * its territory waiting for the city, within the caller's territory.
   */
  async drillDownContracts(
    user: AuthUser,
    id: string,
    q: TableQuery & { row?: string },
  ): Promise<ContractDrillDownRow[]> {
    const ctx = new TableContext();
    const req = await this.request(user, id, q, ctx);
    const source = this.sources[req.def.source];
    if (!source.contractsOf) throw new AppError('TABLE_NOT_OF_CONTRACTS', { id });
    const { rows } = await this.compute(req, ctx);
    const row = rows.find((r) => r.key === q.row);
    if (!row) throw new AppError('TABLE_PARAMETER', { name: 'row', value: String(q.row ?? '') });
    const byRegion = await this.regionIndex(endOf(req.period), ctx);
    const { counted, pending } = await source.contractsOf(this.sourceRequest(req, [], byRegion), row, ctx);
    const ids = [...counted.keys(), ...pending];
    if (!ids.length) return [];
    return (await this.technology.drillDownContracts(user, ids)).map((c) => {
      const amount = counted.get(c.contractId);
      return amount === undefined
        ? { ...c, contributes: false }
        : { ...c, contractAmountUsd: amount, contributes: true };
    });
  }

  private sourceRequest(req: TableRequest, quarters: string[], regions: Map<string, CodeNode>): SourceRequest {
    const periodQuarters = tablePeriodQuarters(req.period);
    return {
      def: req.def,
      period: req.period,
      territory: req.territory,
      currency: req.currency,
      top: req.top,
      quarters,
      periodQuarters,
      current: SOURCES[req.def.source].stock ? periodQuarters.slice(-1) : periodQuarters,
      national: isNational(req.territory),
      reach: reachOf(req.territory),
      regions,
    };
  }

  /**
   * Pending returns of the quarters in the territory. `within` (a superset of the quarters, the table period's):
   * read once for those and filtered, so the tables of one request that count a part of the period (headcount:
   * its last quarter) share one read.
   */
  private pending(
    quarters: string[],
    territory: string,
    byRegion: Map<string, CodeNode>,
    ctx: TableContext,
    within = quarters,
  ): Promise<Pending[]> {
    return ctx.get(`pending|${quarters.join(',')}|${territory}`, async () => {
      const wanted = new Set(quarters);
      const out: Pending[] = [];
      for (const r of await this.db.pendingReturns(within, ctx)) {
        if (!wanted.has(r.period_code)) continue;
        const area = r.zone_code ?? r.region_code;
        const chain = regionChain(byRegion, area);
        if (!chain.some((x) => x.code === territory)) continue;
        out.push({
          id: r.id,
          enterprise: r.enterprise_id,
          area,
          city: chain.find((x) => x.attrs.kind === 'city')?.code ?? area,
        });
      }
      return out;
    });
  }

  /**
   * sha256 of the table's parameters and the approved returns it reads: per quarter, the agg_snapshot rows of the
   * territory (its province rows, the nation's all of them, else its statistical areas), each the number of returns
   * and the sums of md5(return_id:revision) over them. Approving, correcting or withdrawing any return of the
   * territory and quarters changes a row, so the hash; the same approved returns give the same hash. The rows
   * depend only on the quarters and the territory: read once per context, hashed per table.
   */
  private async snapshotHash(req: TableRequest, quarters: string[], ctx: TableContext): Promise<string> {
    const body = await ctx.get(`snapshot|${quarters.join(',')}|${req.territory.code}`, async () => {
      const rows = await this.db.snapshotRows(quarters, req.territory.code, reachOf(req.territory), ctx);
      return rows
        .map((r) => `${r.period_code}|${r.level}|${r.region_code}|${r.returns}|${r.hi}|${r.lo}\n`)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .join('');
    });
    const h = createHash('sha256');
    h.update(`${req.def.id}|${req.periodText}|${req.territory.code}|${req.currency}|${req.top ?? ''}\n`);
    h.update(body);
    return h.digest('hex');
  }

  private regions(day: string, ctx: TableContext): Promise<CodeNode[]> {
    return this.db.codeNodes('regions', day, ctx);
  }

  private regionIndex(day: string, ctx: TableContext): Promise<Map<string, CodeNode>> {
    return ctx.get(`region-index|${day}`, async () => new Map((await this.regions(day, ctx)).map((r) => [r.code, r])));
  }

  private partnerNames(day: string, ctx: TableContext): Promise<Map<string, string>> {
    return ctx.get(
      `partner-names|${day}`,
      async () => new Map((await this.db.codeNodes('partner-economies', day, ctx)).map((c) => [c.code, c.nameZh])),
    );
  }
}

const endOf = (p: TablePeriod) => periodBounds(`${p.year}Q${p.lastQuarter}`).end;

function pendingInRow(p: Pending, row: EngineRow): boolean {
  if (row.scope.enterprise) return p.enterprise === row.scope.enterprise;
  if (row.scope.city) return p.city === row.scope.city;
  if (row.scope.area) return p.area === row.scope.area;
  return true;
}

/**
 * Each row's coverage: the approved returns behind it (its record source's count) and the returns of its firm,
 * city, area or the whole territory still waiting for review; the table's: every approved and waiting return.
 */
function rowCoverage(
  rows: EngineRow[],
  approved: number[],
  pending: Pending[],
  approvedAll: number,
): { rows: Coverage[]; table: Coverage } {
  const of = (a: number, waiting: number): Coverage => ({
    approvedReturns: a,
    pendingReturns: waiting,
    approvedShare: a + waiting === 0 ? 1 : a / (a + waiting),
  });
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
  return { rows: rows.map((row, i) => of(approved[i], waitingIn(row))), table: of(approvedAll, pending.length) };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
