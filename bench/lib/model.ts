import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  periodBounds,
  withUsccCheck,
  type ContractLine,
  type Currency,
  type ExecutionLine,
  type ProfileSection,
  type ReturnContent,
  type ServicesTradeLine,
} from '@portal/shared';
import { cumulative, firmSeed, Rng } from './rng';

/*
 * The synthetic national data set (DOMAIN.md §7): a region tree of national size, firms whose size follows a
 * Pareto law (a few firms hold most of the business), and four quarterly returns per firm. Pure and
 * deterministic: firm i of seed s is always the same firm, so writers and loaders generate it on the fly.
 */

export const CODES_DIR = join(__dirname, '..', '..', 'libs', 'shared', 'codes');

function csv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(CODES_DIR, file), 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
}

/** A code_item row of the region list. */
export interface RegionRow {
  code: string;
  parentCode: string | null;
  level: number;
  nameZh: string;
  kind: 'country' | 'province' | 'city' | 'district' | 'zone';
  reviewUnit: boolean;
  sortOrder: number;
}

export interface City {
  code: string;
  province: string;
  districts: string[];
  zones: string[];
}

export interface RegionTreeSpec {
  /** New rows to insert (the national root and the synthesized provinces); Shaanxi's rows ship with the code lists. */
  rows: RegionRow[];
  /** Re-parented existing rows (Shaanxi under the national root). */
  reparent: { code: string; parentCode: string }[];
  cities: City[];
  provinces: string[];
}

export const NATIONAL_ROOT = '000000';
const TREE_SEED = 2021;

/** Province prefixes of the 31 provincial-level divisions (GB/T 2260). */
const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65,
];

/**
 * 31 provinces, ~340 cities, ~2,800 districts: Shaanxi as shipped (its real tree), the other 30 synthesized
 * (11 cities of 7–10 districts and one development zone each, codes in the GB/T 2260 shape), under one national root.
 */
export function nationalRegionTree(seed: number): RegionTreeSpec {
  const rng = new Rng(seed ^ 0x5eed);
  const rows: RegionRow[] = [
    {
      code: NATIONAL_ROOT,
      parentCode: null,
      level: 0,
      nameZh: '全国',
      kind: 'country',
      reviewUnit: false,
      sortOrder: 0,
    },
  ];
  const cities: City[] = [];
  let order = 10_000;
  for (const p of PROVINCES) {
    if (p === 61) continue;
    const province = `${p}0000`;
    rows.push({
      code: province,
      parentCode: NATIONAL_ROOT,
      level: 1,
      nameZh: `省${p}`,
      kind: 'province',
      reviewUnit: false,
      sortOrder: order++,
    });
    for (let c = 1; c <= 11; c++) {
      const city = `${p}${String(c).padStart(2, '0')}00`;
      rows.push({
        code: city,
        parentCode: province,
        level: 2,
        nameZh: `省${p}市${c}`,
        kind: 'city',
        reviewUnit: true,
        sortOrder: order++,
      });
      const districts: string[] = [];
      const n = rng.int(7, 10);
      for (let d = 1; d <= n; d++) {
        const code = `${city.slice(0, 4)}${String(d).padStart(2, '0')}`;
        districts.push(code);
        rows.push({
          code,
          parentCode: city,
          level: 3,
          nameZh: `省${p}市${c}区${d}`,
          kind: 'district',
          reviewUnit: false,
          sortOrder: order++,
        });
      }
      const zone = `${city.slice(0, 4)}Z1`;
      rows.push({
        code: zone,
        parentCode: city,
        level: 3,
        nameZh: `省${p}市${c}开发区`,
        kind: 'zone',
        reviewUnit: false,
        sortOrder: order++,
      });
      cities.push({ code: city, province, districts, zones: [zone] });
    }
  }
  // Shaanxi's shipped tree: districts and zones under their cities.
  const shaanxi = csv('regions_shaanxi.csv');
  for (const r of shaanxi.filter((x) => x.kind === 'city')) {
    cities.push({
      code: r.code,
      province: '610000',
      districts: shaanxi.filter((x) => x.kind === 'district' && x.parent === r.code).map((x) => x.code),
      zones: shaanxi.filter((x) => x.kind === 'zone' && x.parent === r.code).map((x) => x.code),
    });
  }
  for (const c of cities) if (!c.districts.length) c.districts.push(c.code);
  return {
    rows,
    reparent: [{ code: '610000', parentCode: NATIONAL_ROOT }],
    cities,
    provinces: PROVINCES.map((p) => `${p}0000`),
  };
}

/** Code lists the generator draws from (the province's service categories, level-3 outsourcing categories). */
export interface CodeLists {
  serviceCategories: string[];
  businessCodes: string[];
}

