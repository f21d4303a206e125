/*
 * Row keys: which rows of the official tables an approved return feeds (`fact_row_key`, summed per area in
 * `agg_row_returns` and per region in `agg_row_returns_region`), so that coverage and drill-down count the returns
 * behind a row without reading facts. One format, written by the facts writer (one return or a batch; the bench
 * loader through the same code) and read by the table engine:
 *
 *   <scope>:*              everything of the scope (table totals, region rows)
 *   <scope>:<dim>:<code>   one code of one dimension
 *
 * A scope is a record source's namespace (1–3 capitals), a dimension one capital (ROW_KEY_SCOPES, ROW_KEY_DIMS).
 * Codes are escaped — `%` `:` `*` as `%25` `%3A` `%2A` — so a code can neither end a key early nor read as the `*`
 * of a whole scope; codes without those characters (every code list's today) are written as they are, so the keys
 * already stored keep their meaning. The region roll-up trigger (migration SnapshotDigests) recognises whole-scope
 * keys by `row_key LIKE '%:*'`, which an escaped code never matches.
 */

/** Width of the row_key columns. */
export const ROW_KEY_MAX = 40;

/**
 * Scopes of the record sources that feed row keys: outsourcing contracts of every kind (OA), offshore (OO) and
 * onshore (OD) ones — a return's outsourcing keys are written under OA and under its offshore or onshore scope —,
 * services trade (T) and workforce (W).
 */
export const ROW_KEY_SCOPES = {
  outsourcingAll: 'OA',
  outsourcingOffshore: 'OO',
  outsourcingOnshore: 'OD',
  trade: 'T',
  workforce: 'W',
} as const;

/** Dimensions of row keys (the code after them is a code of that list). */
export const ROW_KEY_DIMS = {
  /** Outsourcing business category, every level of the tree. */
  business: 'B',
  /** Services-trade category. */
  category: 'C',
  /** Enterprise-nature group (level 1). */
  nature: 'N',
  /** Partner economy. */
  partner: 'P',
  /** Partner group (EU, BRI, RCEP …) the economy belonged to at the end of the quarter. */
  group: 'G',
} as const;

export type RowKeyDim = (typeof ROW_KEY_DIMS)[keyof typeof ROW_KEY_DIMS];

/** A decoded row key: a whole scope (no dim) or one code of one dimension. */
export type RowKey =
  { scope: string; dim?: undefined; code?: undefined } | { scope: string; dim: string; code: string };

/** The outsourcing scope of a table that admits every contract (undefined), only offshore or only onshore ones. */
export function outsourcingScope(offshore: boolean | undefined): string {
  if (offshore === undefined) return ROW_KEY_SCOPES.outsourcingAll;
  return offshore ? ROW_KEY_SCOPES.outsourcingOffshore : ROW_KEY_SCOPES.outsourcingOnshore;
}

/** The scopes a contract bucket feeds: every contract, and offshore or onshore. */
export function outsourcingScopes(offshore: boolean): [string, string] {
  return [outsourcingScope(undefined), outsourcingScope(offshore)];
}

const SCOPE = /^[A-Z]{1,3}$/;
const DIM = /^[A-Z]$/;
const WHOLE = '*';

function escapeCode(code: string): string {
  return code.replace(/[%:*]/g, (c) => (c === '%' ? '%25' : c === ':' ? '%3A' : '%2A'));
}

function unescapeCode(text: string): string {
  return text.replace(/%(25|3A|2A)/g, (_, hex: string) => (hex === '25' ? '%' : hex === '3A' ? ':' : '*'));
}

/** The key of a whole scope (`OA:*`). */
export function wholeScopeKey(scope: string): string {
  if (!SCOPE.test(scope)) throw new Error(`row key: bad scope ${JSON.stringify(scope)}`);
  return `${scope}:${WHOLE}`;
}

/** The key of one code of one dimension (`OO:B:ITO-01`); throws when it would not fit the row_key columns. */
export function codeKey(scope: string, dim: string, code: string): string {
  if (!SCOPE.test(scope)) throw new Error(`row key: bad scope ${JSON.stringify(scope)}`);
  if (!DIM.test(dim)) throw new Error(`row key: bad dimension ${JSON.stringify(dim)}`);
  if (!code) throw new Error(`row key: empty code (${scope}:${dim})`);
  const key = `${scope}:${dim}:${escapeCode(code)}`;
  if (key.length > ROW_KEY_MAX) throw new Error(`row key: ${key} is longer than ${ROW_KEY_MAX} characters`);
  return key;
}

/** encode(parse(key)) is key, parse(encode(k)) is k. */
export function encodeRowKey(k: RowKey): string {
  return k.dim === undefined ? wholeScopeKey(k.scope) : codeKey(k.scope, k.dim, k.code);
}

export function parseRowKey(key: string): RowKey {
  const first = key.indexOf(':');
  const scope = key.slice(0, first);
  const rest = key.slice(first + 1);
  if (first < 0 || !SCOPE.test(scope)) throw new Error(`row key: cannot read ${JSON.stringify(key)}`);
  if (rest === WHOLE) return { scope };
  const dim = rest.slice(0, 1);
  const code = rest.slice(2);
  if (!DIM.test(dim) || rest[1] !== ':' || !code || /[:*]/.test(code) || /%(?!25|3A|2A)/.test(code))
    throw new Error(`row key: cannot read ${JSON.stringify(key)}`);
  return { scope, dim, code: unescapeCode(code) };
}

/** A whole-scope key (what the region roll-up keeps per city and area as well), without parsing. */
export function isWholeScopeKey(key: string): boolean {
  return key.endsWith(`:${WHOLE}`);
}
