import type { DataSource } from 'typeorm';
import type { EngineRow, Rec } from '../engine';
import type { TableContext } from '../table-context';
import type { TablesRepository } from '../tables.repository';
import { RowKeyCoverage, type RecordSource, type SourceRequest } from './record-source';
import { TradeRepository, type TradeDim } from './trade.repository';

/** Services trade (agg_trade and its region roll-up): exports, imports and their total. */
export class TradeSource implements RecordSource {
  readonly snapshot = 'approved';
  private readonly repo: TradeRepository;
  private readonly coverage: RowKeyCoverage;

  constructor(ds: DataSource, tables: TablesRepository) {
    this.repo = new TradeRepository(ds);
    this.coverage = new RowKeyCoverage(tables);
  }

  async records(req: SourceRequest, ctx: TableContext): Promise<Rec[]> {
    const rows = req.def.rows;
    let dim: TradeDim | null = null;
    if (rows.kind === 'codes') dim = 'category_code';
    if (rows.kind === 'ranked-partners' || rows.kind === 'group-members') dim = 'partner_code';
    const raw = await this.repo.records(
      {
        quarters: req.quarters,
        territory: req.territory.code,
        national: req.national,
        reach: req.reach,
        dim,
        per: rows.kind === 'regions' ? rows.level : null,
      },
      ctx,
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

  approvedPerRow(req: SourceRequest, rows: EngineRow[], _records: Rec[], ctx: TableContext): Promise<number[]> {
    return this.coverage.approvedPerRow(req, rows, ctx);
  }

  approvedReturnsOf(req: SourceRequest, row: EngineRow, ctx: TableContext): Promise<string[]> {
    return this.coverage.approvedReturnsOf(req, row, ctx);
  }
}
