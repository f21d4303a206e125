// Starts the whole stack for the browser tests on its own ports and a fresh database on the local PostgreSQL
// (or E2E_DATABASE_URL), with demo data. Process logs go to tmp/e2e-logs/.
import pg from 'pg';
import { fileOutput, freePort, ROOT, startStack } from '../../scripts/stack.mjs';
import { join } from 'node:path';

export default async function globalSetup() {
  const admin = process.env.E2E_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query('DROP DATABASE IF EXISTS portal_e2e WITH (FORCE)');
  await client.query('CREATE DATABASE portal_e2e');
  await client.end();
  const url = new URL(admin);
  url.pathname = '/portal_e2e';
  const stack = await startStack({
    databaseUrl: url.toString(),
    apiPort: await freePort(),
    webPort: Number(process.env.E2E_WEB_PORT ?? (await freePort())),
    demo: true,
    dataDir: 'tmp/e2e-data',
    env: { QUEUE_PREFIX: `e2e-${Date.now()}`, LOG_LEVEL: 'info', THROTTLE_LOGIN_PER_MINUTE: '1000' },
    output: fileOutput(join(ROOT, 'tmp', 'e2e-logs')),
    log: () => {},
  });
  process.env.E2E_WEB_URL = stack.webUrl;
  process.env.E2E_API_URL = stack.apiUrl;
  globalThis.__PORTAL_STACK__ = stack;
}
