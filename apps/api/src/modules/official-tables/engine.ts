import {
  tablePeriodQuarters,
  type CellFormat,
  type HeaderCell,
  type TableCell,
  type TableColumn,
  type TablePeriod,
} from '@portal/shared';
import {
  CODE_ROW_LISTS,
  SOURCES,
  type Calc,
  type CodeRowList,
  type ColumnDef,
  type RowSpec,
  type TableDef,
} from './catalogue';
import { codeKey, ROW_KEY_DIMS, wholeScopeKey } from './row-key';

/*
 * The one interpreter of every table definition (catalogue.ts). Pure: it gets aggregate records (already
 * grouped in SQL by the dimensions the table needs) and the code lists valid in the period, and returns header,
 * rows and cells. Rows roll up through code hierarchies and effective-dated partner groups here, so a parent's
 * prior value is always the full prior aggregate of everything under it, members that fell to zero included.
 */

/** One aggregate record: a period, its dimension values, and raw measures (USD, counts, persons). */
export interface Rec {
  period: string;
  business?: string;
  offshore?: boolean;
  partner?: string;
  natureGroup?: string;
  city?: string;
  area?: string;
  category?: string;
  edu?: string;
  enterprise?: string;
  name?: string;
  /** Technology trade: mode (technology-modes) and the firm's GB/T 4754-2002 industry ('' where unknown). */
  mode?: string;
  industry2002?: string;
  m: Record<string, number>;
}

/** The dimensions of a record that carry a code (what `codes` rows match on, CODE_ROW_LISTS). */
export type RecCodeField = 'business' | 'natureGroup' | 'category' | 'edu' | 'mode' | 'industry2002';

export interface CodeNode {
  code: string;
  parentCode: string | null;
  level: number | null;
  nameZh: string;
  sortOrder: number;
  attrs: Record<string, unknown>;
}

export interface EngineInput {
  def: TableDef;
  period: TablePeriod;
  currency: 'USD' | 'CNY';
  territory: { code: string; nameZh: string; kind: string };
  records: Rec[];
  /** CNY per USD by quarter. */
  rates: Map<string, number>;
  /** The code list the rows come from (valid at the end of the period). */
  codes: CodeNode[];
  /** Regions valid at the end of the period. */
  regions: CodeNode[];
  partnerNames: Map<string, string>;
  groupNames: Map<string, string>;
  /** Members of a partner group valid at the end of a quarter. */
  groupMembers: (group: string, period: string) => Set<string>;
  /** Row count for ranked rows (the `top` parameter), overriding the definition's. */
  top?: number;
  /** Continents (list `continents`, in published order) for `continents` rows. */
  continents?: CodeNode[];
  /** The continent of an economy at the end of a quarter (continent_member), if any. */
  continentOf?: (partner: string, period: string) => string | undefined;
}

/** What the service needs to find the returns behind a row (coverage and drill-down). */
export interface RowScope {
  /** Keys of agg_row_returns / fact_row_key (summed). */
  rowKeys: string[];
  city?: string;
  area?: string;
  enterprise?: string;
  /**
   * For sources whose records count the items behind a row themselves (SourceTraits.countMeasure: registered
   * technology contracts), that count in the period shown.
   */
  count?: number;
}

export interface EngineRow {
  key: string;
  label: string;
  kind: 'total' | 'subtotal' | 'item';
  level: number;
  cells: TableCell[];
  scope: RowScope;
  /**
   * Which records the row sums. A source that lists the items behind a row (technology contracts) applies it to one
   * record per item, so the drill-down lists exactly what the row counts.
   */
  match: (r: Rec) => boolean;
}

export interface EngineOutput {
  title: string;
  shortTitle: string;
  unitLine: string;
  columns: TableColumn[];
  header: HeaderCell[];
  headerRows: number;
  rows: EngineRow[];
  notes: string[];
  sourceLine: string;
}

type IndexedDim = 'city' | 'area' | 'partner' | 'enterprise';

