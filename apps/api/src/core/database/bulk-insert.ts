import type { EntityManager } from 'typeorm';

/*
 * Set-based writing for the bulk paths (the facts writer, the historical import, the batched audit append, the
 * benchmark's loader): a multi-row INSERT … SELECT FROM unnest(…) that sends one array per column instead of one
 * statement per row. Works on a transaction's EntityManager or on a plain pg Client (the `Query` function).
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

/** The Query of a transaction's EntityManager (or a QueryRunner). */
export function queryOf(m: Pick<EntityManager, 'query'>): Query {
  return (sql, params) => m.query(sql, params);
}
