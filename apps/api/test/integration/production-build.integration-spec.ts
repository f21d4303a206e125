import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEMO_PASSWORD } from '../utils/app';
import { createTestDatabase, withAdmin } from '../utils/db';
import { freePort, ROOT } from '../utils/processes';
import { eventually } from '../factories/load';

/**
 * The production build (issue 18): `npm run build` compiles the API, the worker and the migrator into dist/server
 * and the web app into dist/apps/web (the demo seed, libs/demo, is not part of it: it runs from its sources after the
 * compiled migrator), the compiled API serves the web app
 * (caching and security headers, client-side routes) and the API, the compiled worker validates a saved draft.
 * docker/Dockerfile and docker/compose.yml name only commands that exist in that build.
 */
describe('npm run build, then the built output', () => {
  const procs: ReturnType<typeof spawn>[] = [];
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: NodeJS.ProcessEnv;
  let baseUrl: string;
  const logs = new Map<string, string>();

  const start = (name: string, script: string, extra: Record<string, string> = {}) => {
    const p = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: { ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    logs.set(name, '');
    p.stdout?.on('data', (d) => logs.set(name, logs.get(name) + String(d)));
    p.stderr?.on('data', (d) => logs.set(name, logs.get(name) + String(d)));
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    // An empty database: the compiled migrator creates the schema, the demo seed (not built) its data.
    db = await createTestDatabase();
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE ${db.name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${db.name}`);
    });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: db.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `test-build-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      WEB_DIST_DIR: join(ROOT, 'dist/apps/web'),
      LOG_LEVEL: 'info',
      THROTTLE_LOGIN_PER_MINUTE: '1000',
    };
    const migrate = start('migrate', 'dist/server/apps/api/src/migrate.js');
    const code = await new Promise((r) => migrate.once('exit', r));
    if (code !== 0) throw new Error(`built migrator failed:\n${logs.get('migrate')}`);
    const seed = spawn(process.execPath, ['-r', './scripts/register.cjs', 'libs/demo/src/seed.ts'], {
      cwd: ROOT,
      env: { ...env, DEMO: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seedLog = '';
    seed.stdout?.on('data', (d) => (seedLog += String(d)));
    seed.stderr?.on('data', (d) => (seedLog += String(d)));
    if ((await new Promise((r) => seed.once('exit', r))) !== 0) throw new Error(`demo seed failed:\n${seedLog}`);
    start('api', 'dist/server/apps/api/src/main.js');
    start('worker', 'dist/server/apps/api/src/worker.js');
    await eventually(
      'the built API ready',
      async () => (await fetch(`${baseUrl}/api/health/ready`).catch(() => null))?.status === 200,
      120_000,
    );
    await eventually('the built worker ready', async () => /worker ready/.test(logs.get('worker')!), 120_000);
  }, 600_000);

  afterAll(async () => {
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((r) => {
            if (p.exitCode !== null || p.signalCode !== null) return r();
            p.once('exit', () => r());
            p.kill('SIGTERM');
          }),
      ),
    );
    await db?.drop();
  });

  it('holds compiled JavaScript only, with the data files read at run time', () => {
    for (const f of [
      'apps/api/src/main.js',
      'apps/api/src/worker.js',
      'apps/api/src/migrate.js',
      'migrations/index.js',
    ]) {
      expect(existsSync(join(ROOT, 'dist/server', f))).toBe(true);
    }
    expect(existsSync(join(ROOT, 'dist/server/apps/api/src/main.ts'))).toBe(false);
    // Demo data is no production code.
    expect(existsSync(join(ROOT, 'dist/server/libs/demo'))).toBe(false);
    expect(existsSync(join(ROOT, 'dist/server/apps/api/src/modules/demo'))).toBe(false);
    expect(readdirSync(join(ROOT, 'dist/server/libs/shared/codes')).length).toBeGreaterThan(0);
    expect(readFileSync(join(ROOT, 'dist/server/apps/api/src/app.module.js'), 'utf8')).not.toMatch(/@portal\//);
    // Tracing must patch Nest, pg and pino before they load: the compiled entry points require its preload first.
    const firstRequire = (f: string) =>
      readFileSync(join(ROOT, 'dist/server/apps/api/src', f), 'utf8').match(/require\("([^"]+)"\)/)?.[1];
    expect(firstRequire('main.js')).toBe('./core/tracing/api');
    expect(firstRequire('worker.js')).toBe('./core/tracing/worker');
  });

  it('serves the web app: index and client routes revalidated, hashed assets immutable, security headers on all', async () => {
    const index = await fetch(`${baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    const html = await index.text();
    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)![1];
    const js = await fetch(`${baseUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-security-policy')).toBe(index.headers.get('content-security-policy'));
    const route = await fetch(`${baseUrl}/returns/some-id/show`, { headers: { accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(html);
    expect((await fetch(`${baseUrl}/assets/missing-0000.js`)).status).toBe(404);
    // /api stays the API's, also for unknown paths.
    const unknown = await fetch(`${baseUrl}/api/nothing-here`, { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/json/);
  });

  it('passes the smoke journey: a demo firm logs in, saves its draft and the built worker validates it', async () => {
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'firm-xian-1', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${(await login.json()).accessToken}`, 'content-type': 'application/json' };
    const list = await (await fetch(`${baseUrl}/api/returns`, { headers: auth })).json();
    const draft = list.find((r: { status: string }) => r.status === 'DRAFT');
    expect(draft).toBeDefined();
    const detail = await (await fetch(`${baseUrl}/api/returns/${draft.id}`, { headers: auth })).json();
    const saved = await fetch(`${baseUrl}/api/returns/${draft.id}/draft`, {
      method: 'PUT',
      headers: { ...auth, 'x-request-id': 'built-smoke-1' },
      body: JSON.stringify({ version: detail.version, content: detail.content }),
    });
    expect(saved.status).toBe(200);
    await eventually(
      'the built worker validated the draft',
      async () => {
        const v = await (await fetch(`${baseUrl}/api/returns/${draft.id}/validation`, { headers: auth })).json();
        return v.status === 'DONE' && v.current;
      },
      60_000,
    );
    expect(logs.get('worker')).toMatch(
      /"requestId":"built-smoke-1".*"job completed"|"job completed".*"requestId":"built-smoke-1"/,
    );
  }, 120_000);

  it('keeps docker/ consistent with the build: every node command of the Dockerfile and compose file exists', () => {
    const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
    const exec = [...dockerfile.matchAll(/^(?:CMD|HEALTHCHECK .*CMD) (\[.*\])$/gm)].map(
      (m) => JSON.parse(m[1]) as string[],
    );
    expect(exec.length).toBe(2);
    const compose = parse(readFileSync(join(ROOT, 'docker/compose.yml'), 'utf8'));
    const commands = Object.values(compose.services as Record<string, { command?: string[] }>)
      .map((svc) => svc.command)
      .filter((c): c is string[] => Array.isArray(c) && c[0] === 'node');
    expect(commands.map((c) => c[1]).sort()).toEqual([
      'dist/server/apps/api/src/main.js',
      'dist/server/apps/api/src/migrate.js',
      'dist/server/apps/api/src/worker.js',
    ]);
    for (const cmd of [...exec, ...commands]) {
      expect(cmd[0]).toBe('node');
      expect(existsSync(join(ROOT, cmd[1]))).toBe(true);
    }
    // The image runs what it copies: dist/, production node_modules and the healthcheck, as a non-root user.
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/WEB_DIST_DIR=\/app\/dist\/apps\/web/);
    expect(compose.services.redis.command).toEqual([
      'redis-server',
      '--appendonly',
      'yes',
      '--maxmemory-policy',
      'noeviction',
    ]);
    expect(compose.services.api.depends_on.migrate.condition).toBe('service_completed_successfully');
  });
});
