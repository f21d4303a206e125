import pg from 'pg';

export default async function globalTeardown() {
  await globalThis.__PORTAL_STACK__?.stop();
  const database = process.env.E2E_DATABASE;
  if (!database) return;
  const client = new pg.Client({
    connectionString: process.env.E2E_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await client.end();
}
