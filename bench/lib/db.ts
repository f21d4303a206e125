import 'reflect-metadata';
import { Client } from 'pg';
import type { Query } from '../../apps/api/src/core/database/bulk-insert';
import { createDataSource } from '../../apps/api/src/core/database/data-source';

/** The local PostgreSQL server the bench creates its databases on (never a shared database). */
export const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop: () => Promise<void>;
}

/** A fresh, migrated database named `portal_bench_<pid>_<label>` (dropped first when a crashed run left it). */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const name = `portal_bench_${process.pid}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = databaseUrl(name);
  const ds = createDataSource(url);
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  return { name, url, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A copy of a loaded database (for benchmarks that change data: imports, 10× refresh). */
export async function cloneDatabase(from: string, label: string): Promise<BenchDatabase> {
  const name = `portal_bench_${process.pid}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${from}' AND pid <> pg_backend_pid()`,
  );
  await admin(`CREATE DATABASE ${name} TEMPLATE ${from}`);
  return { name, url: databaseUrl(name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** The rows of a pg Client's answer, as the bulk inserts (core/database/bulk-insert.ts) take a query. */
export const rowsOf =
  (c: Client): Query =>
  async (sql, params) =>
    (await c.query(sql, params)).rows;

export async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url, application_name: 'portal-bench' });
  await c.connect();
  return c;
}
