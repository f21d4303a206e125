import 'reflect-metadata';
import { createDataSource } from '../../src/core/database/data-source';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { databaseUrl, withAdmin } from './db';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Migrates a template database once per run; each test file clones it (see createTestDatabase). Databases carry
 * the run's process id (portal_test_<pid>_…), so runs on one server never touch each other's databases and the
 * leftovers of a crashed run (its process is gone) are cleaned up by the next one.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TEST_RUN_PID = String(process.pid);
  const template = `portal_test_${process.pid}_template`;
  process.env.TEST_TEMPLATE_DB = template;
  await withAdmin(async (c) => {
    const existing = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'portal_test_%'`);
    for (const { datname } of existing.rows as { datname: string }[]) {
      const pid = Number(/^portal_test_(\d+)_/.exec(datname)?.[1]);
      if (!pid || !alive(pid) || pid === process.pid) {
        await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
    }
    await c.query(`CREATE DATABASE ${template}`);
  });
  const ds = createDataSource(databaseUrl(template));
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  // A second template with the demo data (through the application's services, a few seconds once per run rather
  // than per test file): startTestStack clones it unless a test asks for `demo: false`.
  const demo = `${template}_demo`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${demo} TEMPLATE ${template}`));
  await promisify(execFile)(
    process.execPath,
    ['-r', './scripts/register.cjs', 'apps/api/test/utils/demo-template.ts', databaseUrl(demo)],
    { cwd: join(__dirname, '../../../..') },
  );
  process.env.TEST_DEMO_TEMPLATE_DB = demo;
}
