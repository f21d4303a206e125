import { Query, type PipeTransform } from '@nestjs/common';
import type { Response } from 'express';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  BIGINT_ID_MAX,
  FILTER_LIST_MAX,
  INT4_MAX,
  isIsoDate,
  parsePeriod,
  TEXT_LIMITS,
  textLength,
} from '@portal/shared';
import { AppError } from '../errors/app-error';
import { assertCleanInput } from '../validation/input-text';
import { isIsoDateTime, UUID_PATTERN } from '../validation/pipes';

/**
 * The react-admin `ra-data-simple-rest` list contract: `?sort=["field","ASC"]&range=[0,24]&filter={...}`,
 * answered with a JSON array and `Content-Range: <resource> <start>-<end>/<total>`. Sort fields and filter
 * fields are declared per resource, filters with the type of their value; anything else (an unknown or
 * prototype-named field, a value of the wrong type, a range beyond int4) is a 400 naming the parameter, never
 * silently ignored and never a database error. Every list sorts and filters by `id` (react-admin's defaults:
 * `<ReferenceInput>` sorts by id, getMany filters by a list of ids).
 */
export interface ListSpec<T extends ObjectLiteral> {
  resource: string;
  /** field exposed to the client → SQL expression */
  sortable: { id: string } & Record<string, string>;
  defaultSort: [string, 'ASC' | 'DESC'];
  /** filter field → the type of its value and how it narrows the query */
  filters: { id: ListFilter<T> } & Record<string, ListFilter<T>>;
  maxPageSize?: number;
  /**
   * The query's joins add at most one row per row of the main entity (many-to-one): the page is then cut with a
   * plain LIMIT/OFFSET, ordered by the sort and the primary key as the paginated query would, so the database can
   * read it from an index instead of sorting every matching row first.
   */
  singleRowJoins?: { primaryKey: string };
}

/**
 * What a filter's value must be: `uuid`; `int` (0 … int4); `bigint` (a bigserial id, as a number or digits);
 * `date` (a calendar date); `datetime` (a date or an ISO 8601 time); `period` (YYYYQn); `enum` (one of `values`);
 * `boolean` (true/false, or the strings); `text` (at most TEXT_LIMITS.filterText characters).
 */
export type FilterType = 'uuid' | 'int' | 'bigint' | 'date' | 'datetime' | 'period' | 'enum' | 'boolean' | 'text';

type ValueOf<K extends FilterType> = K extends 'int' ? number : K extends 'boolean' ? boolean : string;
export type FilterValue = string | number | boolean;

export interface ListFilter<T extends ObjectLiteral> {
  type: FilterType;
  /** The allowed values of an `enum` filter. */
  values?: readonly string[];
  /** Takes one value or a list of them (then `apply` receives a non-empty list). */
  many?: boolean;
  apply: (qb: SelectQueryBuilder<T>, value: FilterValue | FilterValue[], p: string) => void;
}

/** A filter on one value of the given type. */
export function filter<T extends ObjectLiteral, K extends FilterType>(
  type: K,
  apply: (qb: SelectQueryBuilder<T>, value: ValueOf<K>, p: string) => void,
  values?: readonly string[],
): ListFilter<T> {
  return { type, values, apply: apply as ListFilter<T>['apply'] };
}

/** A filter on one value or a list of values of the given type (always given a non-empty list). */
export function listFilter<T extends ObjectLiteral, K extends FilterType>(
  type: K,
  apply: (qb: SelectQueryBuilder<T>, values: ValueOf<K>[], p: string) => void,
  values?: readonly string[],
): ListFilter<T> {
  return { type, values, many: true, apply: apply as ListFilter<T>['apply'] };
}

export interface ListParams {
  sort: [string, 'ASC' | 'DESC'];
  range: [number, number];
  /** The filters given, their values parsed to their declared types. */
  filter: Record<string, FilterValue | FilterValue[]>;
}

const ALLOWED_QUERY = new Set(['sort', 'range', 'filter']);

const bad = (name: string, zh: string, en: string) =>
  new AppError('BAD_LIST_PARAMETER', { name, detail: zh, detailEn: en });

function parseJson(name: string, raw: unknown): unknown {
  if (typeof raw !== 'string') throw bad(name, '须为 JSON 文本（只能出现一次）', 'expected JSON text (given once)');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw bad(name, `不是有效的 JSON（${(e as Error).message}）`, (e as Error).message);
  }
  assertCleanInput(value, name);
  return value;
}

