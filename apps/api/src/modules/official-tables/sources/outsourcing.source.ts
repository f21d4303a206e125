import type { DataSource } from 'typeorm';
import type { EngineRow, Rec } from '../engine';
import type { TableContext } from '../table-context';
import type { TablesRepository } from '../tables.repository';
import { OutsourcingRepository, type OutsourcingDim } from './outsourcing.repository';
import { RowKeyCoverage, type RecordSource, type SourceRequest } from './record-source';

/** Service-outsourcing contracts (agg_outsourcing and its region roll-up): count, signed, executed. */
export class OutsourcingSource implements RecordSource {
  readonly snapshot = 'approved';
  private readonly repo: OutsourcingRepository;
  private readonly coverage: RowKeyCoverage;

  constructor(ds: DataSource, tables: TablesRepository) {
    this.repo = new OutsourcingRepository(ds);
    this.coverage = new RowKeyCoverage(tables);
  }

  async records(req: SourceRequest, ctx: TableContext): Promise<Rec[]> {
    const rows = req.def.rows;
    let dim: OutsourcingDim | null = null;
    if (rows.kind === 'codes' && rows.list === 'outsourcing-categories') dim = 'business_code';
    if (rows.kind === 'codes' && rows.list === 'enterprise-natures') dim = 'nature_group';
    if (rows.kind === 'ranked-partners' || rows.kind === 'group-members') dim = 'partner_code';
    const raw = await this.repo.records(
      {
        quarters: req.quarters,
        territory: req.territory.code,
        national: req.national,
        reach: req.reach,
        offshore: req.def.offshore,
        dim,
        per: rows.kind === 'regions' ? rows.level : null,
      },
      ctx,
    );
    return raw.map((r) => {
      const signed = Number(r.signed);
      const executed = Number(r.executed);
      return {
        period: r.period_code,
        offshore: r.offshore,
        business: r.business_code,
        natureGroup: r.nature_group,
        partner: r.partner_code,
        city: r.city_code,
        area: r.area_code,
        m: {
          count: Number(r.contracts),
          signed,
          executed,
          offshoreSigned: r.offshore ? signed : 0,
          onshoreSigned: r.offshore ? 0 : signed,
          offshoreExecuted: r.offshore ? executed : 0,
          onshoreExecuted: r.offshore ? 0 : executed,
        },
      };
    });
  }

  approvedPerRow(req: SourceRequest, rows: EngineRow[], _records: Rec[], ctx: TableContext): Promise<number[]> {
    return this.coverage.approvedPerRow(req, rows, ctx);
  }

  approvedReturnsOf(req: SourceRequest, row: EngineRow, ctx: TableContext): Promise<string[]> {
    return this.coverage.approvedReturnsOf(req, row, ctx);
  }
}
