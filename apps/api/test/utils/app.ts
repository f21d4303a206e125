import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { DEFAULT_DEMO_PASSWORD, type LoginResponse } from '@portal/shared';
import { createHttpApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/core/config/config';
import { createDataSource } from '../../src/core/database/data-source';
import { NestFactory } from '@nestjs/core';
import { DemoSeedModule, loadDemoData } from '@portal/demo';
import { createTestDatabase } from './db';

export const DEMO_PASSWORD = DEFAULT_DEMO_PASSWORD;

export interface TestStack {
  app: INestApplication;
  baseUrl: string;
  ds: DataSource;
  config: AppConfig;
  /** Calls the API; `as` logs in first (cached per username). */
  call: (
    method: string,
    path: string,
    opts?: { as?: string; token?: string; body?: unknown; headers?: Record<string, string>; raw?: string },
  ) => Promise<CallResponse>;
  login: (username: string, password?: string) => Promise<LoginResponse>;
  /** POST /api/imports as `as`: the file as multipart field `file`, plus form fields. */
  upload: (as: string, name: string, data: Buffer, fields?: Record<string, string>) => Promise<ApiResponse>;
  close: () => Promise<void>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
  body: any;
  text: string;
}

/** An answer of `call`, also as the bytes sent (a downloaded file). */
export interface CallResponse extends ApiResponse {
  bytes: Buffer;
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Request limits out of the way of suites that are not about them (rate-limits and login-protection set theirs).
    THROTTLE_LOGIN_PER_MINUTE: '1000',
    THROTTLE_EXPORTS_PER_MINUTE: '1000',
    THROTTLE_IMPORTS_PER_MINUTE: '1000',
    THROTTLE_DOWNLOADS_PER_MINUTE: '1000',
    JOBS_IN_FLIGHT_PER_USER: '1000',
    ...overrides,
  });
}

/**
 * Loads the demo data into a migrated database through the application's services (libs/demo's seed module), as
 * `npm start` does: the global setup makes the run's demo template with it once, which test files then clone.
 */
export async function seedDemoDatabase(url: string): Promise<void> {
  const ctx = await NestFactory.createApplicationContext(DemoSeedModule.forRoot(testConfig({ DATABASE_URL: url })), {
    logger: false,
  });
  try {
    await loadDemoData(ctx, DEMO_PASSWORD);
  } finally {
    await ctx.close();
  }
}

/**
 * The real HTTP application on a random port, over its own database (cloned from the migrated template, with the
 * demo accounts, firms and returns unless `demo: false`) and its own BullMQ key prefix.
 */
export async function startTestStack(
  opts: { demo?: boolean; env?: Record<string, string>; databaseUrl?: string } = {},
): Promise<TestStack> {
  // A given database (a private server of a fault test) is migrated here; otherwise a clone of the template.
  // The run's demo template (global setup) holds the demo data already; a private server's database gets it below.
  const demoTemplate = opts.demo !== false && !opts.databaseUrl ? process.env.TEST_DEMO_TEMPLATE_DB : undefined;
  const db = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => undefined }
    : await createTestDatabase(demoTemplate);
  const config = testConfig({ DATABASE_URL: db.url, ...opts.env });
  const ds = createDataSource(db.url);
  await ds.initialize();
  if (opts.databaseUrl) await ds.runMigrations();
  const app = await createHttpApp(config);
  // The demo accounts, firms and returns through the application's own services, as `npm start` loads them.
  if (opts.demo !== false && !demoTemplate) await loadDemoData(app, DEMO_PASSWORD);
  await app.listen(0, '127.0.0.1');
  // Idle keep-alive sockets stay open longer than the tests' pauses: on a loaded machine the client's reuse of a
  // socket could otherwise cross the server's 5 s close and fail with ECONNRESET.
  app.getHttpServer().keepAliveTimeout = 60_000;
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const tokens = new Map<string, string>();

  const login = async (username: string, password = DEMO_PASSWORD): Promise<LoginResponse> => {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(body)}`);
    tokens.set(username, body.accessToken);
    return body;
  };

  const call: TestStack['call'] = async (method, path, o = {}) => {
    let token = o.token;
    if (o.as) token = tokens.get(o.as) ?? (await login(o.as)).accessToken;
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = o.raw;
    if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a file download, the docs page)
    }
    return { status: res.status, headers: res.headers, body: parsed, text, bytes };
  };

  const upload: TestStack['upload'] = async (as, name, data, fields = {}) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const token = tokens.get(as) ?? (await login(as)).accessToken;
    const res = await fetch(`${baseUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: JSON.parse(text), text };
  };

  return {
    app,
    baseUrl,
    ds,
    config,
    call,
    login,
    upload,
    close: async () => {
      await app.close();
      await ds.destroy();
      await db.drop();
    },
  };
}

/** `?sort=..&range=..&filter=..` for list endpoints. */
export function listQuery(p: { filter?: unknown; sort?: [string, string]; range?: [number, number] }): string {
  const q = new URLSearchParams();
  if (p.filter) q.set('filter', JSON.stringify(p.filter));
  if (p.sort) q.set('sort', JSON.stringify(p.sort));
  if (p.range) q.set('range', JSON.stringify(p.range));
  return `?${q.toString()}`;
}
