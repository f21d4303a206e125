/*
 * Set-based writing shared by the bulk historical import and the benchmark's loader (bench/lib/load.ts): the
 * column lists of the tables they write, and a multi-row INSERT … SELECT FROM unnest(…) that sends one array per
 * column instead of one statement per row.
 */

/** Runs one statement and answers its rows: `EntityManager.query`, or a pg Client's `query(…).rows`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL, typed by each caller
export type Query = (sql: string, params?: unknown[]) => Promise<any[]>;

/** A column: its name, the element type of the array it is sent in, and a cast of the value (text → text[]). */
export type Column = [name: string, pgType: string, cast?: string];

/** Rows per statement: ~5,000 rows × ≤ 24 columns stays far below PostgreSQL's message limits. */
const CHUNK = 5000;

/**
 * Multi-row insert through `unnest` of one array per column, `CHUNK` rows a statement. Rows are arrays in column
 * order. `returning` names columns to answer (then the inserted rows come back, chunk after chunk).
 */
export async function insertRows(
  q: Query,
  table: string,
  cols: readonly Column[],
  rows: unknown[][],
  returning?: string,
): Promise<Record<string, unknown>[]> {
  const names = cols.map(([n]) => n).join(', ');
  const arrays = cols.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  const select = cols.map(([, , cast], i) => (cast ? `u.c${i}::${cast}` : `u.c${i}`)).join(', ');
  const alias = cols.map((_, i) => `c${i}`).join(', ');
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const answered = await q(
      `INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${arrays}) AS u(${alias})${
        returning ? ` RETURNING ${returning}` : ''
      }`,
      cols.map((_, j) => chunk.map((r) => r[j])),
    );
    if (returning) out.push(...answered);
  }
  return out;
}

/**
 * Multi-row insert of rows that carry JSON documents: the chunk is sent as one JSON array and read back by
 * `jsonb_to_recordset`, so a document is serialised once (an unnest of jsonb[] would quote every document again
 * as an array element). Same rows as insertRows.
 */
export async function insertJsonRows(
  q: Query,
  table: string,
  cols: readonly Column[],
  rows: unknown[][],
): Promise<void> {
  const names = cols.map(([n]) => n).join(', ');
  const record = cols.map(([, t], i) => `c${i} ${t}`).join(', ');
  const select = cols.map(([, , cast], i) => (cast ? `x.c${i}::${cast}` : `x.c${i}`)).join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map((r) => Object.fromEntries(r.map((v, j) => [`c${j}`, v])));
    await q(`INSERT INTO ${table} (${names}) SELECT ${select} FROM jsonb_to_recordset($1::jsonb) AS x(${record})`, [
      JSON.stringify(chunk),
    ]);
  }
}

/** The fact tables of one return (official-tables/facts.entity.ts), written in this order. */
export const FACT_TABLES = [
  'fact_return',
  'fact_outsourcing',
  'fact_contract',
  'fact_execution_source',
  'fact_trade',
  'fact_workforce',
  'fact_row_key',
] as const;
export type FactTable = (typeof FACT_TABLES)[number];

