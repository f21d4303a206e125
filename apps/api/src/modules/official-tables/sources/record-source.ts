import type { TablePeriod } from '@portal/shared';
import type { TableDef } from '../catalogue';
import type { CodeNode, EngineRow, Rec } from '../engine';
import { isWholeScopeKey } from '../row-key';
import type { TableContext } from '../table-context';
import type { Reach, TablesRepository } from '../tables.repository';

/*
 * A record source feeds the tables whose catalogue entry names it (`source`): it reads their records — aggregates
 * grouped by the dimensions the table's rows need — and says which approved returns stand behind a row (coverage
 * and drill-down). What the engine needs to know of it (measures, stock or flow, row-key scope) is catalogue data
 * (catalogue.ts SOURCES). Adding a source: a `<source>.source.ts` implementing RecordSource (its SQL in a
 * `<source>.repository.ts` beside it), its entry in sources/index.ts, and its traits and tables in catalogue.ts.
 */

/** A table request, checked, with what every source reads it by. */
export interface SourceRequest {
  def: TableDef;
  period: TablePeriod;
  territory: CodeNode;
  currency: 'USD' | 'CNY';
  /** Ranked rows asked for (the `top` parameter), if any. */
  top?: number;
  /** Every quarter of every year the table reads (engine yearOffsets). */
  quarters: string[];
  /** The quarters of the period itself. */
  periodQuarters: string[];
  /** The quarters the table shows (a stock: the period's last; a flow: the period's). */
  current: string[];
  national: boolean;
  reach: Reach;
  /** Regions valid at the end of the period, by code. */
  regions: Map<string, CodeNode>;
}

export interface RecordSource {
  /**
   * What the snapshot hash of its tables covers: 'approved' — the approved returns of the territory and quarters
   * read (agg_snapshot); 'cells' — the computed cells (a source that reads the workflow, not approved facts).
   */
  readonly snapshot: 'approved' | 'cells';
  /** The records of a table. */
  records(req: SourceRequest, ctx: TableContext): Promise<Rec[]>;
  /** Approved returns feeding each row, in row order (the approved side of coverage). */
  approvedPerRow(req: SourceRequest, rows: EngineRow[], records: Rec[], ctx: TableContext): Promise<number[]>;
  /** The approved returns that feed one row (drill-down). */
  approvedReturnsOf(req: SourceRequest, row: EngineRow, ctx: TableContext): Promise<string[]>;
  /**
   * A source whose rows sum technology contracts: the contracts behind a row — counted in it (registered, in the
   * quarters shown) and waiting for the city (of the territory, their current version falling in the row).
   */
  contractsOf?(
    req: SourceRequest,
    row: EngineRow,
    ctx: TableContext,
  ): Promise<{ counted: Map<string, number>; pending: string[] }>;
  /**
   * A source whose items are not returns (technology contracts): the items of the territory and quarters still
   * waiting (the pending side of coverage) and the approved total of the table, instead of the pending and approved
   * returns.
   */
  ownCoverage?: {
    pending(req: SourceRequest, ctx: TableContext): Promise<PendingItem[]>;
    approvedTotal(req: SourceRequest, records: Rec[]): number;
  };
}

/** An item waiting for review, placed in the region tree (coverage counts it by firm, city and area). */
export interface PendingItem {
  id: string;
  enterprise: string;
  area: string;
  city: string;
}

/**
 * Coverage by row keys (row-key.ts), for sources whose facts carry them: a row counts the approved returns of its
 * keys (summed over keys: a group row may count a return more than once), in its city or area when it is one.
 */
export class RowKeyCoverage {
  constructor(private readonly tables: TablesRepository) {}

  async approvedPerRow(req: SourceRequest, rows: EngineRow[], ctx: TableContext): Promise<number[]> {
    const keys = [...new Set(rows.flatMap((r) => r.scope.rowKeys))].sort();
    const cityRows = rows.filter((r) => r.scope.city && !r.scope.area);
    const areaRows = rows.filter((r) => r.scope.area && !r.scope.city);
    const wholeKeys = (rs: EngineRow[]) => rs.every((r) => r.scope.rowKeys.every(isWholeScopeKey));
    const counts = await this.tables.rowKeyCounts(
      keys,
      req.current,
      req.territory.code,
      { national: req.national, reach: req.reach },
      {
        byCity: cityRows.length > 0,
        byArea: areaRows.length > 0,
        byBoth: rows.some((r) => r.scope.city && r.scope.area),
        cityWholeKeys: wholeKeys(cityRows),
        areaWholeKeys: wholeKeys(areaRows),
      },
      ctx,
    );
    const sums = new Map<string, number>();
    for (const c of counts) sums.set(`${c.row_key}|${c.city_code ?? ''}|${c.area_code ?? ''}`, Number(c.n));
    return rows.map((row) => {
      const { city, area } = row.scope;
      let n = 0;
      for (const key of new Set(row.scope.rowKeys)) n += sums.get(`${key}|${city ?? ''}|${area ?? ''}`) ?? 0;
      return n;
    });
  }

  approvedReturnsOf(req: SourceRequest, row: EngineRow, ctx: TableContext): Promise<string[]> {
    return this.tables.returnsWithRowKeys(
      row.scope.rowKeys,
      req.current,
      req.territory.code,
      req.national,
      { city: row.scope.city, area: row.scope.area },
      ctx,
    );
  }
}
