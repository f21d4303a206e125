// Starts the whole portal on one machine: PostgreSQL (embedded unless DATABASE_URL is set), Redis (REDIS_URL, or
// a local redis-server), the migrator, the demo seed (libs/demo, in demo mode), the API, the worker and the built
// web app. Used by `npm start` and by the browser tests, so both run exactly the same processes.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pgModule from 'pg';
import { postgresCanReach, preparePostgresParent, startEmbeddedPostgres } from './embedded-postgres.mjs';
import { embeddedDataDir } from './local-services.mjs';

const { Client } = pgModule;

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REGISTER = ['-r', './scripts/register.cjs'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

export function listening(host, port, timeoutMs = 500) {
  return new Promise((res) => {
    const sock = connect({ host, port });
    const done = (ok) => {
      sock.destroy();
      res(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

async function waitUntil(what, check, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function ensureRedis(url, log, children) {
  const u = new URL(url);
  const port = Number(u.port || 6379);
  if (await listening(u.hostname, port)) return;
  const local = ['127.0.0.1', 'localhost'].includes(u.hostname);
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (!local || which.status !== 0) {
    throw new Error(
      `Redis is not reachable at ${url}. Set REDIS_URL, or install Redis so \`redis-server\` is on PATH ` +
        `(Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis).\n` +
        `无法连接 Redis：请设置 REDIS_URL 或安装 redis-server。`,
    );
  }
  log(`starting redis-server on port ${port}`);
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  children.push({ name: 'redis', proc });
  await waitUntil('redis-server', () => listening('127.0.0.1', port), 10_000);
}

async function startPortalPostgres(dataDir, log) {
  preparePostgresParent(dataDir);
  const databaseDir = join(dataDir, 'pg');
  const port = Number(process.env.EMBEDDED_PG_PORT ?? (await freePort()));
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) log(`initialising embedded PostgreSQL in ${databaseDir}`);
  const pg = await startEmbeddedPostgres({ root: ROOT, dataDir: databaseDir, port });
  const client = new Client({ connectionString: pg.url('postgres') });
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'portal'`);
  if (!exists.rowCount) await client.query('CREATE DATABASE portal');
  await client.end();
  log(`embedded PostgreSQL on port ${port}`);
  return { url: pg.url('portal'), stop: pg.stop };
}

/** The folder of the embedded database and the generated JWT secret (see embeddedDataDir). */
function dataDirFor(o, log) {
  if (o.dataDir) return resolve(ROOT, o.dataDir);
  const data = embeddedDataDir({
    configured: process.env.DATA_DIR,
    checkout: ROOT,
    uid: userInfo().uid,
    postgresCanReachCheckout: postgresCanReach(join(ROOT, '.data')),
    tmpdir: tmpdir(),
  });
  if (data.reason === 'runtime') {
    log(`the postgres user cannot reach ${ROOT} (running as root); embedded data in ${data.dir}`);
  }
  return data.dir;
}

function jwtSecret(dataDir) {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

function run(name, args, env, output) {
  let buf = '';
  const onData = (d) => {
    buf += d;
    if (buf.length > 200_000) buf = buf.slice(-100_000);
    output(name, d);
  };
  const child = {
    name,
    proc: null,
    startedAt: 0,
    output: () => buf,
    /** Starts the process again (after it exited): same command and environment, same output buffer. */
    spawn() {
      child.proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.startedAt = Date.now();
      child.proc.stdout.on('data', onData);
      child.proc.stderr.on('data', onData);
      return child;
    },
  };
  return child.spawn();
}

/** The delay before restart `attempt` (1, 2, …) of a crashed process: 1 s, 2 s, 4 s, … at most 30 s. */
export function restartDelayMs(attempt) {
  return Math.min(30_000, 1000 * 2 ** (attempt - 1));
}

/**
 * Restarts the stack's API and worker when one exits while the stack is not stopping: after 1 s, then with
 * doubling delays up to 30 s while it keeps crashing; a process that ran for a minute counts as recovered and its
 * next crash waits 1 s again. Each exit and restart is logged. Returns a function that cancels pending restarts.
 */
export function superviseChildren(stack, log, names = ['api', 'worker']) {
  let stopped = false;
  const timers = new Set();
  const watch = (c, attempt) => {
    c.proc.once('exit', (code, signal) => {
      if (stopped) return;
      const next = Date.now() - c.startedAt >= 60_000 ? 1 : attempt + 1;
      const delay = restartDelayMs(next);
      log(
        `${c.name} exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s (restart ${next})` +
          ` / ${c.name} 进程退出，${delay / 1000} 秒后重启`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (stopped) return;
        c.spawn();
        log(`${c.name} restarted (pid ${c.proc.pid})`);
        watch(c, next);
      }, delay);
      timers.add(timer);
    });
  };
  for (const c of stack.children) if (names.includes(c.name)) watch(c, 0);
  return () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}

function exited(child) {
  return new Promise((res) => {
    if (child.proc.exitCode !== null) return res(child.proc.exitCode);
    child.proc.once('exit', (code) => res(code));
  });
}

export function buildWebIfStale(log) {
  const index = join(ROOT, 'dist/apps/web/index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'apps/web')), newestMtime(join(ROOT, 'libs/shared/src')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('building the web app (vite build)…');
  const r = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('vite build failed');
}

/**
 * @param {object} o
 * @param {string} [o.dataDir] where the embedded database and the generated JWT secret live (git-ignored)
 * @param {(name: string, chunk: Buffer) => void} [o.output] receives the processes' output
 */
export async function startStack(o = {}) {
  const log = o.log ?? ((m) => console.log(`[portal] ${m}`));
  const output = o.output ?? (() => {});
  const apiPort = o.apiPort ?? Number(process.env.PORT ?? 3000);
  const webPort = o.webPort ?? Number(process.env.WEB_PORT ?? 4200);
  const children = [];
  let pg;
  const stop = async () => {
    for (const c of [...children].reverse()) {
      if (c.proc.exitCode === null && c.proc.signalCode === null) {
        c.proc.kill('SIGTERM');
        await Promise.race([exited(c), sleep(5000)]);
        if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
      }
    }
    if (pg) await pg.stop();
  };
  try {
    const redisUrl = o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    await ensureRedis(redisUrl, log, children);
    let databaseUrl = o.databaseUrl ?? process.env.DATABASE_URL;
    const dataDir = dataDirFor(o, databaseUrl ? () => {} : log);
    if (!databaseUrl) {
      pg = await startPortalPostgres(dataDir, log);
      databaseUrl = pg.url;
    }
    const demo = o.demo ?? process.env.DEMO !== 'false';
    const env = {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PORT: String(apiPort),
      WEB_PORT: String(webPort),
      WEB_ORIGIN: process.env.WEB_ORIGIN ?? `http://localhost:${webPort}`,
      JWT_SECRET: jwtSecret(dataDir),
      DEMO: String(demo),
      ...(o.env ?? {}),
    };
    const migrate = run('migrate', [...REGISTER, 'apps/api/src/migrate.ts'], env, output);
    if ((await exited(migrate)) !== 0) throw new Error(`migrations failed:\n${migrate.output()}`);
    if (demo) {
      // Demo data lives outside production code (libs/demo) and is loaded through the API's own services.
      const seed = run('seed', [...REGISTER, 'libs/demo/src/seed.ts'], env, output);
      if ((await exited(seed)) !== 0) throw new Error(`demo seed failed:\n${seed.output()}`);
    }
    const api = run('api', [...REGISTER, 'apps/api/src/main.ts'], env, output);
    children.push(api);
    const worker = run('worker', [...REGISTER, 'apps/api/src/worker.ts'], env, output);
    children.push(worker);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitUntil(
      'API',
      async () => {
        if (api.proc.exitCode !== null) throw new Error(`API exited:\n${api.output()}`);
        return fetch(`${apiUrl}/api/health`).then(
          (r) => r.status === 200,
          () => false,
        );
      },
      60_000,
    );
    await waitUntil(
      'worker',
      () => {
        if (worker.proc.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`);
        return /worker ready/.test(worker.output());
      },
      60_000,
    );
    let webUrl = null;
    if (o.web !== false) {
      buildWebIfStale(log);
      const web = run(
        'web',
        [
          'node_modules/vite/bin/vite.js',
          'preview',
          '--config',
          'apps/web/vite.config.mts',
          '--port',
          String(webPort),
          '--strictPort',
        ],
        { ...env, API_URL: apiUrl },
        output,
      );
      children.push(web);
      webUrl = `http://127.0.0.1:${webPort}`;
      await waitUntil(
        'web',
        async () => {
          if (web.proc.exitCode !== null) throw new Error(`web server exited:\n${web.output()}`);
          return fetch(webUrl).then(
            (r) => r.status === 200,
            () => false,
          );
        },
        60_000,
      );
    }
    return { apiUrl, webUrl, env, children, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Writes each process's output to <dir>/<name>.log (used by the browser tests). */
export function fileOutput(dir) {
  mkdirSync(dir, { recursive: true });
  const streams = new Map();
  return (name, chunk) => {
    if (!streams.has(name)) streams.set(name, createWriteStream(join(dir, `${name}.log`)));
    streams.get(name).write(chunk);
  };
}
