import { parseTablePeriod, type CatalogueEntry, type CodeItem, type UserSummary } from '@portal/shared';

export type Currency = 'USD' | 'CNY';
export const CURRENCIES: readonly Currency[] = ['USD', 'CNY'];

/** The parameters every official table takes (GET /api/official-tables/:id?period=&territory=&currency=). */
export interface TableParams {
  /** `2021Q4` (a quarter), `2021` (the year) or `2021Q1-Q3` (quarters to date). */
  period: string;
  /** A region code the user may read; empty: the API's default (the user's own territory). */
  territory: string;
  currency: Currency;
}

export type PeriodKind = 'year' | 'quarter' | 'ytd';
export const PERIOD_KINDS: readonly PeriodKind[] = ['year', 'quarter', 'ytd'];

/**
 * The period as the picker shows it: a year; a quarter; or quarters to date (Q1 to `quarter`). `quarter` is 4 for
 * a year, the quarter itself for a quarter, the last quarter for quarters to date.
 */
export interface PeriodChoice {
  kind: PeriodKind;
  year: number;
  quarter: number;
}

/** Quarters to date end in Q2 or Q3: Q1 alone is a quarter, Q1–Q4 is the year. */
export const YTD_ENDS = [2, 3] as const;

/** The picker's reading of a period parameter; null for what the picker cannot show (2021Q2-Q3) or garbage. */
export function parsePeriodParam(text: string): PeriodChoice | null {
  const p = parseTablePeriod(text.trim().toUpperCase());
  if (!p) return null;
  if (p.firstQuarter === 1 && p.lastQuarter === 4) return { kind: 'year', year: p.year, quarter: 4 };
  if (p.firstQuarter === p.lastQuarter) return { kind: 'quarter', year: p.year, quarter: p.lastQuarter };
  if (p.firstQuarter === 1) return { kind: 'ytd', year: p.year, quarter: p.lastQuarter };
  return null;
}

/** The API's period parameter for a picker choice (quarters to date through Q1 is Q1; through Q4, the year). */
export function formatPeriodParam(choice: PeriodChoice): string {
  const q = Math.min(4, Math.max(1, Math.trunc(choice.quarter)));
  switch (choice.kind) {
    case 'year':
      return String(choice.year);
    case 'quarter':
      return `${choice.year}Q${q}`;
    case 'ytd':
      return q === 1 ? `${choice.year}Q1` : q === 4 ? String(choice.year) : `${choice.year}Q1-Q${q}`;
  }
}

/** Switching the kind keeps the year and picks a sensible quarter for the new kind. */
export function withKind(choice: PeriodChoice, kind: PeriodKind): PeriodChoice {
  if (kind === 'year') return { kind, year: choice.year, quarter: 4 };
  if (kind === 'ytd') return { kind, year: choice.year, quarter: choice.quarter >= 3 ? 3 : 2 };
  return { kind, year: choice.year, quarter: choice.quarter };
}

/** The i18n key and arguments that name a period (`2021年1-3季度`, `2021 Q1–Q3`). */
export function periodLabelMessage(choice: PeriodChoice): { key: string; args: Record<string, number> } {
  return { key: `tables.period_label.${choice.kind}`, args: { year: choice.year, quarter: choice.quarter } };
}

/** The four quarters of a year, as period parameters. */
export const quartersOf = (year: number) => [1, 2, 3, 4].map((q) => `${year}Q${q}`);

/** The calendar years of the reporting periods (YYYYQn codes), latest first. */
export function yearsOfPeriods(codes: readonly string[]): number[] {
  const years = new Set<number>();
  for (const code of codes) {
    const m = /^(\d{4})Q[1-4]$/.exec(code);
    if (m) years.add(Number(m[1]));
  }
  return [...years].sort((a, b) => b - a);
}

/** The default year: the last full calendar year before `today` among the years with periods. */
export function defaultYear(years: readonly number[], today: string): number {
  const last = Number(today.slice(0, 4)) - 1;
  return years.find((y) => y <= last) ?? years[0] ?? last;
}

