import type { DataSource } from 'typeorm';
import { regionChain, type EngineRow, type Rec } from '../engine';
import type { TableContext } from '../table-context';
import type { PendingItem, RecordSource, SourceRequest } from './record-source';
import {
  TechnologyRepository,
  type CountedContractRow,
  type PendingContractRow,
  type TechnologyDim,
} from './technology.repository';

/**
 * Registered technology import and export contracts (agg_technology, DOMAIN.md §8). A table's direction keeps the
 * exports or the imports; `export` / `import` are 合同金额 by direction for tables that show both. Coverage counts
 * contracts, not returns: the registered contracts behind a row (the engine's `count`) and the contracts of the
 * territory still waiting for the city.
 */
export class TechnologySource implements RecordSource {
  readonly snapshot = 'cells';
  private readonly repo: TechnologyRepository;

  constructor(ds: DataSource) {
    this.repo = new TechnologyRepository(ds);
  }

  async records(req: SourceRequest, ctx: TableContext): Promise<Rec[]> {
    const rows = req.def.rows;
    const dims: TechnologyDim[] = [];
    if (rows.kind === 'codes') {
      if (rows.list === 'technology-modes') dims.push('mode_code');
      else if (rows.list === 'industries-2002') dims.push('industry_code');
      else if (rows.list === 'enterprise-natures') dims.push('nature_group');
      else throw new Error(`table ${req.def.id}: technology rows cannot be of list ${rows.list}`);
    } else if (rows.kind === 'continents' || rows.kind === 'ranked-partners' || rows.kind === 'group-members')
      dims.push('partner_code');
    else if (rows.kind === 'regions') dims.push('city_code', 'area_code');
    else throw new Error(`table ${req.def.id}: technology tables have no ${rows.kind} rows`);
    const raw = await this.repo.records(
      {
        quarters: req.quarters,
        territory: req.territory.code,
        national: req.national,
        direction: req.def.direction ?? null,
        dims,
      },
      ctx,
    );
    return raw.map((r) => {
      const amount = Number(r.amount);
      return {
        period: r.period_code,
        mode: r.mode_code,
        industry2002: r.industry_code,
        natureGroup: r.nature_group,
        partner: r.partner_code,
        city: r.city_code,
        area: r.area_code,
        m: {
          count: Number(r.n),
          amount,
          techFee: Number(r.tech_fee),
          equipmentFee: Number(r.equipment_fee),
          export: r.direction === 'EXPORT' ? amount : 0,
          import: r.direction === 'IMPORT' ? amount : 0,
        },
      };
    });
  }

  async approvedPerRow(_req: SourceRequest, rows: EngineRow[]): Promise<number[]> {
    return rows.map((r) => r.scope.count ?? 0);
  }

  /** Drill-down lists returns; a technology row has none behind it (its contracts: `contractsOf`). */
  async approvedReturnsOf(): Promise<string[]> {
    return [];
  }

  /**
   * The contracts behind a row, through the row's own match on one record per contract: the registered ones the
   * row counts in the quarters shown (with their counted 合同金额, USD), and those of the territory waiting for the
   * city whose current version falls in the row (placed where their firm is today).
   */
  async contractsOf(
    req: SourceRequest,
    row: EngineRow,
    ctx: TableContext,
  ): Promise<{ counted: Map<string, number>; pending: string[] }> {
    const direction = req.def.direction ?? null;
    const counted = new Map<string, number>();
    for (const c of await this.repo.counted(req.current, req.territory.code, req.national, direction, ctx))
      if (row.match(countedRecord(c))) counted.set(c.contract_id, Number(c.amount_usd));
    const pending = (await this.waiting(req, ctx))
      .filter((w) => !counted.has(w.item.id) && row.match(w.record))
      .map((w) => w.item.id);
    return { counted, pending };
  }

  /** Contracts of the territory and quarters waiting for the city, placed in the region tree, with their record. */
  private async waiting(req: SourceRequest, ctx: TableContext): Promise<{ item: PendingItem; record: Rec }[]> {
    const out: { item: PendingItem; record: Rec }[] = [];
    for (const c of await this.repo.pending(req.current, req.def.direction ?? null, ctx)) {
      const area = c.zone_code ?? c.region_code;
      const chain = regionChain(req.regions, area);
      if (!req.national && !chain.some((x) => x.code === req.territory.code)) continue;
      const city = chain.find((x) => x.attrs.kind === 'city')?.code ?? area;
      out.push({ item: { id: c.id, enterprise: c.enterprise_id, area, city }, record: pendingRecord(c, city, area) });
    }
    return out;
  }

  readonly ownCoverage = {
    pending: async (req: SourceRequest, ctx: TableContext): Promise<PendingItem[]> =>
      (await this.waiting(req, ctx)).map((w) => w.item),
    approvedTotal: (req: SourceRequest, records: Rec[]): number => {
      const current = new Set(req.current);
      return records.reduce((n, r) => (current.has(r.period) ? n + (r.m.count ?? 0) : n), 0);
    },
  };
}

/** A counted contract as a record of one contract (what a row's match reads). */
function countedRecord(c: CountedContractRow): Rec {
  return {
    period: c.period_code,
    mode: c.mode_code,
    industry2002: c.industry_code,
    natureGroup: c.nature_group,
    partner: c.partner_code,
    city: c.city_code,
    area: c.area_code,
    m: { count: 1 },
  };
}

/** A waiting contract as a record of one contract, from its current version and its firm today. */
function pendingRecord(c: PendingContractRow, city: string, area: string): Rec {
  return {
    period: c.period_code,
    mode: c.mode_code ?? undefined,
    industry2002: c.industry_code,
    natureGroup: c.nature_group ?? undefined,
    partner: c.partner_code ?? undefined,
    city,
    area,
    m: { count: 1 },
  };
}