const EXPECTED: Record<FilterType, [string, string]> = {
  uuid: ['须为 UUID', 'expected a UUID'],
  int: [`须为 0 至 ${INT4_MAX} 的整数`, `expected a whole number from 0 to ${INT4_MAX}`],
  bigint: [`须为 1 至 ${BIGINT_ID_MAX} 的整数`, `expected a whole number from 1 to ${BIGINT_ID_MAX}`],
  date: ['须为实际存在的日期 YYYY-MM-DD', 'expected a calendar date YYYY-MM-DD'],
  datetime: ['须为日期 YYYY-MM-DD 或 ISO 8601 时间', 'expected a date YYYY-MM-DD or an ISO 8601 time'],
  period: ['须为报告期，如 2026Q3', 'expected a period such as 2026Q3'],
  enum: ['', ''],
  boolean: ['须为 true 或 false', 'expected true or false'],
  text: [
    `须为不超过 ${TEXT_LIMITS.filterText} 个字符的文本`,
    `expected text of at most ${TEXT_LIMITS.filterText} characters`,
  ],
};

/** The value parsed to the filter's type, or undefined when it is not one. */
function parseValue(type: FilterType, v: unknown, values: readonly string[] | undefined): FilterValue | undefined {
  switch (type) {
    case 'uuid':
      return typeof v === 'string' && UUID_PATTERN.test(v) ? v.toLowerCase() : undefined;
    case 'int': {
      const n = typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v;
      return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= INT4_MAX ? n : undefined;
    }
    case 'bigint': {
      const n = typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v;
      return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= BIGINT_ID_MAX ? String(n) : undefined;
    }
    case 'date':
      return typeof v === 'string' && isIsoDate(v) ? v : undefined;
    case 'datetime':
      return isIsoDateTime(v) ? v : undefined;
    case 'period':
      return typeof v === 'string' && parsePeriod(v) ? v : undefined;
    case 'enum':
      return typeof v === 'string' && values?.includes(v) ? v : undefined;
    case 'boolean':
      if (v === true || v === 'true') return true;
      if (v === false || v === 'false') return false;
      return undefined;
    case 'text': {
      const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
      return typeof s === 'string' && textLength(s) <= TEXT_LIMITS.filterText ? s : undefined;
    }
  }
}

function parseFilterValue<T extends ObjectLiteral>(
  name: string,
  def: ListFilter<T>,
  raw: unknown,
): FilterValue | FilterValue[] {
  const [zh, en] =
    def.type === 'enum'
      ? [`须为以下之一：${def.values?.join('、')}`, `expected one of ${def.values?.join(', ')}`]
      : EXPECTED[def.type];
  if (Array.isArray(raw)) {
    if (!def.many) throw bad(name, `只能是一个值，${zh}`, `takes one value, not a list; ${en}`);
    if (raw.length > FILTER_LIST_MAX)
      throw bad(name, `最多 ${FILTER_LIST_MAX} 个值`, `at most ${FILTER_LIST_MAX} values`);
    return raw.map((item, i) => {
      const v = parseValue(def.type, item, def.values);
      if (v === undefined) throw bad(`${name}[${i}]`, zh, en);
      return v;
    });
  }
  const v = parseValue(def.type, raw, def.values);
  if (v === undefined) throw bad(name, zh, en);
  return def.many ? [v] : v;
}

/** The filter object of a list query, each value parsed to its declared type; empty values are left out. */
export function parseListFilter<T extends ObjectLiteral>(
  raw: unknown,
  filters: ListSpec<T>['filters'],
): ListParams['filter'] {
  const f = parseJson('filter', raw);
  if (typeof f !== 'object' || f === null || Array.isArray(f)) {
    throw bad('filter', '须为 JSON 对象', 'expected a JSON object');
  }
  const out: ListParams['filter'] = Object.create(null);
  for (const [key, value] of Object.entries(f)) {
    if (!Object.hasOwn(filters, key)) throw new AppError('UNKNOWN_QUERY_PARAMETER', { name: `filter.${key}` });
    if (value === undefined || value === null || value === '') continue;
    out[key] = parseFilterValue(`filter.${key}`, filters[key], value);
  }
  return out;
}

export function parseListParams<T extends ObjectLiteral>(
  query: Record<string, unknown>,
  spec: ListSpec<T>,
): ListParams {
  for (const key of Object.keys(query)) {
    if (!ALLOWED_QUERY.has(key)) throw new AppError('UNKNOWN_QUERY_PARAMETER', { name: key });
  }
  const max = spec.maxPageSize ?? 1000;
  let sort = spec.defaultSort;
  if (query.sort !== undefined) {
    const s = parseJson('sort', query.sort);
    if (
      !Array.isArray(s) ||
      s.length !== 2 ||
      typeof s[0] !== 'string' ||
      typeof s[1] !== 'string' ||
      !['ASC', 'DESC'].includes(s[1].toUpperCase())
    ) {
      throw bad('sort', '须为 ["字段","ASC"|"DESC"]', 'expected ["field","ASC"|"DESC"]');
    }
    if (!Object.hasOwn(spec.sortable, s[0])) throw new AppError('UNKNOWN_QUERY_PARAMETER', { name: `sort.${s[0]}` });
    sort = [s[0], s[1].toUpperCase() as 'ASC' | 'DESC'];
  }
  const filters = query.filter === undefined ? {} : parseListFilter(query.filter, spec.filters);
  // getMany sends ids without a range: the page then holds every id asked for (up to the maximum page).
  const ids = filters.id;
  let range: [number, number] = Array.isArray(ids) && ids.length ? [0, Math.min(ids.length, max) - 1] : [0, 24];
  if (query.range !== undefined) {
    const r = parseJson('range', query.range);
    if (
      !Array.isArray(r) ||
      r.length !== 2 ||
      !r.every((n) => Number.isInteger(n) && n >= 0 && n <= INT4_MAX) ||
      r[1] < r[0]
    ) {
      throw bad(
        'range',
        `须为 [起,止]，0 ≤ 起 ≤ 止 ≤ ${INT4_MAX} 的整数`,
        `expected [start,end], whole numbers with 0 <= start <= end <= ${INT4_MAX}`,
      );
    }
    if (r[1] - r[0] + 1 > max) throw bad('range', `每页最多 ${max} 行`, `at most ${max} rows`);
    range = [r[0], r[1]];
  }
  return { sort, range, filter: filters };
}