/** The year of a period code (`2021Q4` → 2021), else the fallback (no period, or not a quarter). */
export function yearOfPeriod(code: string | undefined, fallback: number): number {
  const m = /^(\d{4})Q[1-4]$/.exec(code ?? '');
  return m ? Number(m[1]) : fallback;
}

/**
 * A catalogue title without its placeholders, for the list (`表1：{periodLabel}{territory}服务外包总体情况` →
 * `表1：服务外包总体情况`); ranked tables read "前N".
 */
export function catalogueTitle(template: string): string {
  return template
    .replace(/（\{firstYear\}-+\{year\}）/g, '')
    .replace(/\{prevYear\}-+\{year\}年/g, '')
    .replace(/截至\{endMonth\}/g, '')
    .replace(/\{topZh\}|\{top\}/g, 'N')
    .replace(/\{\w+\}/g, '')
    .trim();
}

export interface TerritoryOption {
  code: string;
  name: string;
  kind: string;
  /** Depth below the user's own territory (0 = the territory itself). */
  depth: number;
}

type Scope = Pick<UserSummary, 'scopeKind' | 'scopeCode'>;

/**
 * The territories a user may request tables for: their own territory and everything in it, as a tree in code-list
 * order. The API checks the same; this only keeps the picker to what works.
 */
export function territoryOptions(regions: readonly CodeItem[], user: Scope): TerritoryOption[] {
  const children = new Map<string | null, CodeItem[]>();
  for (const r of regions) {
    const siblings = children.get(r.parentCode) ?? [];
    siblings.push(r);
    children.set(r.parentCode, siblings);
  }
  for (const list of children.values()) list.sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  // A system user reads the whole tree: the provinces, or the national root above them where there is one.
  const roots =
    user.scopeKind === 'SYSTEM'
      ? regions.filter((r) => r.parentCode === null || !regions.some((p) => p.code === r.parentCode))
      : regions.filter((r) => r.code === user.scopeCode);
  const out: TerritoryOption[] = [];
  const seen = new Set<string>();
  const visit = (r: CodeItem, depth: number) => {
    if (seen.has(r.code)) return;
    seen.add(r.code);
    out.push({ code: r.code, name: r.nameZh, kind: String(r.attrs.kind ?? ''), depth });
    for (const c of children.get(r.code) ?? []) visit(c, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  return out;
}

/** The territory a user's tables default to: their own (a system user: the first province, as the API does). */
export function defaultTerritory(options: readonly TerritoryOption[], user: Scope): string {
  if (user.scopeKind !== 'SYSTEM' && user.scopeCode) return user.scopeCode;
  return (options.find((o) => o.kind === 'province') ?? options[0])?.code ?? '';
}

export const isCurrency = (value: unknown): value is Currency => value === 'USD' || value === 'CNY';

/** Table parameters from a query string, each falling back to `fallback` when missing or malformed. */
export function paramsFromSearch(search: URLSearchParams, fallback: TableParams): TableParams & { top?: number } {
  const period = search.get('period');
  const currency = search.get('currency');
  const top = Number(search.get('top'));
  return {
    period: period && parseTablePeriod(period.toUpperCase()) ? period.toUpperCase() : fallback.period,
    territory: search.get('territory') ?? fallback.territory,
    currency: isCurrency(currency) ? currency : fallback.currency,
    ...(search.get('top') && Number.isInteger(top) && top >= 1 && top <= 100 ? { top } : {}),
  };
}

/** The query string of a table page (`?period=2021&territory=610000&currency=USD`). */
export function searchOfParams(params: TableParams & { top?: number }): string {
  const q = new URLSearchParams({ period: params.period });
  if (params.territory) q.set('territory', params.territory);
  q.set('currency', params.currency);
  if (params.top !== undefined) q.set('top', String(params.top));
  return q.toString();
}

/** A ranked table's `top` parameter with its default (the catalogue says `默认 5`); undefined for other tables. */
export function topParameter(entry: CatalogueEntry | undefined): { default: number } | undefined {
  const spec = entry?.parameters.find((p) => p.name === 'top');
  if (!spec) return undefined;
  const m = /(\d+)/.exec(spec.description_zh);
  return { default: m ? Number(m[1]) : 10 };
}
