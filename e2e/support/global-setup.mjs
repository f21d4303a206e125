// Starts the whole stack for the browser tests on its own ports and a fresh database on the local PostgreSQL
// (or E2E_DATABASE_URL), with demo data. Process logs go to tmp/e2e-logs/.
import pg from 'pg';
import { chromiumProblem, DEFAULT_CHROMIUM } from '../../scripts/local-services.mjs';
import { fileOutput, freePort, ROOT, startStack } from '../../scripts/stack.mjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export default async function globalSetup() {
  // Before the stack starts: without a browser every test would fail with Playwright's launch error.
  const chromium = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  const problem = chromiumProblem(chromium, existsSync(chromium));
  if (problem) throw new Error(problem);
  const admin = process.env.E2E_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  // One database per run: two browser-test runs on one server (CI and a developer) must not share data.
  const database = `portal_e2e_${process.pid}`;
  await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  process.env.E2E_DATABASE = database;
  const url = new URL(admin);
  url.pathname = `/${database}`;
  const stack = await startStack({
    databaseUrl: url.toString(),
    apiPort: await freePort(),
    webPort: Number(process.env.E2E_WEB_PORT ?? (await freePort())),
    demo: true,
    dataDir: 'tmp/e2e-data',
    // The API trusts its web server's X-Forwarded-For, which replaces the client's (web-origin.e2e-spec).
    env: {
      QUEUE_PREFIX: `e2e-${Date.now()}`,
      LOG_LEVEL: 'info',
      THROTTLE_LOGIN_PER_MINUTE: '1000',
      TRUST_PROXY: 'loopback',
    },
    output: fileOutput(join(ROOT, 'tmp', 'e2e-logs')),
    log: () => {},
  });
  process.env.E2E_WEB_URL = stack.webUrl;
  process.env.E2E_API_URL = stack.apiUrl;
  globalThis.__PORTAL_STACK__ = stack;
}
