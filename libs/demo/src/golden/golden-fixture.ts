import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExchangeData } from '@portal/exchange';
import { withUsccCheck } from '@portal/shared';

/*
 * Synthetic firm-level data whose approved aggregates are the published Shaanxi 2021 tables (golden/*.tsv, copied
 * from the domain's golden folder). One source of truth for the golden tests and the demo: the published cells
 * fix current values, 同比 fixes the prior year (prior = current / (1 + g), chosen inside the interval the printed
 * rounding allows), and the values are spread over firms, quarters, partners and natures so that every published
 * table holds at once. All amounts are whole US dollars (万美元 × 10,000): exact in binary floating point too.
 */

export const GOLDEN_DIR = __dirname;
export const GOLDEN_YEAR = 2021;

export interface GoldenTable {
  file: string;
  meta: string[];
  header: string[];
  rows: string[][];
}

export function readGolden(file: string): GoldenTable {
  const lines = readFileSync(join(GOLDEN_DIR, file), 'utf8').split(/\r?\n/).filter(Boolean);
  const meta = lines.filter((l) => l.startsWith('#'));
  const body = lines.filter((l) => !l.startsWith('#')).map((l) => l.split('\t'));
  return { file, meta, header: body[0], rows: body.slice(1) };
}

export const GOLDEN_FILES = {
  so_t01: 'so_t01_overall_2021.tsv',
  so_t02: 'so_t02_offshore_by_subcategory_2021.tsv',
  so_t04: 'so_t04_top5_destinations_2021.tsv',
  so_t08: 'so_t08_employees_by_education_2021.tsv',
  so_nature: 'text_so_offshore_by_enterprise_nature_2021.tsv',
  app_t1: 'app_t1_shaanxi_service_trade_2016_2021.tsv',
} as const;

/** Dollars per 万美元. */
const WAN = 10_000;

export interface GoldenFirm {
  uscc: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  natureGroup: 'FIE' | 'DOM' | 'HMT';
  industryCode: string;
}

