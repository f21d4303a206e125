import type { DataSource } from 'typeorm';
import { tablePeriodQuarters } from '@portal/shared';
import { yearOffsets, type EngineRow, type Rec } from '../engine';
import type { TableContext } from '../table-context';
import type { TablesRepository } from '../tables.repository';
import { RowKeyCoverage, type RecordSource, type SourceRequest } from './record-source';
import { WorkforceRepository, type WorkforceRow } from './workforce.repository';

/** The leaves of the education-level list and the column each is summed in. */
const LEAVES: [edu: string, column: keyof WorkforceRow][] = [
  ['JC', 'jc'],
  ['BA', 'ba'],
  ['MA', 'ma'],
  ['PHD', 'phd'],
  ['OTHER', 'oth'],
];

/** Outsourcing workforce at quarter end (agg_workforce): one record per education level. */
export class WorkforceSource implements RecordSource {
  readonly snapshot = 'approved';
  private readonly repo: WorkforceRepository;
  private readonly coverage: RowKeyCoverage;

  constructor(ds: DataSource, tables: TablesRepository) {
    this.repo = new WorkforceRepository(ds);
    this.coverage = new RowKeyCoverage(tables);
  }

  async records(req: SourceRequest, ctx: TableContext): Promise<Rec[]> {
    // Headcount is a stock: the engine reads the last quarter of each year offset only, so only those are read.
    const quarters = yearOffsets(req.def).map((o) => tablePeriodQuarters(req.period, o).slice(-1)[0]);
    const raw = await this.repo.headcount(
      quarters,
      req.territory.code,
      req.national,
      req.def.rows.kind === 'regions',
      ctx,
    );
    return raw.flatMap((r) =>
      LEAVES.map(([edu, col]) => ({
        period: r.period_code,
        edu,
        city: r.city_code,
        area: r.area_code,
        m: { headcount: Number(r[col]) },
      })),
    );
  }

  approvedPerRow(req: SourceRequest, rows: EngineRow[], _records: Rec[], ctx: TableContext): Promise<number[]> {
    return this.coverage.approvedPerRow(req, rows, ctx);
  }

  approvedReturnsOf(req: SourceRequest, row: EngineRow, ctx: TableContext): Promise<string[]> {
    return this.coverage.approvedReturnsOf(req, row, ctx);
  }
}
