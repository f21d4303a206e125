import type { DataSource } from 'typeorm';
import { tablePeriodQuarters } from '@portal/shared';
import { columnYearOffsets, regionChain, type EngineRow, type Rec } from '../engine';
import type { TableContext } from '../table-context';
import { QualityRepository } from './quality.repository';
import type { RecordSource, SourceRequest } from './record-source';

/**
 * The quality annex (qa_reporting): reads the workflow itself — firms expected, returns reported, on time, late,
 * not filed past the deadline, approved, open findings, correction requests — per city (and area), not approved
 * facts.
 */
export class QualitySource implements RecordSource {
  readonly snapshot = 'cells';
  private readonly repo: QualityRepository;

  constructor(ds: DataSource) {
    this.repo = new QualityRepository(ds);
  }

  async records(req: SourceRequest, ctx: TableContext): Promise<Rec[]> {
    // City rows are every city, listed whether or not they have business: only the years the columns show are
    // read (area rows look a year back for business).
    const cityRows = req.def.rows.kind === 'regions' && req.def.rows.level === 'city';
    const quarters = cityRows
      ? columnYearOffsets(req.def).flatMap((o) => tablePeriodQuarters(req.period, o))
      : req.quarters;
    const areas: string[] = [];
    const cities: string[] = [];
    for (const code of req.regions.keys()) {
      const chain = regionChain(req.regions, code);
      if (!chain.some((x) => x.code === req.territory.code)) continue;
      areas.push(code);
      cities.push(chain.find((x) => x.attrs.kind === 'city')?.code ?? code);
    }
    const [expected, filed, pastDue, extended] = await Promise.all([
      this.repo.expected(quarters, areas, cities, !cityRows, ctx),
      this.repo.filed(quarters, areas, cities, !cityRows, ctx),
      this.repo.pastDue(quarters, ctx),
      this.repo.extendedUnfiled(quarters, areas, cities, !cityRows, ctx),
    ]);
    const out: Rec[] = [];
    const sums = new Map<string, Rec>();
    const recordOf = (q: string, area: string | null, city: string): Rec => {
      const key = `${q}|${area ?? ''}|${city}`;
      let rec = sums.get(key);
      if (!rec) {
        const m = {
          expected: 0,
          reported: 0,
          onTime: 0,
          late: 0,
          overdue: 0,
          approved: 0,
          openFindings: 0,
          corrections: 0,
        };
        rec = { period: q, area: area ?? undefined, city, m };
        sums.set(key, rec);
        out.push(rec);
      }
      return rec;
    };
    for (const x of expected) recordOf(x.period_code, x.area, x.city).m.expected += Number(x.n);
    for (const x of filed) {
      const rec = recordOf(x.period_code, x.area, x.city);
      rec.m.reported += Number(x.reported);
      rec.m.onTime += Number(x.on_time);
      rec.m.approved += Number(x.approved);
      rec.m.openFindings += Number(x.open_findings);
      rec.m.corrections += Number(x.corrections);
      rec.m.late += Number(x.late);
    }
    // 逾期未报: past the deadline, firms expected and not filed, less those whose extension still runs. Lateness
    // is the calendar's, for unfiled firms as for filed ones (a draft is late too).
    const extendedOf = new Map(extended.map((x) => [`${x.period_code}|${x.area ?? ''}|${x.city}`, Number(x.n)]));
    for (const [key, rec] of sums) {
      if (!pastDue.has(rec.period)) continue;
      const m = rec.m;
      m.overdue = Math.max(0, m.expected - m.reported - (extendedOf.get(key) ?? 0));
    }
    return out;
  }

  /** Approved returns of the quarters shown, of the row's city (the territory's for the total), from the records. */
  async approvedPerRow(req: SourceRequest, rows: EngineRow[], records: Rec[]): Promise<number[]> {
    const current = new Set(req.current);
    const approvedBy = new Map<string, number>();
    for (const r of records) {
      if (!current.has(r.period)) continue;
      const n = r.m.approved ?? 0;
      approvedBy.set('', (approvedBy.get('') ?? 0) + n);
      if (r.city) approvedBy.set(r.city, (approvedBy.get(r.city) ?? 0) + n);
    }
    return rows.map((row) => approvedBy.get(row.scope.city ?? '') ?? 0);
  }

  approvedReturnsOf(req: SourceRequest, row: EngineRow, ctx: TableContext): Promise<string[]> {
    return this.repo.approvedReturns(
      req.current,
      req.territory.code,
      req.national,
      row.scope.city ?? row.scope.area,
      ctx,
    );
  }
}
