import type { Response } from 'express';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../errors/app-error';

/**
 * The react-admin `ra-data-simple-rest` list contract: `?sort=["field","ASC"]&range=[0,24]&filter={...}`,
 * answered with a JSON array and `Content-Range: <resource> <start>-<end>/<total>`. Sort fields and filter
 * fields are declared per resource; anything else is a 400 naming the parameter, never silently ignored.
 */
export interface ListSpec<T extends ObjectLiteral> {
  resource: string;
  /** field exposed to the client → SQL expression */
  sortable: Record<string, string>;
  defaultSort: [string, 'ASC' | 'DESC'];
  /** filter field → how it narrows the query */
  filters: Record<string, (qb: SelectQueryBuilder<T>, value: unknown, param: string) => void>;
  maxPageSize?: number;
  /**
   * The query's joins add at most one row per row of the main entity (many-to-one): the page is then cut with a
   * plain LIMIT/OFFSET, ordered by the sort and the primary key as the paginated query would, so the database can
   * read it from an index instead of sorting every matching row first.
   */
  singleRowJoins?: { primaryKey: string };
}

export interface ListParams {
  sort: [string, 'ASC' | 'DESC'];
  range: [number, number];
  filter: Record<string, unknown>;
}

const ALLOWED_QUERY = new Set(['sort', 'range', 'filter']);

function parseJson(name: string, raw: unknown): unknown {
  if (typeof raw !== 'string')
    throw new AppError('BAD_LIST_PARAMETER', {
      name,
      detail: 'expected JSON text',
    });
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new AppError('BAD_LIST_PARAMETER', {
      name,
      detail: (e as Error).message,
    });
  }
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
      !['ASC', 'DESC'].includes(String(s[1]).toUpperCase())
    ) {
      throw new AppError('BAD_LIST_PARAMETER', {
        name: 'sort',
        detail: 'expected ["field","ASC"|"DESC"]',
      });
    }
    if (!(s[0] in spec.sortable)) throw new AppError('UNKNOWN_QUERY_PARAMETER', { name: `sort.${s[0]}` });
    sort = [s[0], String(s[1]).toUpperCase() as 'ASC' | 'DESC'];
  }
  let range: [number, number] = [0, 24];
  if (query.range !== undefined) {
    const r = parseJson('range', query.range);
    if (!Array.isArray(r) || r.length !== 2 || !r.every((n) => Number.isInteger(n) && n >= 0) || r[1] < r[0]) {
      throw new AppError('BAD_LIST_PARAMETER', {
        name: 'range',
        detail: 'expected [start,end] with 0 <= start <= end',
      });
    }
    if (r[1] - r[0] + 1 > max)
      throw new AppError('BAD_LIST_PARAMETER', {
        name: 'range',
        detail: `at most ${max} rows`,
      });
    range = [r[0], r[1]];
  }
  let filter: Record<string, unknown> = {};
  if (query.filter !== undefined) {
    const f = parseJson('filter', query.filter);
    if (typeof f !== 'object' || f === null || Array.isArray(f)) {
      throw new AppError('BAD_LIST_PARAMETER', {
        name: 'filter',
        detail: 'expected a JSON object',
      });
    }
    for (const key of Object.keys(f)) {
      if (!(key in spec.filters))
        throw new AppError('UNKNOWN_QUERY_PARAMETER', {
          name: `filter.${key}`,
        });
    }
    filter = f as Record<string, unknown>;
  }
  return { sort, range, filter };
}

/** Applies the list's filters to a (territory-scoped) query. */
export function applyListFilters<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  params: ListParams,
  spec: ListSpec<T>,
): SelectQueryBuilder<T> {
  let i = 0;
  for (const [key, value] of Object.entries(params.filter)) {
    if (value === undefined || value === null || value === '') continue;
    spec.filters[key](qb, value, `f${i++}`);
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
  query: Record<string, unknown>,
  spec: ListSpec<T>,
  res: Response,
): Promise<T[]> {
  const params = parseListParams(query, spec);
  applyListPage(applyListFilters(qb, params, spec), params, spec);
  const [rows, total] = await qb.getManyAndCount();
  setContentRange(res, spec.resource, params, rows.length, total);
  return rows;
}

/** Common filter: `id` as one value or a list (react-admin getMany). */
export function idFilter<T extends ObjectLiteral>(column: string) {
  return (qb: SelectQueryBuilder<T>, value: unknown, p: string) => {
    const ids = (Array.isArray(value) ? value : [value]).map(String);
    qb.andWhere(`${column} IN (:...${p})`, { [p]: ids });
  };
}

export function equalsFilter<T extends ObjectLiteral>(column: string) {
  return (qb: SelectQueryBuilder<T>, value: unknown, p: string) => {
    qb.andWhere(`${column} = :${p}`, { [p]: value });
  };
}

/** Case-insensitive substring search over several columns. */
export function searchFilter<T extends ObjectLiteral>(...columns: string[]) {
  return (qb: SelectQueryBuilder<T>, value: unknown, p: string) => {
    const like = `%${String(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.andWhere(`(${columns.map((c) => `${c} ILIKE :${p}`).join(' OR ')})`, {
      [p]: like,
    });
  };
}