interface RowPlan {
  key: string;
  label: string;
  kind: EngineRow['kind'];
  level: number;
  match: (r: Rec) => boolean;
  /**
   * The one dimension value every record the row matches has (a city, an area, an economy, a firm): the engine
   * then looks at those records only instead of all of them. `match` still decides.
   */
  on?: { dim: IndexedDim; value: string };
  rank?: number;
  areaName?: string;
  scope: RowScope;
}

const TOP_ZH = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Year offsets a definition reads (0 = the period, −1 = a year earlier, …). */
export function yearOffsets(def: TableDef): number[] {
  const set = new Set<number>(columnYearOffsets(def));
  // Rows "with business" look at the year before too.
  if ('include' in def.rows && def.rows.include === 'with-business') set.add(-1);
  if (def.rows.kind === 'group-members' || def.rows.kind === 'regions' || def.rows.kind === 'continents') set.add(-1);
  return [...set].sort((a, b) => a - b);
}

/** Year offsets the columns read (without the years that decide which rows have business). */
export function columnYearOffsets(def: TableDef): number[] {
  const set = new Set<number>([0]);
  for (const c of leafColumns(def)) {
    switch (c.calc.kind) {
      case 'value':
      case 'share':
        set.add(c.calc.yearOffset ?? 0);
        break;
      case 'yoy':
      case 'pull':
      case 'contribution':
        set.add(-1);
        break;
      case 'twoYearAvg':
        set.add(-2);
        break;
      case 'cagr':
        set.add(-c.calc.years);
        break;
      default:
        break;
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** Columns of a definition with its per-year columns expanded. */
export function leafColumns(def: TableDef, year = 0): ColumnDef[] {
  const out = [...def.columns];
  const y = def.yearColumns;
  if (y) {
    for (let off = y.years.from; off <= y.years.to; off++) {
      for (const c of y.columns) {
        out.push({
          key: `${c.key}${off === 0 ? '' : off}`,
          header: [y.header.replace('{year}', String(year + off)), c.header],
          calc: { kind: 'value', measure: c.measure, yearOffset: off },
          format: c.format,
          width: c.width,
        });
      }
    }
  }
  return out;
}

/** Rounds half away from zero at `digits` decimals, robust to binary noise (0.15 → 0.2). */
export function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(Number((Math.abs(v) * f).toPrecision(12))) / f;
  return v < 0 ? -r : r === 0 ? 0 : r;
}

export function formatCell(v: number | null, format: CellFormat, missing: string): TableCell {
  if (v === null || !Number.isFinite(v)) return { value: null, text: missing, format };
  switch (format) {
    case 'int': {
      const x = roundTo(v, 0);
      return { value: x, text: String(x), format };
    }
    case 'amount0':
    case 'amount1':
    case 'amount2': {
      const d = Number(format.slice(-1));
      const x = roundTo(v, d);
      return { value: x, text: x.toFixed(d), format };
    }
    case 'trunc0': {
      const x = Math.trunc(Number(v.toPrecision(12)));
      return { value: x === 0 ? 0 : x, text: String(x), format };
    }
    case 'pct1': {
      const x = roundTo(v, 3);
      return { value: x, text: `${(x * 100).toFixed(1)}%`, format };
    }
    case 'pctnum1': {
      const x = roundTo(v * 100, 1);
      return { value: x, text: x.toFixed(1), format };
    }
    case 'pp1': {
      const x = roundTo(v, 1);
      return { value: x, text: x.toFixed(1), format };
    }
    default:
      return { value: String(v), text: String(v), format };
  }
}

export function periodLabel(p: TablePeriod): string {
  if (p.firstQuarter === 1 && p.lastQuarter === 4) return `${p.year}年`;
  if (p.firstQuarter === p.lastQuarter) return `${p.year}年第${p.lastQuarter}季度`;
  return `${p.year}年${p.firstQuarter}-${p.lastQuarter}季度`;
}

/*
 * A title template without what changes from one edition to the next — the period ({periodLabel}, a year range
 * such as {prevYear}-{year}年 or （{firstYear}--{year}）, 截至{endMonth}) and the territory — and with its number
 * (表2：, 附表：) separated by a space: `表2 服务外包出口方式情况（离岸）`. Other placeholders ({top}) stay.
 */
export function shortTitleTemplate(title: string): string {
  const rest = title
    .replace(/截至\{endMonth\}/g, '')
    .replace(/（?\{(?:prevYear|firstYear)\}-+\{year\}年?）?/g, '')
    .replace(/\{(?:periodLabel|territory|year|prevYear|firstYear|endMonth)\}年?/g, '');
  const numbered = /^(附?表\d*)[：:]\s*(.*)$/.exec(rest);
  return numbered ? `${numbered[1]} ${numbered[2]}` : rest;
}

export function moneyUnit(def: TableDef, currency: 'USD' | 'CNY'): string {
  return `${def.moneyScale === 1e8 ? '亿' : '万'}${currency === 'USD' ? '美元' : '元'}`;
}

/** The header block: group headings merged across their columns, short paths spanning down. */
export function headerCells(columns: { header: string[] }[]): { cells: HeaderCell[]; rows: number } {
  const rows = Math.max(...columns.map((c) => c.header.length));
  const cells: HeaderCell[] = [];
  for (let r = 0; r < rows; r++) {
    let col = 0;
    while (col < columns.length) {
      const path = columns[col].header;
      if (path.length <= r) {
        col++;
        continue;
      }
      const last = r === path.length - 1;
      const rowSpan = last ? rows - r : 1;
      let span = 1;
      if (!last) {
        const prefix = path.slice(0, r + 1).join('\u0000');
        while (
          col + span < columns.length &&
          columns[col + span].header.length > r + 1 &&
          columns[col + span].header.slice(0, r + 1).join('\u0000') === prefix
        ) {
          span++;
        }
      }
      cells.push({ text: path[r], row: r, col, rowSpan, colSpan: span });
      col += span;
    }
  }
  return { cells, rows };
}

export function buildTable(input: EngineInput): EngineOutput {
  const { def, period, currency } = input;
  const columns = leafColumns(def, period.year);
  const top = input.top ?? ('top' in def.rows ? def.rows.top : 0);
  const traits = SOURCES[def.source];
  const keys = rowKeysOf(traits.rowKeyScope(def));
  const stock = traits.stock;
  const quarterSets = new Map<number, Set<string>>();
  const quarters = (offset: number) => {
    let s = quarterSets.get(offset);
    if (!s) {
      const all = tablePeriodQuarters(period, offset);
      s = new Set(stock ? all.slice(-1) : all);
      quarterSets.set(offset, s);
    }
    return s;
  };
  const scaleOf = (measure: string, rec: Rec) => {
    const md = traits.measures[measure];
    if (!md) throw new Error(`table ${def.id}: unknown measure ${measure}`);
    if (md.people) return 1 / 1e4;
    if (!md.money) return 1;
    const rate = currency === 'CNY' ? (input.rates.get(rec.period) ?? 0) : 1;
    return rate / def.moneyScale;
  };
  const byOffset = new Map<number, Rec[]>();
  const recs = (offset: number) => {
    let list = byOffset.get(offset);
    if (!list) {
      const qs = quarters(offset);
      list = input.records.filter((r) => qs.has(r.period));
      byOffset.set(offset, list);
    }
    return list;
  };
  const indexes = new Map<string, Map<string | undefined, Rec[]>>();
  /** The records of a period offset that can match a row (all of them for rows without `on`). */
  const candidates = (on: RowPlan['on'], offset: number): Rec[] => {
    if (!on) return recs(offset);
    const ik = `${offset}|${on.dim}`;
    let index = indexes.get(ik);
    if (!index) {
      index = new Map();
      for (const r of recs(offset)) {
        const list = index.get(r[on.dim]);
        if (list) list.push(r);
        else index.set(r[on.dim], [r]);
      }
      indexes.set(ik, index);
    }
    return index.get(on.value) ?? [];
  };
  const cache = new Map<string, number>();
  const value = (row: RowPlan | null, measure: string, offset: number): number => {
    const ck = `${row?.key ?? '*all*'}|${measure}|${offset}`;
    const hit = cache.get(ck);
    if (hit !== undefined) return hit;
    let sum = 0;
    for (const r of candidates(row?.on, offset)) {
      if (row && !row.match(r)) continue;
      const v = r.m[measure];
      if (v) sum += v * scaleOf(measure, r);
    }
    cache.set(ck, sum);
    return sum;
  };
  const hasBusiness = (match: (r: Rec) => boolean, on?: RowPlan['on']) =>
    [0, -1].some((off) => candidates(on, off).some((r) => match(r)));

  const plans = planRows(input, def.rows, { keys, value, hasBusiness, top });
  const totalPlan: RowPlan | null = def.total
    ? {
        key: 'total',
        label: def.total.label,
        kind: 'total',
        level: 0,
        match: totalMatch(input, def.rows),
        scope: totalScope(def.rows, keys),
      }
    : null;
  const ordered = totalPlan ? (def.total!.position === 'first' ? [totalPlan, ...plans] : [...plans, totalPlan]) : plans;
  if (def.rows.kind === 'codes' && def.rows.groups && totalPlan && def.total!.position === 'first') {
    const groupRows = groupPlans(input, def.rows, keys);
    ordered.splice(1, 0, ...groupRows);
  }

  const countMeasure = traits.countMeasure;
  const rows: EngineRow[] = ordered.map((row) => ({
    key: row.key,
    label: row.label,
    kind: row.kind,
    level: row.level,
    scope: countMeasure ? { ...row.scope, count: value(row, countMeasure, 0) } : row.scope,
    match: row.match,
    cells: columns.map((c) => formatCell(cellValue(c.calc, row), c.format, def.missing)),
  }));

  function cellValue(calc: Calc, row: RowPlan): number | null {
    switch (calc.kind) {
      case 'label':
      case 'area':
      case 'rank':
        return null;
      case 'value':
        return value(row, calc.measure, calc.yearOffset ?? 0);
      case 'yoy': {
        const prev = value(row, calc.measure, -1);
        return prev === 0 ? null : value(row, calc.measure, 0) / prev - 1;
      }
      case 'share': {
        const off = calc.yearOffset ?? 0;
        const base = value(null, calc.measure, off);
        return base === 0 ? null : value(row, calc.measure, off) / base;
      }
      case 'twoYearAvg':
        return growth(value(row, calc.measure, 0), value(row, calc.measure, -2), 2);
      case 'cagr':
        return growth(value(row, calc.measure, 0), value(row, calc.measure, -calc.years), calc.years);
      case 'pull': {
        const prevAll = value(null, calc.measure, -1);
        return prevAll === 0 ? null : ((value(row, calc.measure, 0) - value(row, calc.measure, -1)) / prevAll) * 100;
      }
      case 'contribution': {
        const dAll = value(null, calc.measure, 0) - value(null, calc.measure, -1);
        return dAll === 0 ? null : (value(row, calc.measure, 0) - value(row, calc.measure, -1)) / dAll;
      }
      case 'ratio': {
        const den = value(row, calc.den, 0);
        return den === 0 ? null : value(row, calc.num, 0) / den;
      }
    }
  }
  // Text cells (label, rank, area) are filled after formatting, so numbers and text never mix.
  rows.forEach((row, i) => {
    const plan = ordered[i];
    columns.forEach((c, j) => {
      if (c.calc.kind === 'label') row.cells[j] = { value: plan.label, text: plan.label, format: 'text' };
      if (c.calc.kind === 'area')
        row.cells[j] = { value: plan.areaName ?? '', text: plan.areaName ?? '', format: 'text' };
      if (c.calc.kind === 'rank') {
        row.cells[j] =
          plan.rank === undefined
            ? { value: null, text: '', format: 'int' }
            : { value: plan.rank, text: String(plan.rank), format: 'int' };
      }
    });
  });

  const y = def.yearColumns;
  const vars: Record<string, string> = {
    year: String(period.year),
    prevYear: String(period.year - 1),
    firstYear: String(period.year + (y?.years.from ?? 0)),
    periodLabel: periodLabel(period),
    territory: input.territory.nameZh,
    top: String(top),
    topZh: TOP_ZH[top] ?? String(top),
    endMonth: `${period.year}年${period.lastQuarter * 3}月`,
    money: moneyUnit(def, currency),
  };
  const fill = (t: string) => t.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
  // Column headings may name years ({year}, {prevYear}: 表12 prints this year and last side by side).
  const filled = columns.map((c) => ({ ...c, header: c.header.map(fill) }));
  const header = headerCells(filled);
  return {
    title: fill(def.title),
    shortTitle: fill(shortTitleTemplate(def.title)),
    unitLine: fill(def.unitLine),
    columns: filled.map((c) => ({ key: c.key, header: c.header, format: c.format, width: c.width ?? 12 })),
    header: header.cells,
    headerRows: header.rows,
    rows,
    notes: def.notes.map(fill),
    sourceLine: def.sourceLine,
  };
}

function growth(cur: number, base: number, years: number): number | null {
  if (base <= 0 || cur < 0) return null;
  return (cur / base) ** (1 / years) - 1;
}

/**
 * Row keys (row-key.ts) of the table's scope: the whole scope, one code of a dimension. A table whose rows are not
 * counted by key (scope null) gives none.
 */
interface RowKeys {
  whole: () => string[];
  code: (dim: string, code: string) => string[];
}

function rowKeysOf(scope: string | null): RowKeys {
  if (scope === null) return { whole: () => [], code: () => [] };
  return { whole: () => [wholeScopeKey(scope)], code: (dim, code) => [codeKey(scope, dim, code)] };
}

interface PlanHelpers {
  keys: RowKeys;
  value: (row: RowPlan | null, measure: string, offset: number) => number;
  hasBusiness: (match: (r: Rec) => boolean, on?: RowPlan['on']) => boolean;
  top: number;
}

/** The code a record carries for a code list. */
function recCode(list: CodeRowList, r: Rec): string | undefined {
  return r[CODE_ROW_LISTS[list].field];
}

/** The keys a row of one code of a list is counted under: the code's, or the whole scope's. */
function codeRowKeys(keys: RowKeys, list: CodeRowList, code: string): string[] {
  const dim = CODE_ROW_LISTS[list].keyDim;
  return dim === null ? keys.whole() : keys.code(dim, code);
}

function ancestorsOf(codes: CodeNode[]): Map<string, Set<string>> {
  const byCode = new Map(codes.map((c) => [c.code, c]));
  const out = new Map<string, Set<string>>();
  for (const c of codes) {
    const set = new Set<string>();
    for (let x: CodeNode | undefined = c; x && set.size < 10; x = x.parentCode ? byCode.get(x.parentCode) : undefined) {
      set.add(x.code);
    }
    out.set(c.code, set);
  }
  return out;
}

function depthOf(codes: CodeNode[]): Map<string, number> {
  const anc = ancestorsOf(codes);
  return new Map(codes.map((c) => [c.code, c.level ?? anc.get(c.code)!.size]));
}

function planRows(input: EngineInput, spec: RowSpec, h: PlanHelpers): RowPlan[] {
  switch (spec.kind) {
    case 'codes':
      return codeRows(input, spec, h);
    case 'ranked-partners':
      return rankedPartners(input, spec, h);
    case 'group-members':
      return groupMemberRows(input, spec, h);
    case 'regions':
      return regionRows(input, spec, h);
    case 'ranked-enterprises':
      return rankedEnterprises(input, spec, h);
    case 'continents':
      return continentRows(input, spec, h);
  }
}

function codeRows(input: EngineInput, spec: Extract<RowSpec, { kind: 'codes' }>, h: PlanHelpers): RowPlan[] {
  const codes = input.codes.filter((c) => !spec.attr || c.attrs[spec.attr] === true);
  const anc = ancestorsOf(input.codes);
  const depth = depthOf(input.codes);
  const maxDepth = Math.max(...codes.map((c) => depth.get(c.code) ?? 1));
  const levels = spec.levels === 'all' ? Array.from({ length: maxDepth }, (_, i) => i + 1) : spec.levels;
  const matcher = (code: string) => (r: Rec) => {
    const rc = recCode(spec.list, r);
    return rc !== undefined && (anc.get(rc)?.has(code) ?? rc === code);
  };
  const plan = (c: CodeNode, levelIndex: number): RowPlan => ({
    key: c.code,
    label: c.nameZh,
    kind: levels.length > 1 && levelIndex < levels.length - 1 ? 'subtotal' : 'item',
    level: levelIndex,
    match: matcher(c.code),
    scope: { rowKeys: codeRowKeys(h.keys, spec.list, c.code) },
  });
  const order = (rows: RowPlan[]) => {
    if (spec.order === 'code') return rows;
    const m = spec.order.desc;
    return [...rows].sort((a, b) => h.value(b, m, 0) - h.value(a, m, 0));
  };
  const keep = (rows: RowPlan[]) => (spec.include === 'all' ? rows : rows.filter((r) => h.hasBusiness(r.match)));
  const sorted = [...codes].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  const atLevel = (li: number, parent: string | null) =>
    sorted.filter(
      (c) =>
        depth.get(c.code) === levels[li] && (parent === null || (c.code !== parent && anc.get(c.code)?.has(parent))),
    );
  const out: RowPlan[] = [];
  const walk = (li: number, parent: string | null) => {
    const rows = order(keep(atLevel(li, parent).map((c) => plan(c, li))));
    rows.forEach((row, i) => {
      const hasChildren = li < levels.length - 1;
      if (li === 0 && spec.label) row.label = spec.label.replace('{n}', String(i + 1)).replace('{name}', row.label);
      if (hasChildren && spec.parentLabel) row.label = spec.parentLabel.replace('{name}', row.label);
      if (li > 0 && i === 0 && spec.firstChildPrefix) row.label = `${spec.firstChildPrefix}${row.label}`;
      out.push(row);
      if (hasChildren) walk(li + 1, row.key);
    });
  };
  walk(0, null);
  if (spec.unclassified) {
    // Records whose code is not in the list (a firm whose industry is not known): one catch-all row, last.
    const known = new Set(codes.map((c) => c.code));
    const match = (r: Rec) => {
      const rc = recCode(spec.list, r);
      return rc === undefined || !known.has(rc);
    };
    if (spec.include === 'all' || h.hasBusiness(match))
      out.push({
        key: '*unclassified*',
        label: spec.unclassified,
        kind: 'item',
        level: 0,
        match,
        scope: { rowKeys: h.keys.whole() },
      });
  }
  return out;
}

function groupPlans(input: EngineInput, spec: Extract<RowSpec, { kind: 'codes' }>, keys: RowKeys): RowPlan[] {
  return (spec.groups ?? []).map((g) => {
    const members = new Set(input.codes.filter((c) => c.attrs[g.attr] === true).map((c) => c.code));
    return {
      key: g.key,
      label: g.label,
      kind: 'subtotal' as const,
      level: 1,
      match: (r: Rec) => members.has(recCode(spec.list, r) ?? ''),
      scope: { rowKeys: [...members].flatMap((c) => codeRowKeys(keys, spec.list, c)) },
    };
  });
}

function partnerName(input: EngineInput, code: string): string {
  return input.partnerNames.get(code) ?? code;
}

function rankedPartners(
  input: EngineInput,
  spec: Extract<RowSpec, { kind: 'ranked-partners' }>,
  h: PlanHelpers,
): RowPlan[] {
  const unitOf = (partner: string, period: string) =>
    spec.units.find((g) => input.groupMembers(g, period).has(partner)) ?? partner;
  const units = new Set<string>();
  for (const r of input.records) if (r.partner) units.add(unitOf(r.partner, r.period));
  const plans: RowPlan[] = [...units].map((u) => {
    const group = spec.units.includes(u);
    return {
      key: group ? `G:${u}` : u,
      label: group ? (input.groupNames.get(u) ?? u) : partnerName(input, u),
      kind: 'item',
      level: 1,
      match: (r: Rec) => r.partner !== undefined && unitOf(r.partner, r.period) === u,
      scope: { rowKeys: h.keys.code(group ? ROW_KEY_DIMS.group : ROW_KEY_DIMS.partner, u) },
    };
  });
  const ranked = plans
    .filter((p) => h.value(p, spec.rankBy, 0) > 0)
    .sort((a, b) => h.value(b, spec.rankBy, 0) - h.value(a, spec.rankBy, 0) || a.key.localeCompare(b.key))
    .slice(0, h.top);
  ranked.forEach((p, i) => (p.rank = i + 1));
  return ranked;
}

function groupMemberRows(
  input: EngineInput,
  spec: Extract<RowSpec, { kind: 'group-members' }>,
  h: PlanHelpers,
): RowPlan[] {
  const current = tablePeriodQuarters(input.period).slice(-1)[0];
  const members = input.groupMembers(spec.group, current);
  const plans: RowPlan[] = [...members].map((p) => ({
    key: p,
    label: partnerName(input, p),
    kind: 'item',
    level: 1,
    match: (r: Rec) => r.partner === p,
    on: { dim: 'partner' as const, value: p },
    scope: { rowKeys: h.keys.code(ROW_KEY_DIMS.partner, p) },
  }));
  return plans
    .filter((p) => h.hasBusiness(p.match, p.on))
    .sort((a, b) => h.value(b, spec.order.desc, 0) - h.value(a, spec.order.desc, 0) || a.key.localeCompare(b.key));
}

/** A region and its ancestors, nearest first (at most 10). */
export function regionChain(byCode: Map<string, CodeNode>, code: string): CodeNode[] {
  const out: CodeNode[] = [];
  for (let x = byCode.get(code); x && out.length < 10; x = x.parentCode ? byCode.get(x.parentCode) : undefined)
    out.push(x);
  return out;
}

/** Region codes in the territory: cities, or statistical areas (districts and zones). */
function regionRows(input: EngineInput, spec: Extract<RowSpec, { kind: 'regions' }>, h: PlanHelpers): RowPlan[] {
  const byCode = new Map(input.regions.map((r) => [r.code, r]));
  const t = input.territory.code;
  const inTerritory = (code: string) => regionChain(byCode, code).some((x) => x.code === t);
  const sorted = [...input.regions].sort((a, b) => a.sortOrder - b.sortOrder);
  if (spec.level === 'city') {
    return sorted
      .filter((r) => r.attrs.kind === 'city' && inTerritory(r.code))
      .map((r) => ({
        key: r.code,
        label: r.nameZh,
        kind: 'item' as const,
        level: 1,
        match: (x: Rec) => x.city === r.code,
        on: { dim: 'city' as const, value: r.code },
        scope: { rowKeys: h.keys.whole(), city: r.code },
      }));
  }
  return sorted
    .filter((r) => (r.attrs.kind === 'district' || r.attrs.kind === 'zone') && inTerritory(r.code))
    .map((r) => ({
      key: r.code,
      label: r.nameZh,
      kind: 'item' as const,
      level: 1,
      match: (x: Rec) => x.area === r.code,
      on: { dim: 'area' as const, value: r.code },
      scope: { rowKeys: h.keys.whole(), area: r.code },
    }))
    .filter((p) => h.hasBusiness(p.match, p.on));
}

function rankedEnterprises(
  input: EngineInput,
  spec: Extract<RowSpec, { kind: 'ranked-enterprises' }>,
  h: PlanHelpers,
): RowPlan[] {
  const names = new Map<string, { name: string; area: string; period: string }>();
  for (const r of input.records) {
    if (!r.enterprise) continue;
    const seen = names.get(r.enterprise);
    if (!seen || r.period > seen.period)
      names.set(r.enterprise, { name: r.name ?? '', area: r.area ?? '', period: r.period });
  }
  const regionName = new Map(input.regions.map((r) => [r.code, r.nameZh]));
  const plans: RowPlan[] = [...names.entries()].map(([id, n]) => ({
    key: id,
    label: n.name,
    kind: 'item',
    level: 1,
    areaName: regionName.get(n.area) ?? n.area,
    match: (r: Rec) => r.enterprise === id,
    on: { dim: 'enterprise' as const, value: id },
    scope: { rowKeys: [], enterprise: id },
  }));
  const ranked = plans
    .filter((p) => h.value(p, spec.rankBy, 0) > 0)
    .sort((a, b) => h.value(b, spec.rankBy, 0) - h.value(a, spec.rankBy, 0) || a.key.localeCompare(b.key))
    .slice(0, h.top);
  ranked.forEach((p, i) => (p.rank = i + 1));
  return ranked;
}

/**
 * Continents (in the list's order) with their economies beneath: a continent row sums the records of the economies
 * that belong to it at the end of each record's quarter; continents and economies with business now or a year
 * earlier, economies largest first by the row order measure.
 */
function continentRows(input: EngineInput, spec: Extract<RowSpec, { kind: 'continents' }>, h: PlanHelpers): RowPlan[] {
  const continentOf = input.continentOf ?? (() => undefined);
  const partners = new Set<string>();
  for (const r of input.records) if (r.partner) partners.add(r.partner);
  const out: RowPlan[] = [];
  // An economy that moved continent between the years is a row under each: the second one's key names its continent.
  const used = new Set<string>();
  const continents = [...(input.continents ?? [])].sort((a, b) => a.sortOrder - b.sortOrder);
  for (const c of continents) {
    const parent: RowPlan = {
      key: `C:${c.code}`,
      label: c.nameZh,
      kind: 'subtotal',
      level: 0,
      match: (r) => r.partner !== undefined && continentOf(r.partner, r.period) === c.code,
      scope: { rowKeys: h.keys.whole() },
    };
    if (!h.hasBusiness(parent.match)) continue;
    const children: RowPlan[] = [...partners].map((p) => ({
      key: p,
      label: partnerName(input, p),
      kind: 'item',
      level: 1,
      match: (r: Rec) => r.partner === p && continentOf(p, r.period) === c.code,
      on: { dim: 'partner' as const, value: p },
      scope: { rowKeys: h.keys.code(ROW_KEY_DIMS.partner, p) },
    }));
    const shown = children
      .filter((p) => h.hasBusiness(p.match, p.on))
      .sort((a, b) => h.value(b, spec.order.desc, 0) - h.value(a, spec.order.desc, 0) || a.key.localeCompare(b.key));
    for (const p of shown) {
      if (used.has(p.key)) p.key = `${c.code}:${p.key}`;
      used.add(p.key);
    }
    out.push(parent, ...shown);
  }
  return out;
}

function totalMatch(input: EngineInput, spec: RowSpec): (r: Rec) => boolean {
  if (spec.kind === 'group-members')
    return (r) => r.partner !== undefined && input.groupMembers(spec.group, r.period).has(r.partner);
  return () => true;
}

function totalScope(spec: RowSpec, keys: RowKeys): RowScope {
  if (spec.kind === 'group-members') return { rowKeys: keys.code(ROW_KEY_DIMS.group, spec.group) };
  return { rowKeys: keys.whole() };
}
