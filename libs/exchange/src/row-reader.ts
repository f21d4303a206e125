import {
  AMOUNT_MAX_DIGITS,
  COUNT_MAX,
  isIsoDate,
  ownValue,
  parsePeriod,
  textLength,
  usccCheckCharacter,
  usccProblem,
  type Currency,
  type Direction,
} from '@portal/shared';
import { parseAmount, parseCount, unguardCell } from './cells';
import type { ErrorCollector, ErrorParams, ExchangeErrorCode } from './errors';
import { COLUMN_TEXT_LIMITS, type BundleFileName } from './format';

/** The code lists the exchange format refers to; the application answers from its versioned code tables. */
export type ExchangeCodeList =
  | 'regions'
  | 'zones'
  | 'enterprise-natures'
  | 'industries'
  | 'service-categories'
  | 'outsourcing-level3'
  | 'partner-economies'
  | 'technology-modes';

export interface CodeLookup {
  /**
   * Whether `code` is in `list` (valid in `period` when given, YYYYQn). The lookup decides what a province may use:
   * service categories SA–SK only (SL is national), regions = cities and districts, zones = kind zone, industries =
   * GB/T 4754-2017 sections and divisions (a division stands for its section).
   */
  has(list: ExchangeCodeList, code: string, period?: string): boolean;
}

const LIST_LABELS: Record<ExchangeCodeList, { zh: string; en: string }> = {
  regions: { zh: '行政区划（市、区县）', en: 'regions (cities and districts)' },
  zones: { zh: '开发区、园区', en: 'development zones and parks' },
  'enterprise-natures': { zh: '企业性质', en: 'enterprise natures' },
  industries: { zh: '国民经济行业门类或大类', en: 'GB/T 4754-2017 sections or divisions' },
  'service-categories': { zh: '服务贸易类别（省级）', en: 'service categories (provincial)' },
  'outsourcing-level3': { zh: '服务外包业务类别（三级）', en: 'outsourcing categories (level 3)' },
  'partner-economies': { zh: '国别（地区）', en: 'partner economies' },
  'technology-modes': { zh: '技术进出口方式', en: 'modes of technology trade' },
};

const YES_NO: Record<string, boolean> = { Y: true, N: false };

/**
 * Reads and checks the cells of one CSV row. One instance per file is reused for every row, so checking a row
 * allocates little. A check that fails records an error, marks the column as failed and returns a placeholder
 * of the right type; callers look at `valid` / `ok()` before using values, so placeholders never reach a result.
 */
export class RowReader {
  line = 0;
  private cells: readonly string[] = [];
  private readonly failed = new Set<string>();

  constructor(
    readonly file: BundleFileName,
    private readonly index: ReadonlyMap<string, number>,
    private readonly errors: ErrorCollector,
    private readonly codes: CodeLookup,
    private readonly pool: Map<string, string>,
  ) {}

  start(cells: readonly string[], line: number): void {
    this.cells = cells;
    this.line = line;
    this.failed.clear();
  }

  get valid(): boolean {
    return this.failed.size === 0;
  }

  /** True when none of the columns failed in this row. */
  ok(...columns: string[]): boolean {
    for (const c of columns) if (this.failed.has(c)) return false;
    return true;
  }

  /** The trimmed cell; '' when the column is absent (optional columns may be left out of the header). */
  raw(column: string): string {
    const i = this.index.get(column);
    return i === undefined ? '' : this.cells[i].trim();
  }

  fail(column: string, code: ExchangeErrorCode, params?: ErrorParams): void {
    this.failed.add(column);
    this.errors.add(code, { file: this.file, line: this.line, column, value: this.raw(column) }, params);
  }

  /** An error about the row as a whole (a repeated key spanning several columns). */
  failRow(code: ExchangeErrorCode, value: string, params: ErrorParams): void {
    this.failed.add('');
    this.errors.add(code, { file: this.file, line: this.line, column: null, value }, params);
  }

  /**
   * One string instance per distinct code, USCC or period across the bundle: half a million rows repeat a few
   * thousand values, and sharing them keeps the parsed bundle small.
   */
  private intern(v: string): string {
    const s = this.pool.get(v);
    if (s !== undefined) return s;
    this.pool.set(v, v);
    return v;
  }

  private required(column: string): string {
    const v = this.raw(column);
    if (v === '') this.fail(column, 'REQUIRED');
    return v;
  }

