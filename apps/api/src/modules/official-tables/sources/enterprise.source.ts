import type { DataSource } from 'typeorm';
import type { EngineRow, Rec } from '../engine';
import type { TableContext } from '../table-context';
import type { TablesRepository } from '../tables.repository';
import { ENTERPRISE_COLUMNS, EnterpriseRepository } from './enterprise.repository';
import { RowKeyCoverage, type RecordSource, type SourceRequest } from './record-source';

/**
 * Firms ranked by a measure of their approved returns (fact_return): only the firms that can make the top N are
 * read with their records; every other firm of the territory counts in one record per quarter without a firm (in
 * the totals and shares, never as a row).
 */
export class EnterpriseSource implements RecordSource {
  readonly snapshot = 'approved';
  private readonly repo: EnterpriseRepository;
  private readonly coverage: RowKeyCoverage;

  constructor(
    ds: DataSource,
    private readonly tables: TablesRepository,
  ) {
    this.repo = new EnterpriseRepository(ds);
    this.coverage = new RowKeyCoverage(tables);
  }

  async records(req: SourceRequest, ctx: TableContext): Promise<Rec[]> {
    const ranked = req.def.rows.kind === 'ranked-enterprises' ? req.def.rows : undefined;
    const top = ranked ? (req.top ?? ranked.top) : 2147483647;
    const column = ENTERPRISE_COLUMNS[ranked?.rankBy ?? 'executed'];
    if (!column) throw new Error(`table ${req.def.id}: cannot rank by ${ranked?.rankBy}`);
    // Nationally and in a province, with firms ranked by execution: the candidates come from the head of each
    // quarter's firms (index on period × [province ×] executed) and the others are the roll-up's totals minus
    // the firms read, instead of a pass over every return of the territory.
    const indexed = column === 'executed_usd' && (req.reach === 'N' || req.reach === 'P');
    const candidates = indexed ? await this.topCandidates(req, Math.max(1, top), ctx) : null;
    const raw = await this.repo.ranked(
      {
        quarters: req.quarters,
        current: req.periodQuarters,
        territory: req.territory.code,
        national: req.national,
        reach: req.reach,
        cny: req.currency === 'CNY',
        top,
        column,
        candidates,
      },
      ctx,
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

  /**
   * Every firm that can be among the `top` largest by execution over the period's quarters (the threshold
   * algorithm): the k largest returns of each quarter (index order) give candidates and, per quarter, a bound no
   * other firm's return exceeds (the k-th value; none when the quarter has fewer than k). A firm outside the
   * candidates sums to at most the bounds' total; once that is below the N-th candidate's exact sum by more than
   * the cut's 1e-9, no firm outside can be chosen, and the N-th sum is the N-th overall. Else k doubles (until
   * every return is read).
   */
  private async topCandidates(req: SourceRequest, top: number, ctx: TableContext): Promise<string[]> {
    const quarters = req.periodQuarters;
    const rates = await this.tables.rates(quarters, ctx);
    const cny = req.currency === 'CNY';
    const rate = (q: string) => (cny ? (rates.get(q) ?? 0) : 1);
    for (let k = Math.max(4 * top, 64); ; k *= 2) {
      const heads = await this.repo.heads(quarters, req.territory.code, req.national, k, ctx);
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
      const nth = await this.repo.nthSum(ids, quarters, req.national ? null : req.territory.code, cny, top, ctx);
      // Margin on top of the cut's 1e-9 for the float bound (sums of at most a few quarters' cents).
      if (nth !== null && bound < nth * 0.999999999 * (1 - 1e-9)) return ids;
    }
  }

  /** A firm's row: its returns of the quarters shown (read with its records); any other row: by row keys. */
  async approvedPerRow(req: SourceRequest, rows: EngineRow[], records: Rec[], ctx: TableContext): Promise<number[]> {
    const current = new Set(req.current);
    const firmReturns = new Map<string, number>();
    for (const r of records) {
      if (r.enterprise && current.has(r.period))
        firmReturns.set(r.enterprise, (firmReturns.get(r.enterprise) ?? 0) + 1);
    }
    const byKeys = await this.coverage.approvedPerRow(req, rows, ctx);
    return rows.map((row, i) => (row.scope.enterprise ? (firmReturns.get(row.scope.enterprise) ?? 0) : byKeys[i]));
  }

  approvedReturnsOf(req: SourceRequest, row: EngineRow, ctx: TableContext): Promise<string[]> {
    if (!row.scope.enterprise) return this.coverage.approvedReturnsOf(req, row, ctx);
    return this.repo.returnsOfFirm(row.scope.enterprise, req.current, req.territory.code, req.national, ctx);
  }
}
