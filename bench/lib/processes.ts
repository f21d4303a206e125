import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../apps/api/test/utils/processes';

export const ROOT = join(__dirname, '..', '..');

/** Environment of the bench's API and worker processes: its own database, queue prefix and secret. */
export function benchEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-${process.pid}-${randomBytes(3).toString('hex')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // The bench measures throughput: the request limits (issue 13) would only measure themselves.
    THROTTLE_LOGIN_PER_MINUTE: '100000',
    THROTTLE_EXPORTS_PER_MINUTE: '100000',
    THROTTLE_IMPORTS_PER_MINUTE: '100000',
    THROTTLE_DOWNLOADS_PER_MINUTE: '100000',
    JOBS_IN_FLIGHT_PER_USER: '100000',
    LOGIN_ADDRESS_MAX_FAILURES: '100000',
    WORKER_CONCURRENCY: '8',
    ...extra,
  };
}

/**
 * `BENCH_CPU_PROF=<dir>`: the API and worker processes write V8 CPU profiles there when they exit (open them in
 * Chrome DevTools); NODE_OPTIONS does not take --cpu-prof.
 */
const profile = () =>
  process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

export interface Proc {
  proc: ChildProcess;
  pid: number;
  url?: string;
  output: () => string;
  stop: () => Promise<void>;
}

function manage(proc: ChildProcess, url?: string): Proc {
  let buf = '';
  const keep = (d: Buffer) => {
    buf += d;
    if (buf.length > 100_000) buf = buf.slice(-50_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return {
    proc,
    pid: proc.pid!,
    url,
    output: () => buf,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

async function until(what: string, p: Proc, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (p.proc.exitCode !== null) throw new Error(`${what} exited:\n${p.output()}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  await p.stop();
  throw new Error(`${what} not ready in ${timeoutMs / 1000} s:\n${p.output()}`);
}

/** The real worker process (apps/api/src/worker.ts). */
export async function startWorker(env: Record<string, string>): Promise<Proc> {
  const proc = spawn(process.execPath, [...profile(), '-r', './scripts/register.cjs', 'apps/api/src/worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p = manage(proc);
  await until('worker', p, () => /worker ready/.test(p.output()), 60_000);
  return p;
}

/** The real API process (apps/api/src/main.ts) on a free loopback port. */
export async function startApi(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...profile(), '-r', './scripts/register.cjs', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  const p = manage(proc, url);
  await until(
    'api',
    p,
    async () => {
      try {
        return (await fetch(`${url}/api/health`)).status < 500;
      } catch {
        return false;
      }
    },
    60_000,
  );
  return p;
}