export interface GoldenFixture {
  firms: GoldenFirm[];
  data: ExchangeData;
  /** Quarters the data covers (periods must exist before importing). */
  periods: string[];
  /** Unavoidable differences between the data and the print, found while fitting (see docs/official-tables.md). */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Firms

const FIRM_PLACES: { region: string; zone: string | null }[] = [
  { region: '610113', zone: '6101Z1' },
  { region: '610113', zone: '6101Z1' },
  { region: '610112', zone: '6101Z2' },
  { region: '610113', zone: '6101Z3' },
  { region: '610111', zone: '6101Z4' },
  { region: '610104', zone: null },
  { region: '610103', zone: null },
  { region: '610116', zone: '6101Z6' },
  { region: '610400', zone: null },
  { region: '610300', zone: null },
  { region: '610500', zone: null },
  { region: '610113', zone: '6101Z1' },
];

const NATURES: { group: GoldenFirm['natureGroup']; code: string; count: number }[] = [
  { group: 'FIE', code: 'FIE', count: 10 },
  { group: 'DOM', code: 'DOM-PRI', count: 7 },
  { group: 'DOM', code: 'DOM-SOE', count: 3 },
  { group: 'HMT', code: 'HMT', count: 4 },
];

export function goldenFirms(): GoldenFirm[] {
  const firms: GoldenFirm[] = [];
  let seq = 0;
  for (const n of NATURES) {
    for (let i = 0; i < n.count; i++) {
      const place = FIRM_PLACES[seq % FIRM_PLACES.length];
      seq++;
      firms.push({
        uscc: withUsccCheck(`91${place.region}GD${String(seq).padStart(7, '0')}`),
        nameZh: `陕西样例服务外包${String(seq).padStart(2, '0')}有限公司`,
        regionCode: place.region,
        zoneCode: place.zone,
        natureCode: n.code,
        natureGroup: n.group,
        industryCode: seq % 3 === 0 ? 'M' : 'I',
      });
    }
  }
  return firms;
}

// ---------------------------------------------------------------------------------------------------------------
// Arithmetic on intervals of dollars

interface Interval {
  lo: number;
  hi: number;
}

const wan = (text: string) => Math.round(Number(text) * WAN);
/** Dollars a value printed with `decimals` decimals (万) may have been. */
function printed(text: string, decimals: number): Interval {
  const half = WAN / 10 ** decimals / 2;
  const v = wan(text);
  return { lo: Math.ceil(v - half), hi: Math.floor(v + half) - 1 };
}
/** Dollars a value truncated to an integer (万) may have been. */
function truncated(text: string): Interval {
  const v = wan(text);
  return { lo: v, hi: v + WAN - 1 };
}
const pct = (text: string) => Number(text.replace('%', '')) / 100;
const isMissing = (text: string) => text === '-' || text === '—' || text === '';

/** The prior values (dollars) that print growth g (one decimal of a percent) for a current value. */
function priorFor(current: number, growthText: string): Interval {
  if (isMissing(growthText)) return { lo: 0, hi: 0 };
  const g = pct(growthText);
  return { lo: Math.ceil(current / (1 + g + 0.0005)), hi: Math.floor(current / (1 + g - 0.0005)) };
}

function intersect(a: Interval, b: Interval): Interval {
  return { lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
}

/**
 * Splits `total` into parts inside their intervals, starting from the preferred values (the print) and moving
 * each part in proportion to its room. Parts stay whole dollars and add up exactly.
 */
function distribute(total: number, parts: Interval[], preferred: number[]): number[] {
  const out = preferred.map((p, i) => Math.min(parts[i].hi, Math.max(parts[i].lo, p)));
  let diff = total - out.reduce((a, b) => a + b, 0);
  for (let pass = 0; pass < 3 && diff !== 0; pass++) {
    const room = out.map((v, i) => (diff > 0 ? parts[i].hi - v : v - parts[i].lo));
    const sum = room.reduce((a, b) => a + b, 0);
    if (sum <= 0) break;
    const step = diff;
    out.forEach((v, i) => {
      const move = Math.trunc((step * room[i]) / sum);
      out[i] = v + move;
      diff -= move;
    });
    for (let i = 0; i < out.length && diff !== 0; i++) {
      const r = diff > 0 ? parts[i].hi - out[i] : out[i] - parts[i].lo;
      const move = Math.sign(diff) * Math.min(Math.abs(diff), r);
      out[i] += move;
      diff -= move;
    }
  }
  if (diff !== 0) out[out.length - 1] += diff;
  return out;
}

const sumLo = (xs: Interval[]) => xs.reduce((a, b) => a + b.lo, 0);
const sumHi = (xs: Interval[]) => xs.reduce((a, b) => a + b.hi, 0);
const mid = (i: Interval) => Math.round((i.lo + i.hi) / 2);
const clamp = (v: number, i: Interval) => Math.min(i.hi, Math.max(i.lo, v));

/** A parent with children: the parent value inside its own interval and the sums the children allow. */
function fitTree(parent: Interval, parentPreferred: number, children: Interval[], preferred: number[]) {
  const p = intersect(parent, { lo: sumLo(children), hi: sumHi(children) });
  const value =
    p.lo <= p.hi ? clamp(parentPreferred, p) : clamp(parentPreferred, { lo: sumLo(children), hi: sumHi(children) });
  return { value, children: distribute(value, children, preferred) };
}

/** The whole number n closest to current / (1 + g) whose growth prints as g (or the closest miss). */
function priorCount(current: number, growthText: string): { n: number; exact: boolean } {
  if (isMissing(growthText)) return { n: 0, exact: true };
  const g = pct(growthText);
  const guess = Math.round(current / (1 + g));
  let best = { n: guess, err: Infinity };
  for (let n = Math.max(1, guess - 3); n <= guess + 3; n++) {
    const err = Math.abs(Math.round((current / n - 1) * 1000) / 1000 - g);
    if (err < best.err - 1e-12) best = { n, err };
  }
  return { n: best.n, exact: best.err < 1e-9 };
}

// ---------------------------------------------------------------------------------------------------------------
// Allocation helpers

interface Cell {
  s: string;
  p: string;
  v: number;
}

/** North-west corner: a sparse table with the given row and column sums (both add up to the same total). */
function northWest(rows: { key: string; v: number }[], cols: { key: string; v: number }[]): Cell[] {
  const out: Cell[] = [];
  const r = rows.map((x) => ({ ...x }));
  const c = cols.map((x) => ({ ...x }));
  let i = 0;
  let j = 0;
  while (i < r.length && j < c.length) {
    const take = Math.min(r[i].v, c[j].v);
    if (take > 0) out.push({ s: r[i].key, p: c[j].key, v: take });
    r[i].v -= take;
    c[j].v -= take;
    if (r[i].v === 0) i++;
    if (c[j].v === 0) j++;
  }
  return out;
}

/** Splits an amount into n whole-dollar parts of uneven size (a few large, some small), adding up exactly. */
function splitUneven(total: number, n: number): number[] {
  if (n <= 1) return [total];
  const weights = Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 13));
  const w = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((x) => Math.floor((total * x) / w));
  parts[0] += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/** Splits proportionally to weights, whole dollars, adding up exactly. */
function splitProportional(total: number, weights: number[]): number[] {
  const w = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((x) => (w === 0 ? 0 : Math.floor((total * x) / w)));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts.length) {
    if (weights[i] > 0 || w === 0) {
      parts[i] += 1;
      rest -= 1;
    }
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// The outsourcing side: so_t01, so_t02, so_t04, so_nature (current and prior year)

const GROUP_OF_NAME: Record<string, string> = { 信息技术外包: 'ITO', 知识流程外包: 'KPO', 业务流程外包: 'BPO' };

/** Level-3 codes by printed name (the codes of outsourcing_categories.csv). */
const SUBCATEGORY_CODES: Record<string, string> = {
  软件研发服务: 'ITO-RD-01',
  信息技术运营和维护服务: 'ITO-OM-01',
  其他信息技术研发服务: 'ITO-RD-99',
  电子商务平台服务: 'ITO-OM-02',
  信息技术解决方案服务: 'ITO-RD-04',
  集成电路和电子电路设计服务: 'ITO-RD-02',
  测试服务: 'ITO-RD-03',
  新一代信息技术开发应用服务: 'ITO-NG-01',
  其他商务服务: 'KPO-BS-99',
  医药和生物技术研发服务: 'KPO-RD-01',
  其他研发服务: 'KPO-RD-99',
  工程技术服务: 'KPO-DS-02',
  其他技术服务: 'KPO-RD-03',
  大数据服务: 'KPO-BS-01',
  其他业务运营服务: 'BPO-OP-99',
  供应链管理服务: 'BPO-OP-01',
  互联网营销推广服务: 'BPO-OP-02',
  采购外包服务: 'BPO-OP-03',
  其他精密设备维修维护服务: 'BPO-MR-01',
  财务与会计管理服务: 'BPO-IM-01',
};
/** The BPO sub-category missing from the print (its subtotal exceeds the rows shown by 60.5 / 41.5). */
export const MISSING_BPO_CODE = 'BPO-IM-02';

const PARTNER_OF_NAME: Record<string, string> = { 新加坡: 'SG', 中国香港: 'HK', 美国: 'US', 日本: 'JP', 欧盟: 'EU' };
const EU_MEMBERS = ['DE', 'FR', 'NL'];
/** Economies outside the top five (each below the fifth in signed amount); GB is outside the EU since 2020-02-01. */
const REST = [
  { code: 'KR', weight: 33 },
  { code: 'GB', weight: 27 },
  { code: 'IN', weight: 22 },
  { code: 'AU', weight: 18 },
];

interface YearOutsourcing {
  /** Offshore signed / executed by level-3 code. */
  subSigned: Map<string, number>;
  subExecuted: Map<string, number>;
  /** Offshore by partner economy (EU split into members): signed, executed, count. */
  partnerSigned: Map<string, number>;
  partnerExecuted: Map<string, number>;
  partnerCount: Map<string, number>;
  /** Offshore by nature group. */
  natureSigned: Map<string, number>;
  natureExecuted: Map<string, number>;
  /** All contracts (onshore + offshore) by level-1 group. */
  allSigned: Map<string, number>;
  allExecuted: Map<string, number>;
  allCount: Map<string, number>;
}

function emptyYear(): YearOutsourcing {
  return {
    subSigned: new Map(),
    subExecuted: new Map(),
    partnerSigned: new Map(),
    partnerExecuted: new Map(),
    partnerCount: new Map(),
    natureSigned: new Map(),
    natureExecuted: new Map(),
    allSigned: new Map(),
    allExecuted: new Map(),
    allCount: new Map(),
  };
}

/** Fits the offshore table by sub-category (so_t02) for both years, one measure (signed or executed). */
function fitSubcategories(
  t02: GoldenTable,
  col: { value: number; growth: number },
  totalCurrent: Interval,
  totalPrior: Interval | null,
  notes: string[],
): { current: Map<string, number>; prior: Map<string, number>; total: number; priorTotal: number } {
  const groups: { code: string; row: string[]; children: { code: string; row: string[] | null }[] }[] = [];
  let totalRow: string[] = [];
  for (const row of t02.rows) {
    const name = row[0];
    if (name === '总计') totalRow = row;
    else if (name.includes('业务小类')) {
      const code = Object.entries(GROUP_OF_NAME).find(([n]) => name.startsWith(n))![1];
      groups.push({ code, row, children: [] });
    } else {
      groups[groups.length - 1].children.push({ code: SUBCATEGORY_CODES[name], row });
    }
  }
  groups.find((g) => g.code === 'BPO')!.children.push({ code: MISSING_BPO_CODE, row: null });
  const free: Interval = { lo: 1, hi: 1e15 };
  const childIv = (c: { row: string[] | null }) => (c.row ? printed(c.row[col.value], 1) : free);
  const childPref = (c: { row: string[] | null }) => (c.row ? wan(c.row[col.value]) : 0);
  // Current year: total → groups → sub-categories.
  const groupIvs = groups.map((g) =>
    intersect(printed(g.row[col.value], 1), { lo: sumLo(g.children.map(childIv)), hi: sumHi(g.children.map(childIv)) }),
  );
  const top = fitTree(
    intersect(printed(totalRow[col.value], 1), totalCurrent),
    wan(totalRow[col.value]),
    groupIvs,
    groups.map((g) => wan(g.row[col.value])),
  );
  const current = new Map<string, number>();
  groups.forEach((g, gi) => {
    const vals = distribute(top.children[gi], g.children.map(childIv), g.children.map(childPref));
    g.children.forEach((c, ci) => current.set(c.code, vals[ci]));
    current.set(g.code, top.children[gi]);
  });
  // Prior year: growth of every printed row fixes an interval around current / (1 + g).
  const priorIv = (code: string, row: string[] | null): Interval =>
    row ? priorFor(current.get(code)!, row[col.growth]) : { lo: 0, hi: 1e15 };
  const groupPrior = groups.map((g) => {
    const kids = g.children.map((c) => priorIv(c.code, c.row));
    return intersect(priorIv(g.code, g.row), { lo: sumLo(kids), hi: sumHi(kids) });
  });
  let totalPriorIv = priorFor(top.value, totalRow[col.growth]);
  if (totalPrior) totalPriorIv = intersect(totalPriorIv, totalPrior);
  const ptop = fitTree(totalPriorIv, mid(totalPriorIv), groupPrior, groupPrior.map(mid));
  const prior = new Map<string, number>();
  groups.forEach((g, gi) => {
    const kids = g.children.map((c) => priorIv(c.code, c.row));
    const vals = distribute(
      ptop.children[gi],
      kids,
      kids.map((k) => (k.hi >= 1e15 ? 0 : mid(k))),
    );
    g.children.forEach((c, ci) => prior.set(c.code, vals[ci]));
  });
  for (const g of groups) {
    if (groupPrior[groups.indexOf(g)].lo > groupPrior[groups.indexOf(g)].hi)
      notes.push(`so_t02 ${g.code}: no prior value fits the printed growth of the subtotal and its rows`);
  }
  return { current, prior, total: top.value, priorTotal: ptop.value };
}

function buildOutsourcing(notes: string[]): { cur: YearOutsourcing; prev: YearOutsourcing } {
  const t01 = readGolden(GOLDEN_FILES.so_t01);
  const t02 = readGolden(GOLDEN_FILES.so_t02);
  const t04 = readGolden(GOLDEN_FILES.so_t04);
  const tn = readGolden(GOLDEN_FILES.so_nature);
  const cur = emptyYear();
  const prev = emptyYear();
  const global = t04.rows.find((r) => r[1] === '全球')!;
  const top5 = t04.rows.filter((r) => r[1] !== '全球');

  for (const [measure, c2, c4] of [
    ['signed', { value: 1, growth: 2 }, { value: 5, growth: 6 }],
    ['executed', { value: 4, growth: 5 }, { value: 8, growth: 9 }],
  ] as const) {
    // The offshore total is printed twice: rounded in so_t02, truncated in so_t04, with one growth.
    const fit = fitSubcategories(
      t02,
      c2,
      truncated(global[c4.value]),
      priorFor(wan(global[c4.value]), global[c4.growth]),
      notes,
    );
    const subCur = measure === 'signed' ? cur.subSigned : cur.subExecuted;
    const subPrev = measure === 'signed' ? prev.subSigned : prev.subExecuted;
    for (const [k, v] of fit.current) if (k.length > 3) subCur.set(k, v);
    for (const [k, v] of fit.prior) if (v > 0) subPrev.set(k, v);
    // Partners: the top five (EU split over three members) and the rest of the world below the fifth.
    for (const [year, total, target] of [
      [cur, fit.total, 'current'],
      [prev, fit.priorTotal, 'prior'],
    ] as const) {
      const map = measure === 'signed' ? year.partnerSigned : year.partnerExecuted;
      let used = 0;
      for (const r of top5) {
        const unit = PARTNER_OF_NAME[r[1]];
        const currentIv = truncated(r[c4.value]);
        const currentValue = Math.round(currentIv.lo + 0.4 * WAN);
        const v = target === 'current' ? currentValue : mid(priorFor(currentValue, r[c4.growth]));
        const members = unit === 'EU' ? EU_MEMBERS : [unit];
        splitProportional(
          v,
          members.map((_, i) => 5 - i),
        ).forEach((x, i) => map.set(members[i], x));
        used += v;
      }
      const rest = total - used;
      if (rest <= 0) notes.push(`so_t04 ${target} ${measure}: the top five exceed the total`);
      splitProportional(
        rest,
        REST.map((x) => x.weight),
      ).forEach((x, i) => map.set(REST[i].code, x));
    }
  }
  // Contract counts by partner: current printed, prior from growth (whole contracts).
  const restCount = (total: number, used: number) =>
    splitProportional(
      total - used,
      REST.map((x) => x.weight),
    );
  let usedCur = 0;
  let usedPrev = 0;
  const globalPrior = priorCount(Number(global[2]), global[3]);
  for (const r of top5) {
    const unit = PARTNER_OF_NAME[r[1]];
    const n = Number(r[2]);
    const p = priorCount(n, r[3]);
    if (!p.exact)
      notes.push(
        `so_t04 ${r[1]} 数量同比 ${r[3]}: no whole number of prior contracts prints it; ${p.n} gives ${((n / p.n - 1) * 100).toFixed(1)}%`,
      );
    const members = unit === 'EU' ? EU_MEMBERS : [unit];
    splitProportional(
      n,
      members.map((_, i) => 5 - i),
    ).forEach((x, i) => cur.partnerCount.set(members[i], x));
    splitProportional(
      p.n,
      members.map((_, i) => 5 - i),
    ).forEach((x, i) => prev.partnerCount.set(members[i], x));
    usedCur += n;
    usedPrev += p.n;
  }
  restCount(Number(global[2]), usedCur).forEach((x, i) => cur.partnerCount.set(REST[i].code, x));
  restCount(globalPrior.n, usedPrev).forEach((x, i) => prev.partnerCount.set(REST[i].code, x));

  // Nature (text table, current year): amount in 亿美元 and share of the offshore total, both one decimal.
  const totalSigned = [...cur.subSigned.values()].reduce((a, b) => a + b, 0);
  const totalExecuted = [...cur.subExecuted.values()].reduce((a, b) => a + b, 0);
  const natureCode: Record<string, string> = { 外商投资企业: 'FIE', 内资企业: 'DOM', '港、澳、台商投资企业': 'HMT' };
  for (const [map, total, amountCol, shareCol] of [
    [cur.natureSigned, totalSigned, 1, 2],
    [cur.natureExecuted, totalExecuted, 3, 4],
  ] as const) {
    let used = 0;
    tn.rows.forEach((r, i) => {
      const code = natureCode[r[0]];
      if (i === tn.rows.length - 1) {
        map.set(code, total - used);
        return;
      }
      const amount: Interval = {
        lo: Math.ceil((Number(r[amountCol]) - 0.05) * 1e4 * WAN),
        hi: Math.floor((Number(r[amountCol]) + 0.05) * 1e4 * WAN) - 1,
      };
      const share: Interval = {
        lo: Math.ceil((total * (Number(r[shareCol]) - 0.05)) / 100),
        hi: Math.floor((total * (Number(r[shareCol]) + 0.05)) / 100) - 1,
      };
      const both = intersect(amount, share);
      if (both.lo > both.hi) notes.push(`so_nature ${r[0]}: amount and share cannot both print as published`);
      const v = both.lo <= both.hi ? mid(both) : mid(share);
      map.set(code, v);
      used += v;
    });
  }
  const priorSigned = [...prev.subSigned.values()].reduce((a, b) => a + b, 0);
  const priorExecuted = [...prev.subExecuted.values()].reduce((a, b) => a + b, 0);
  splitProportional(priorSigned, [66, 31, 3]).forEach((v, i) => prev.natureSigned.set(['FIE', 'DOM', 'HMT'][i], v));
  splitProportional(priorExecuted, [66, 31, 3]).forEach((v, i) => prev.natureExecuted.set(['FIE', 'DOM', 'HMT'][i], v));

  // All contracts (so_t01) by group, current and prior.
  const totalRow = t01.rows.find((r) => r[0] === '总计')!;
  const groupRows = t01.rows.filter((r) => r[0] !== '总计');
  const groupCode = (name: string) => (name.includes('ITO') ? 'ITO' : name.includes('BPO') ? 'BPO' : 'KPO');
  for (const [valueCol, growthCol, curMap, prevMap] of [
    [3, 4, cur.allSigned, prev.allSigned],
    [5, 6, cur.allExecuted, prev.allExecuted],
  ] as const) {
    const ivs = groupRows.map((r) => printed(r[valueCol], 1));
    const top = fitTree(
      printed(totalRow[valueCol], 1),
      wan(totalRow[valueCol]),
      ivs,
      groupRows.map((r) => wan(r[valueCol])),
    );
    groupRows.forEach((r, i) => curMap.set(groupCode(r[0]), top.children[i]));
    const pivs = groupRows.map((r, i) => priorFor(top.children[i], r[growthCol]));
    const ptop = fitTree(
      priorFor(top.value, totalRow[growthCol]),
      mid(priorFor(top.value, totalRow[growthCol])),
      pivs,
      pivs.map(mid),
    );
    groupRows.forEach((r, i) => prevMap.set(groupCode(r[0]), ptop.children[i]));
  }
  for (const r of groupRows) {
    cur.allCount.set(groupCode(r[0]), Number(r[1]));
    const p = priorCount(Number(r[1]), r[2]);
    if (!p.exact) notes.push(`so_t01 ${r[0]} 数量同比: no whole number prints ${r[2]}`);
    prev.allCount.set(groupCode(r[0]), p.n);
  }
  return { cur, prev };
}

// ---------------------------------------------------------------------------------------------------------------
// From aggregates to contracts and executions

interface Piece {
  business: string;
  partner: string;
  nature: GoldenFirm['natureGroup'];
  amount: number;
  count: number;
}

const groupOf = (code: string) => code.slice(0, 3);

/**
 * Offshore cells (business × partner × nature) with the year's marginals: partners are spread over the three
 * groups in proportion, sub-categories within a group by north-west corner; natures by north-west corner over
 * the cells. Every cell gets at least one contract; a partner's other contracts go to its ITO cells.
 */
function offshoreCells(
  sub: Map<string, number>,
  partners: Map<string, number>,
  natures: Map<string, number>,
  counts: Map<string, number> | null,
): Piece[] {
  const groups = ['ITO', 'KPO', 'BPO'];
  const groupTotals = groups.map((g) =>
    [...sub.entries()].filter(([k]) => groupOf(k) === g).reduce((a, [, v]) => a + v, 0),
  );
  const partnerList = [...partners.entries()];
  // Group × partner: each partner's total split over the groups in proportion, then fixed so group sums hold.
  const gp = partnerList.map(([, v]) => splitProportional(v, groupTotals));
  for (let gi = 0; gi < groups.length; gi++) {
    let diff = groupTotals[gi] - gp.reduce((a, row) => a + row[gi], 0);
    for (let pi = 0; diff !== 0; pi = (pi + 1) % gp.length) {
      const other = (gi + 1) % groups.length;
      const step = diff > 0 ? Math.min(diff, gp[pi][other]) : Math.max(diff, -gp[pi][gi]);
      gp[pi][gi] += step;
      gp[pi][other] -= step;
      diff -= step;
    }
  }
  const cells: Cell[] = [];
  groups.forEach((g, gi) => {
    const rows = [...sub.entries()].filter(([k, v]) => groupOf(k) === g && v > 0).map(([key, v]) => ({ key, v }));
    const cols = partnerList.map(([key], pi) => ({ key, v: gp[pi][gi] })).filter((c) => c.v > 0);
    cells.push(...northWest(rows, cols));
  });
  const natureCols = [...natures.entries()].map(([key, v]) => ({ key, v }));
  const withNature = northWest(
    cells.map((c, i) => ({ key: String(i), v: c.v })),
    natureCols,
  );
  const pieces: Piece[] = withNature.map((x) => {
    const c = cells[Number(x.s)];
    return { business: c.s, partner: c.p, nature: x.p as Piece['nature'], amount: x.v, count: 1 };
  });
  if (counts) {
    for (const [partner, n] of counts) {
      const own = pieces.filter((p) => p.partner === partner);
      let extra = n - own.length;
      const ito = own.filter((p) => groupOf(p.business) === 'ITO');
      const target = ito.length ? ito : own;
      for (let i = 0; extra > 0; i = (i + 1) % target.length, extra--) target[i].count += 1;
    }
  }
  return pieces;
}

function executionCells(
  sub: Map<string, number>,
  partners: Map<string, number>,
  natures: Map<string, number>,
): Piece[] {
  return offshoreCells(sub, partners, natures, null);
}

class Ledger {
  readonly data: ExchangeData = { enterprises: [], servicesTrade: [], contracts: [], executions: [], workforce: [] };
  private readonly seq = new Map<string, number>();
  private readonly carriers = new Map<string, { uscc: string; contractNo: string; index: number }>();
  private readonly executed = new Map<string, number>();

  constructor(readonly firms: GoldenFirm[]) {}

  private next(uscc: string): number {
    const n = (this.seq.get(uscc) ?? 0) + 1;
    this.seq.set(uscc, n);
    return n;
  }

  firmsOf(nature: GoldenFirm['natureGroup']): GoldenFirm[] {
    return this.firms.filter((f) => f.natureGroup === nature);
  }

  contract(
    firm: GoldenFirm,
    year: number,
    quarter: number,
    business: string,
    partner: string,
    dollars: number,
    clientName?: string,
  ) {
    const n = this.next(firm.uscc);
    const month = (quarter - 1) * 3 + 2;
    this.data.contracts.push({
      uscc: firm.uscc,
      contractNo: `GD-${year}-${String(n).padStart(5, '0')}`,
      signedDate: `${year}-${String(month).padStart(2, '0')}-${String(1 + (n % 27)).padStart(2, '0')}`,
      clientName: clientName ?? `${partner === 'CN' ? '国内' : '境外'}客户${partner}-${n % 17}`,
      clientPartnerCode: partner,
      clientIndustryCode: 'I',
      businessCode: business,
      offshore: partner !== 'CN',
      amount: dollars,
      currency: 'USD',
    });
  }

  /** An execution in a quarter on the firm's carrier contract for (business, partner), signed in 2019Q4. */
  execute(firm: GoldenFirm, period: string, business: string, partner: string, dollars: number) {
    const key = `${firm.uscc}|${business}|${partner}`;
    let carrier = this.carriers.get(key);
    if (!carrier) {
      const n = this.next(firm.uscc);
      carrier = {
        uscc: firm.uscc,
        contractNo: `GD-2019-${String(n).padStart(5, '0')}`,
        index: this.data.contracts.length,
      };
      this.carriers.set(key, carrier);
      this.data.contracts.push({
        uscc: firm.uscc,
        contractNo: carrier.contractNo,
        signedDate: '2019-11-15',
        clientName: `${partner === 'CN' ? '国内' : '境外'}长期客户${partner}`,
        clientPartnerCode: partner,
        clientIndustryCode: 'I',
        businessCode: business,
        offshore: partner !== 'CN',
        amount: 0,
        currency: 'USD',
      });
    }
    const ek = `${carrier.contractNo}|${firm.uscc}|${period}`;
    this.executed.set(ek, (this.executed.get(ek) ?? 0) + dollars);
    const c = this.data.contracts[carrier.index];
    c.amount += dollars;
  }

  finish(): ExchangeData {
    for (const [key, dollars] of this.executed) {
      const [contractNo, uscc, period] = key.split('|');
      this.data.executions.push({ uscc, contractNo, period, amount: dollars, currency: 'USD' });
    }
    return this.data;
  }
}

function rotate<T>(list: T[], i: number): T {
  return list[i % list.length];
}

function placeYear(ledger: Ledger, year: number, y: YearOutsourcing, withZeroContract: boolean): void {
  let turn = year;
  // A contract with no value yet: its sub-category has "business" (a contract) but 0.0 signed, as printed.
  const zero = withZeroContract && (y.partnerCount.get('AU') ?? 0) > 1;
  if (zero) y.partnerCount.set('AU', y.partnerCount.get('AU')! - 1);
  // Offshore contracts signed.
  for (const piece of offshoreCells(y.subSigned, y.partnerSigned, y.natureSigned, y.partnerCount)) {
    const firms = ledger.firmsOf(piece.nature);
    splitUneven(piece.amount, piece.count).forEach((dollars) => {
      turn++;
      ledger.contract(rotate(firms, turn), year, 1 + (turn % 4), piece.business, piece.partner, dollars);
    });
  }
  if (zero) ledger.contract(ledger.firmsOf('DOM')[0], year, 4, 'ITO-NG-01', 'AU', 0);
  // Onshore contracts: all contracts minus offshore, per group.
  const offshoreByGroup = new Map<string, { amount: number; count: number }>();
  for (const c of ledger.data.contracts.filter((x) => x.signedDate.startsWith(String(year)) && x.offshore)) {
    const g = groupOf(c.businessCode);
    const o = offshoreByGroup.get(g) ?? { amount: 0, count: 0 };
    o.amount += c.amount;
    o.count += 1;
    offshoreByGroup.set(g, o);
  }
  const onshoreCode: Record<string, string> = { ITO: 'ITO-RD-01', BPO: 'BPO-OP-99', KPO: 'KPO-BS-99' };
  for (const g of ['ITO', 'BPO', 'KPO']) {
    const off = offshoreByGroup.get(g) ?? { amount: 0, count: 0 };
    const amount = y.allSigned.get(g)! - off.amount;
    const count = y.allCount.get(g)! - off.count;
    if (amount < 0 || count < 1) throw new Error(`golden fixture: ${year} ${g} onshore would be negative`);
    const natures: GoldenFirm['natureGroup'][] = ['DOM', 'FIE', 'DOM', 'HMT'];
    splitUneven(amount, count).forEach((dollars, i) => {
      turn++;
      ledger.contract(
        rotate(ledger.firmsOf(rotate(natures, i)), turn),
        year,
        1 + (turn % 4),
        onshoreCode[g],
        'CN',
        dollars,
      );
    });
  }
  // Executions: offshore cells, then onshore per group; each spread over the four quarters.
  const quarters = [1, 2, 3, 4].map((q) => `${year}Q${q}`);
  const spread = (firm: GoldenFirm, business: string, partner: string, dollars: number) => {
    splitProportional(dollars, [2, 3, 3, 4]).forEach((x, q) => {
      if (x > 0) ledger.execute(firm, quarters[q], business, partner, x);
    });
  };
  for (const piece of executionCells(y.subExecuted, y.partnerExecuted, y.natureExecuted)) {
    turn++;
    spread(rotate(ledger.firmsOf(piece.nature), turn), piece.business, piece.partner, piece.amount);
  }
  const offshoreExec = new Map<string, number>();
  for (const [k, v] of y.subExecuted) offshoreExec.set(groupOf(k), (offshoreExec.get(groupOf(k)) ?? 0) + v);
  for (const g of ['ITO', 'BPO', 'KPO']) {
    const amount = y.allExecuted.get(g)! - (offshoreExec.get(g) ?? 0);
    if (amount < 0) throw new Error(`golden fixture: ${year} ${g} onshore execution would be negative`);
    splitProportional(amount, [5, 3, 2]).forEach((dollars, i) => {
      turn++;
      spread(rotate(ledger.firmsOf((['DOM', 'FIE', 'HMT'] as const)[i]), turn), onshoreCode[g], 'CN', dollars);
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Services trade (app_t1) and workforce (so_t08)

const TRADE_PARTNERS = ['US', 'JP', 'HK', 'DE', 'SG', 'KR'];
const CATEGORY_BY_ORDER = ['SC', 'SD', 'SE', 'SF', 'SG', 'SI', 'SH', 'SK', 'SJ', 'SB', 'SA'];

/**
 * Category values for one year: export and import of each category inside their printed intervals, such that
 * each category's total, and the totals row, also print as published where the rounding allows.
 */
function fitTradeYear(
  rows: string[][],
  totalRow: string[],
  base: number,
  decimals: number,
  notes: string[],
  year: number,
) {
  const iv = (t: string) => printed(t, decimals);
  const exp = rows.map((r) => iv(r[base + 1]));
  const imp = rows.map((r) => iv(r[base + 2]));
  const tot = rows.map((r) => iv(r[base]));
  // Category totals: inside [exp + imp] and the printed total.
  const sIv = rows.map((_, k) => intersect(tot[k], { lo: exp[k].lo + imp[k].lo, hi: exp[k].hi + imp[k].hi }));
  sIv.forEach((s, k) => {
    if (s.lo > s.hi) {
      notes.push(`app_t1 ${year} ${rows[k][0]}: 进出口 cannot equal 出口 + 进口 as printed`);
      sIv[k] = { lo: exp[k].lo + imp[k].lo, hi: exp[k].hi + imp[k].hi };
    }
  });
  const T = intersect(
    intersect(iv(totalRow[base]), {
      lo: iv(totalRow[base + 1]).lo + iv(totalRow[base + 2]).lo,
      hi: iv(totalRow[base + 1]).hi + iv(totalRow[base + 2]).hi,
    }),
    { lo: sumLo(sIv), hi: sumHi(sIv) },
  );
  if (T.lo > T.hi) notes.push(`app_t1 ${year} 总额 进出口 differs from the sum of the categories beyond rounding`);
  const totalValue = T.lo <= T.hi ? mid(T) : clamp(wan(totalRow[base]), { lo: sumLo(sIv), hi: sumHi(sIv) });
  const s = distribute(totalValue, sIv, sIv.map(mid));
  // Export side: each e_k with e_k ∈ exp_k and s_k − e_k ∈ imp_k; Σe inside the printed export total.
  const eIv = rows.map((_, k) => intersect(exp[k], { lo: s[k] - imp[k].hi, hi: s[k] - imp[k].lo }));
  const Eiv = intersect(intersect(iv(totalRow[base + 1]), { lo: sumLo(eIv), hi: sumHi(eIv) }), {
    lo: totalValue - iv(totalRow[base + 2]).hi,
    hi: totalValue - iv(totalRow[base + 2]).lo,
  });
  if (Eiv.lo > Eiv.hi)
    notes.push(`app_t1 ${year} 总额 出口/进口 differ from the sum of the categories beyond rounding`);
  const E = Eiv.lo <= Eiv.hi ? mid(Eiv) : clamp(wan(totalRow[base + 1]), { lo: sumLo(eIv), hi: sumHi(eIv) });
  const e = distribute(E, eIv, eIv.map(mid));
  return rows.map((_, k) => ({ exp: e[k], imp: s[k] - e[k] }));
}

function placeTrade(ledger: Ledger, notes: string[]): void {
  const t = readGolden(GOLDEN_FILES.app_t1);
  const totalRow = t.rows[0];
  const rows = t.rows.slice(1);
  const traders = ledger.firms.filter((_, i) => i % 2 === 0);
  for (let y = 0; y < 6; y++) {
    const year = 2016 + y;
    const base = 1 + y * 3;
    const fitted = fitTradeYear(rows, totalRow, base, year === 2018 ? 0 : 2, notes, year);
    fitted.forEach((v, k) => {
      const category = CATEGORY_BY_ORDER[k];
      for (const [direction, dollars] of [
        ['EXPORT', v.exp],
        ['IMPORT', v.imp],
      ] as const) {
        // Four quarters × two firms × a partner each: eight lines adding up to the year.
        splitProportional(dollars, [3, 2, 2, 3, 1, 2, 3, 4]).forEach((x, i) => {
          if (x === 0) return;
          const firm = rotate(traders, k + i);
          ledger.data.servicesTrade.push({
            uscc: firm.uscc,
            period: `${year}Q${1 + (i % 4)}`,
            categoryCode: category,
            partnerCode: rotate(TRADE_PARTNERS, k + i + y),
            direction,
            amount: x,
            currency: 'USD',
          });
        });
      }
    });
  }
  // Lines of one firm, period, category, partner and direction are merged (a return has one line per key).
  const merged = new Map<string, ExchangeData['servicesTrade'][number]>();
  for (const line of ledger.data.servicesTrade) {
    const key = `${line.uscc}|${line.period}|${line.categoryCode}|${line.partnerCode}|${line.direction}`;
    const m = merged.get(key);
    if (m) m.amount += line.amount;
    else merged.set(key, { ...line });
  }
  ledger.data.servicesTrade = [...merged.values()];
}

/**
 * Year-end headcount by education (so_t08). Whole persons that print the published 万人 and shares: 13.06 万 in
 * total. No headcount prints 其它 as 2.2 万 with the 17.4% share (17.35% of at least 130,500 is 22,642, 2.3 万).
 */
export const GOLDEN_WORKFORCE = { juniorCollege: 40450, bachelor: 55000, master: 11650, doctor: 830, other: 22670 };

function placeWorkforce(ledger: Ledger): void {
  const weights = ledger.firms.map((_, i) => 2 + (i % 5));
  const split = (n: number) => splitProportional(n, weights);
  const jc = split(GOLDEN_WORKFORCE.juniorCollege);
  const ba = split(GOLDEN_WORKFORCE.bachelor);
  const ma = split(GOLDEN_WORKFORCE.master);
  const phd = split(GOLDEN_WORKFORCE.doctor);
  const oth = split(GOLDEN_WORKFORCE.other);
  ledger.firms.forEach((f, i) => {
    ledger.data.workforce.push({
      uscc: f.uscc,
      period: `${GOLDEN_YEAR}Q4`,
      juniorCollege: jc[i],
      bachelor: ba[i],
      master: ma[i],
      doctor: phd[i],
      other: oth[i],
      newHires: null,
      newHiresGraduates: null,
    });
  });
}

export function buildGoldenFixture(): GoldenFixture {
  const notes: string[] = [];
  const firms = goldenFirms();
  const ledger = new Ledger(firms);
  ledger.data.enterprises = firms.map((f) => ({
    uscc: f.uscc,
    nameZh: f.nameZh,
    regionCode: f.regionCode,
    zoneCode: f.zoneCode,
    natureCode: f.natureCode,
    industryCode: f.industryCode,
    keyEnterprise: false,
  }));
  const { cur, prev } = buildOutsourcing(notes);
  placeYear(ledger, GOLDEN_YEAR - 1, prev, false);
  placeYear(ledger, GOLDEN_YEAR, cur, true);
  placeTrade(ledger, notes);
  placeWorkforce(ledger);
  const data = ledger.finish();
  const periods: string[] = [];
  for (let y = 2016; y <= GOLDEN_YEAR; y++) for (let q = 1; q <= 4; q++) periods.push(`${y}Q${q}`);
  return { firms, data, periods, notes };
}

/** The rows of some (firm, period) returns, for a firm's own bundle; the rest stays in the other part. */
export function splitReturns(
  data: ExchangeData,
  take: (uscc: string, period: string) => boolean,
): { taken: ExchangeData; rest: ExchangeData } {
  const periodOfContract = (signedDate: string) =>
    `${signedDate.slice(0, 4)}Q${Math.floor((Number(signedDate.slice(5, 7)) - 1) / 3) + 1}`;
  const part = <T>(rows: T[], key: (r: T) => [string, string]) => ({
    taken: rows.filter((r) => take(...key(r))),
    rest: rows.filter((r) => !take(...key(r))),
  });
  const st = part(data.servicesTrade, (r) => [r.uscc, r.period]);
  const ct = part(data.contracts, (r) => [r.uscc, periodOfContract(r.signedDate)]);
  const ex = part(data.executions, (r) => [r.uscc, r.period]);
  const wf = part(data.workforce, (r) => [r.uscc, r.period]);
  return {
    taken: { enterprises: [], servicesTrade: st.taken, contracts: ct.taken, executions: ex.taken, workforce: wf.taken },
    rest: {
      enterprises: data.enterprises,
      servicesTrade: st.rest,
      contracts: ct.rest,
      executions: ex.rest,
      workforce: wf.rest,
    },
  };
}
