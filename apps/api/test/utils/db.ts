import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Server-level connection used to create and drop the per-file test databases. */
export const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A fresh database for one test file, cloned from the migrated template (milliseconds, not a migration run), or
 * from another template of the run (the one with the demo data).
 */
export async function createTestDatabase(
  from?: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `portal_test_${process.env.TEST_RUN_PID ?? process.pid}_${randomBytes(5).toString('hex')}`;
  // Set by the global setup of this run (apps/api/test/utils/global-setup.ts).
  const template = from ?? process.env.TEST_TEMPLATE_DB ?? 'portal_test_template';
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
