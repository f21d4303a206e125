import 'reflect-metadata';
import { createDataSource } from '../../src/core/database/data-source';
import { databaseUrl, TEMPLATE_DB, withAdmin } from './db';

/** Migrates a template database once per run; each test file clones it (see createTestDatabase). */
export default async function globalSetup(): Promise<void> {
  await withAdmin(async (c) => {
    const stale = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'portal_test_%'`);
    for (const row of stale.rows) await c.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  const ds = createDataSource(databaseUrl(TEMPLATE_DB));
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
}