export function codeLists(): CodeLists {
  return {
    serviceCategories: csv('service_categories.csv')
      .filter((r) => r.provincial === 'Y')
      .map((r) => r.code),
    businessCodes: csv('outsourcing_categories.csv')
      .filter((r) => r.level === '3')
      .map((r) => r.code),
  };
}

/** Client economies, most important first (Zipf weights): the US, Hong Kong and Japan dominate as in the reports. */
const PARTNERS =
  'US HK JP SG DE GB KR TW FR NL AU CA IT MY TH VN IN ID AE SA RU BR MX ZA CH SE ES BE IE IL NZ PH KZ PK EG TR PL DK FI NO AT CZ HU PT GR CL AR PE CO NG KE MO LU BD LK MN UZ QA KW OM'.split(
    ' ',
  );
const PARTNER_CUM = cumulative(PARTNERS.map((_, i) => 1 / Math.pow(i + 1, 1.1)));
const NATURES = ['DOM-PRI', 'DOM-SOE', 'DOM-COL', 'DOM-OTH', 'HMT', 'FIE'];
const NATURE_CUM = cumulative([60, 10, 2, 5, 8, 15]);
const INDUSTRIES = ['I', 'L', 'M', 'C', 'F', 'J'];
const INDUSTRY_CUM = cumulative([60, 12, 12, 8, 4, 4]);
/** CNY per USD of the generated quarters. */
export const RATE = 6.4515;

export interface GeneratorOptions {
  firms: number;
  year: number;
  seed: number;
  /** One character distinguishing data sets in the USCCs (the national set, an import bundle, …). */
  tag: string;
  /** Pareto shape of firm size. */
  alpha?: number;
  /** National offshore + onshore execution of the year, USD (1,368.5 亿 offshore in 2022). */
  totalExecutionUsd?: number;
}

export interface Firm {
  index: number;
  uscc: string;
  profile: ProfileSection;
  city: City;
  size: number;
}

export interface FirmYear {
  firm: Firm;
  /** Four quarterly returns, Q1..Q4. */
  returns: { period: string; content: ReturnContent }[];
}

const MAX_SIZE = 2e6;

/** The data set: firm sizes are drawn up front (a number per firm) so amounts can be scaled to a national total. */
export class DataSet {
  readonly tree: RegionTreeSpec;
  readonly codes = codeLists();
  private readonly sizes: Float64Array;
  private readonly unit: number;
  private readonly cityCum: number[];

  constructor(readonly opts: GeneratorOptions) {
    // One tree for every data set, so a bundle of other firms fits a database loaded with another seed.
    this.tree = nationalRegionTree(TREE_SEED);
    const alpha = opts.alpha ?? 0.62;
    this.sizes = new Float64Array(opts.firms);
    let sum = 0;
    for (let i = 0; i < opts.firms; i++) {
      this.sizes[i] = Math.min(MAX_SIZE, new Rng(firmSeed(opts.seed, i)).pareto(alpha));
      sum += this.sizes[i];
    }
    // Per firm of the national 74k: the total scales with the number of firms.
    const total = (opts.totalExecutionUsd ?? 2.4e11) * (opts.firms / 74_000);
    this.unit = total / sum;
    // Provinces (and their cities) differ in size too: a few coastal ones hold most firms.
    const rng = new Rng(opts.seed ^ 0xc171e5);
    this.cityCum = cumulative(this.tree.cities.map(() => rng.pareto(1.3)));
  }

  get size(): number {
    return this.opts.firms;
  }

  firm(index: number): Firm {
    const rng = new Rng(firmSeed(this.opts.seed, index) ^ 0xf1);
    const city = this.tree.cities[rng.weighted(this.cityCum)];
    const regionCode = rng.pick(city.districts);
    const zoneCode = city.zones.length && rng.next() < 0.2 ? rng.pick(city.zones) : null;
    const size = this.sizes[index];
    const uscc = withUsccCheck(
      `91${city.province.slice(0, 2)}${String(index % 9973).padStart(4, '0')}${this.opts.tag}${String(index).padStart(8, '0')}`,
    );
    return {
      index,
      uscc,
      city,
      size,
      profile: {
        confirmed: true,
        nameZh: `基准测试企业${this.opts.tag}${index}有限公司`,
        regionCode,
        zoneCode,
        natureCode: NATURES[rng.weighted(NATURE_CUM)],
        industryCode: INDUSTRIES[rng.weighted(INDUSTRY_CUM)],
        keyEnterprise: size > 200,
        advancedTech: false,
      },
    };
  }