  uscc(column: string): string {
    const v = this.required(column);
    if (v === '') return v;
    const problem = usccProblem(v);
    if (problem === 'length') this.fail(column, 'USCC_LENGTH', { count: [...v].length });
    else if (problem === 'charset') this.fail(column, 'USCC_CHARSET');
    else if (problem === 'division') this.fail(column, 'USCC_DIVISION');
    else if (problem === 'check')
      this.fail(column, 'USCC_CHECK', { expected: usccCheckCharacter(v.slice(0, 17)) ?? '' });
    return this.intern(v);
  }

  period(column: string): string {
    const v = this.required(column);
    if (v !== '' && !parsePeriod(v)) this.fail(column, 'PERIOD_INVALID');
    return this.intern(v);
  }

  date(column: string): string {
    const v = this.required(column);
    if (v !== '' && !isIsoDate(v)) this.fail(column, 'DATE_INVALID');
    return this.intern(v);
  }

  direction(column: string): Direction {
    const v = this.required(column);
    if (v === 'EXPORT') return 'EXPORT';
    if (v === 'IMPORT') return 'IMPORT';
    if (v !== '') this.fail(column, 'DIRECTION_INVALID');
    return 'EXPORT';
  }

  /** Y/N; an empty optional flag takes `fallback`, an empty flag without one is missing. */
  flag(column: string, fallback?: boolean): boolean {
    const v = this.raw(column);
    if (v === '' && fallback !== undefined) return fallback;
    const b = ownValue(YES_NO, v);
    if (b !== undefined) return b;
    this.fail(column, v === '' ? 'REQUIRED' : 'FLAG_INVALID');
    return false;
  }

  currency(column: string): Currency {
    const v = this.raw(column);
    if (v === '' || v === 'USD') return 'USD';
    if (v === 'CNY') return 'CNY';
    this.fail(column, 'CURRENCY_INVALID');
    return 'USD';
  }

  amount(column: string): number {
    const v = this.required(column);
    if (v === '') return 0;
    const n = parseAmount(v);
    if (typeof n === 'number') return n;
    this.fail(column, n, { limit: AMOUNT_MAX_DIGITS });
    return 0;
  }

  /** An amount that may be left empty (or its column left out): `fallback` then. */
  optionalAmount(column: string, fallback: number): number {
    const v = this.raw(column);
    if (v === '') return fallback;
    const n = parseAmount(v);
    if (typeof n === 'number') return n;
    this.fail(column, n, { limit: AMOUNT_MAX_DIGITS });
    return fallback;
  }

  count(column: string): number {
    const v = this.required(column);
    return v === '' ? 0 : this.checkedCount(column, v);
  }

  optionalCount(column: string): number | null {
    const v = this.raw(column);
    return v === '' ? null : this.checkedCount(column, v);
  }

  private checkedCount(column: string, v: string): number {
    const n = parseCount(v);
    if (typeof n === 'number') return n;
    this.fail(column, n, { limit: COUNT_MAX });
    return 0;
  }

  /** Free text: trimmed, the writer's formula guard removed, length-limited. */
  text(column: keyof typeof COLUMN_TEXT_LIMITS): string {
    const v = unguardCell(this.required(column));
    const limit = COLUMN_TEXT_LIMITS[column];
    if (v.length > limit) {
      const count = textLength(v);
      if (count > limit) this.fail(column, 'TEXT_TOO_LONG', { limit, count });
    }
    return v;
  }

  /** Free text that may be left empty: null then. */
  optionalText(column: keyof typeof COLUMN_TEXT_LIMITS): string | null {
    return this.raw(column) === '' ? null : this.text(column);
  }

  code(column: string, list: ExchangeCodeList, period?: string): string {
    const v = this.required(column);
    if (v !== '') this.checkCode(column, list, v, period);
    return this.intern(v);
  }

  optionalCode(column: string, list: ExchangeCodeList, period?: string): string | null {
    const v = this.raw(column);
    if (v === '') return null;
    this.checkCode(column, list, v, period);
    return this.intern(v);
  }

  private checkCode(column: string, list: ExchangeCodeList, v: string, period: string | undefined): void {
    if (this.codes.has(list, v, period)) return;
    const label = LIST_LABELS[list];
    this.fail(column, 'CODE_UNKNOWN', {
      listZh: label.zh,
      listEn: label.en,
      forZh: period ? `（${period}）` : '',
      forEn: period ? ` for ${period}` : '',
    });
  }
}