/** Column lists of the tables the bulk paths write (the benchmark's pipeline writes some of them too). */
export const COLUMNS = {
  enterprise: [
    ['id', 'uuid'],
    ['uscc', 'char(18)'],
    ['name_zh', 'text'],
    ['region_code', 'varchar'],
    ['zone_code', 'varchar'],
    ['review_unit_code', 'varchar'],
    ['province_code', 'varchar'],
    ['status', 'varchar'],
    ['version', 'int'],
  ],
  enterprise_profile: [
    ['enterprise_id', 'uuid'],
    ['valid_from', 'date'],
    ['name_zh', 'text'],
    ['region_code', 'varchar'],
    ['zone_code', 'varchar'],
    ['nature_code', 'varchar'],
    ['industry_code', 'varchar'],
    ['key_enterprise', 'bool'],
  ],
  statistical_return: [
    ['id', 'uuid'],
    ['enterprise_id', 'uuid'],
    ['period_code', 'varchar'],
    ['review_unit_code', 'varchar'],
    ['province_code', 'varchar'],
    ['status', 'varchar'],
    ['current_revision', 'int'],
    ['approved_revision', 'int'],
    ['first_submitted_at', 'timestamptz'],
    ['last_submitted_at', 'timestamptz'],
    ['version', 'int'],
  ],
  return_revision: [
    ['return_id', 'uuid'],
    ['revision', 'int'],
    ['content', 'jsonb'],
    ['cny_per_usd', 'numeric'],
    ['frozen', 'bool'],
    ['content_hash', 'char(64)'],
    ['receipt_no', 'varchar'],
    ['submitted_at', 'timestamptz'],
  ],
  contract: [
    ['enterprise_id', 'uuid'],
    ['contract_no', 'varchar'],
    ['return_id', 'uuid'],
    ['period_code', 'varchar'],
    ['signed_date', 'date'],
    ['client_name', 'text'],
    ['client_partner_code', 'varchar'],
    ['client_industry_code', 'varchar'],
    ['business_code', 'varchar'],
    ['offshore', 'bool'],
    ['amount', 'numeric'],
    ['currency', 'varchar'],
    ['amount_usd', 'numeric'],
  ],
  fact_return: [
    ['return_id', 'uuid'],
    ['enterprise_id', 'uuid'],
    ['period_code', 'varchar'],
    ['revision', 'int'],
    ['cny_per_usd', 'numeric'],
    ['name_zh', 'text'],
    ['province_code', 'varchar'],
    ['city_code', 'varchar'],
    ['area_code', 'varchar'],
    ['region_code', 'varchar'],
    ['zone_code', 'varchar'],
    ['review_unit_code', 'varchar'],
    ['nature_code', 'varchar'],
    ['nature_group', 'varchar'],
    ['industry_code', 'varchar'],
    ['key_enterprise', 'bool'],
    ['zero_return', 'bool'],
    ['contracts', 'int'],
    ['signed_usd', 'numeric'],
    ['executed_usd', 'numeric'],
    ['offshore_signed_usd', 'numeric'],
    ['offshore_executed_usd', 'numeric'],
    ['export_usd', 'numeric'],
    ['import_usd', 'numeric'],
  ],
  fact_outsourcing: [
    ['return_id', 'uuid'],
    ['business_code', 'varchar'],
    ['offshore', 'bool'],
    ['partner_code', 'varchar'],
    ['contracts', 'int'],
    ['signed_usd', 'numeric'],
    ['executed_usd', 'numeric'],
  ],
  fact_contract: [
    ['enterprise_id', 'uuid'],
    ['contract_no', 'varchar'],
    ['return_id', 'uuid'],
    ['business_code', 'varchar'],
    ['offshore', 'bool'],
    ['partner_code', 'varchar'],
  ],
  fact_execution_source: [
    ['return_id', 'uuid'],
    ['contract_no', 'varchar'],
    ['enterprise_id', 'uuid'],
  ],
  fact_trade: [
    ['return_id', 'uuid'],
    ['category_code', 'varchar'],
    ['partner_code', 'varchar'],
    ['export_usd', 'numeric'],
    ['import_usd', 'numeric'],
  ],
  fact_workforce: [
    ['return_id', 'uuid'],
    ['junior_college', 'int'],
    ['bachelor', 'int'],
    ['master', 'int'],
    ['doctor', 'int'],
    ['other', 'int'],
  ],
  fact_row_key: [
    ['return_id', 'uuid'],
    ['row_key', 'varchar'],
  ],
} satisfies Record<string, Column[]>;

/** Every fact and aggregate row, in a stable order (timestamps left out): two fact builds are equal when these are. */
export async function factSnapshot(q: Query): Promise<Record<string, string[]>> {
  const tables: Record<string, string> = {
    fact_return: `SELECT return_id, enterprise_id, period_code, revision, cny_per_usd, name_zh, province_code, city_code,
        area_code, region_code, zone_code, review_unit_code, nature_code, nature_group, industry_code, key_enterprise,
        zero_return, contracts, signed_usd, executed_usd, offshore_signed_usd, offshore_executed_usd, export_usd, import_usd
      FROM fact_return`,
    fact_outsourcing: 'SELECT * FROM fact_outsourcing',
    fact_contract: 'SELECT * FROM fact_contract',
    fact_execution_source: 'SELECT * FROM fact_execution_source',
    fact_trade: 'SELECT * FROM fact_trade',
    fact_workforce: 'SELECT * FROM fact_workforce',
    fact_row_key: 'SELECT * FROM fact_row_key',
    agg_outsourcing: 'SELECT * FROM agg_outsourcing',
    agg_trade: 'SELECT * FROM agg_trade',
    agg_workforce: 'SELECT * FROM agg_workforce',
    agg_row_returns: 'SELECT * FROM agg_row_returns',
  };
  const out: Record<string, string[]> = {};
  for (const [t, sql] of Object.entries(tables)) {
    const rows = (await q(sql)) as Record<string, unknown>[];
    out[t] = rows.map((r) => JSON.stringify(Object.values(r))).sort();
  }
  return out;
}