  /** One firm's year: trade lines, contracts with executions over the following quarters, workforce. */
  firmYear(index: number): FirmYear {
    const firm = this.firm(index);
    const rng = new Rng(firmSeed(this.opts.seed, index) ^ 0xa7);
    const y = this.opts.year;
    const periods = [1, 2, 3, 4].map((q) => `${y}Q${q}`);
    const contents: ReturnContent[] = periods.map(() => ({
      profile: firm.profile,
      zeroReturn: false,
      servicesTrade: [],
      contracts: [],
      executions: [],
      workforce: null,
    }));
    if (rng.next() < 0.07) {
      // 本期无业务: zero returns all year.
      for (const c of contents) c.zeroReturn = true;
      return { firm, returns: periods.map((period, i) => ({ period, content: contents[i] })) };
    }
    const log = Math.log2(firm.size);
    const execution = this.unit * firm.size * rng.logNormal(0.3);
    const money = (usd: number, currency: Currency) =>
      Math.max(0.01, Math.round((currency === 'CNY' ? usd * RATE : usd) * 100) / 100);

    // Services trade: a fixed set of category × economy pairs, most of them active each quarter.
    const pairs = new Map<string, { category: string; partner: string; imports: boolean }>();
    const nPairs = Math.min(150, Math.round(2 + 3.8 * log + rng.int(0, 3)));
    for (let k = 0; k < nPairs * 2 && pairs.size < nPairs; k++) {
      const category = rng.pick(this.codes.serviceCategories);
      const partner = PARTNERS[rng.weighted(PARTNER_CUM)];
      pairs.set(`${category}|${partner}`, { category, partner, imports: rng.next() < 0.4 });
    }
    const tradeValue = execution * 0.8;
    const perLine = tradeValue / 4 / Math.max(1, nPairs * 1.4);
    const tradeCurrency: Currency = rng.next() < 0.15 ? 'CNY' : 'USD';
    contents.forEach((c) => {
      for (const p of pairs.values()) {
        if (rng.next() > 0.85) continue;
        const line = (direction: ServicesTradeLine['direction']): ServicesTradeLine => ({
          categoryCode: p.category,
          partnerCode: p.partner,
          direction,
          amount: money(perLine * rng.logNormal(0.8), tradeCurrency),
          currency: tradeCurrency,
        });
        c.servicesTrade.push(line('EXPORT'));
        if (p.imports) c.servicesTrade.push(line('IMPORT'));
      }
    });

    // Contracts: signed in a quarter, executed in that and the following quarters.
    const nContracts = Math.max(1, Math.min(400, rng.poisson(1.5 + 2.2 * log)));
    const perContract = execution / nContracts;
    for (let k = 0; k < nContracts; k++) {
      const q = rng.int(1, 4);
      const { start } = periodBounds(periods[q - 1]);
      const day = new Date(`${start}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() + rng.int(0, 89));
      const offshore = rng.next() < 0.7;
      const currency: Currency = rng.next() < 0.15 ? 'CNY' : 'USD';
      const valueUsd = perContract * rng.logNormal(0.7) * 1.4;
      const contract: ContractLine = {
        contractNo: `C${y}-${index}-${String(k).padStart(4, '0')}`,
        signedDate: day.toISOString().slice(0, 10),
        clientName: `发包方${rng.int(1, 5000)}`,
        clientPartnerCode: offshore ? PARTNERS[rng.weighted(PARTNER_CUM)] : 'CN',
        clientIndustryCode: rng.next() < 0.8 ? 'I' : null,
        businessCode: rng.pick(this.codes.businessCodes),
        offshore,
        amount: money(valueUsd, currency),
        currency,
      };
      contents[q - 1].contracts.push(contract);
      let left = valueUsd * 0.95;
      for (let qq = q; qq <= 4 && left > 1; qq++) {
        const usd = Math.min(left, valueUsd * (0.2 + 0.25 * rng.next()));
        left -= usd;
        const exec: ExecutionLine = { contractNo: contract.contractNo, amount: money(usd, currency), currency };
        contents[qq - 1].executions.push(exec);
      }
    }

    const headcount = Math.max(3, Math.round(8 * Math.sqrt(firm.size) * rng.logNormal(0.3)));
    contents.forEach((c) => {
      const h = Math.max(1, Math.round(headcount * (0.97 + 0.06 * rng.next())));
      const newHires = Math.round(h * 0.05);
      c.workforce = {
        juniorCollege: Math.round(h * 0.25),
        bachelor: Math.round(h * 0.55),
        master: Math.round(h * 0.12),
        doctor: Math.round(h * 0.02),
        other: Math.round(h * 0.06),
        newHires,
        newHiresGraduates: Math.round(newHires * 0.5),
      };
    });
    return { firm, returns: periods.map((period, i) => ({ period, content: contents[i] })) };
  }
}

/** Line items of a return: trade lines, contracts, executions and the workforce section. */
export function lineCount(c: ReturnContent): number {
  return c.servicesTrade.length + c.contracts.length + c.executions.length + (c.workforce ? 1 : 0);
}