/** Applies the list's filters to a (territory-scoped) query. */
export function applyListFilters<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  params: ListParams,
  spec: ListSpec<T>,
): SelectQueryBuilder<T> {
  let i = 0;
  for (const [key, value] of Object.entries(params.filter)) {
    // An empty list matches nothing (and `IN ()` is not SQL).
    if (Array.isArray(value) && !value.length) qb.andWhere('1 = 0');
    else spec.filters[key].apply(qb, value, `f${i++}`);
  }
  return qb;
}

/** Applies the sort and the range (the page cut) to a filtered query. */
export function applyListPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  params: ListParams,
  spec: ListSpec<T>,
): SelectQueryBuilder<T> {
  const [field, order] = params.sort;
  qb.orderBy(spec.sortable[field], order);
  const [start, end] = params.range;
  if (spec.singleRowJoins)
    qb.addOrderBy(spec.singleRowJoins.primaryKey, 'ASC')
      .offset(start)
      .limit(end - start + 1);
  else qb.skip(start).take(end - start + 1);
  return qb;
}

/** `Content-Range: <resource> <start>-<end>/<total>` for a page of `rows` rows. */
export function setContentRange(res: Response, resource: string, params: ListParams, rows: number, total: number) {
  const [start] = params.range;
  const last = rows ? start + rows - 1 : start;
  res.setHeader('Content-Range', `${resource} ${start}-${last}/${total}`);
}

/** Applies filters, sort and range to a (territory-scoped) query, sets Content-Range and returns the page. */
export async function listPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  params: ListParams,
  spec: ListSpec<T>,
  res: Response,
): Promise<T[]> {
  applyListPage(applyListFilters(qb, params, spec), params, spec);
  const [rows, total] = await qb.getManyAndCount();
  setContentRange(res, spec.resource, params, rows.length, total);
  return rows;
}

/** Parses a list endpoint's query against its spec; the route table reads the spec from it (list endpoints). */
export class ListQueryPipe<T extends ObjectLiteral> implements PipeTransform<Record<string, unknown>, ListParams> {
  constructor(readonly spec: ListSpec<T>) {}

  transform(query: Record<string, unknown>): ListParams {
    return parseListParams(query ?? {}, this.spec);
  }
}

/** The parsed `sort`, `range` and `filter` of a list endpoint (the whole query string, checked against `spec`). */
export const ListQuery = <T extends ObjectLiteral>(spec: ListSpec<T>) => Query(new ListQueryPipe(spec));

/** `id` (or another key) as one value or a list: react-admin's getMany. */
export function idFilter<T extends ObjectLiteral>(column: string, type: FilterType = 'uuid'): ListFilter<T> {
  return listFilter<T, FilterType>(type, (qb, ids, p) => {
    qb.andWhere(`${column} IN (:...${p})`, { [p]: ids });
  });
}

/** Equality with one value, or membership of a list of values, of the given type. */
export function equalsFilter<T extends ObjectLiteral>(
  column: string,
  type: FilterType,
  values?: readonly string[],
): ListFilter<T> {
  return listFilter<T, FilterType>(
    type,
    (qb, v, p) => {
      if (v.length === 1) qb.andWhere(`${column} = :${p}`, { [p]: v[0] });
      else qb.andWhere(`${column} IN (:...${p})`, { [p]: v });
    },
    values,
  );
}

/** A yes/no filter: `apply` adds the condition for the parsed boolean. */
export function booleanFilter<T extends ObjectLiteral>(
  apply: (qb: SelectQueryBuilder<T>, value: boolean, p: string) => void,
): ListFilter<T> {
  return filter<T, 'boolean'>('boolean', apply);
}

/** Case-insensitive substring search over several columns. */
export function searchFilter<T extends ObjectLiteral>(...columns: string[]): ListFilter<T> {
  return filter<T, 'text'>('text', (qb, value, p) => {
    const like = `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.andWhere(`(${columns.map((c) => `${c} ILIKE :${p}`).join(' OR ')})`, {
      [p]: like,
    });
  });
}
