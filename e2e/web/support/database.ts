import pg from 'pg';

/** A connection to the browser tests' database (set up by e2e/support/global-setup.mjs), for checks and set-ups. */
export async function e2eDatabase(): Promise<pg.Client> {
  const url = new URL(process.env.E2E_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${process.env.E2E_DATABASE}`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  return db;
}
