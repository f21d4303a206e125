import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';

/** Summary of repeated measurements: the median is the figure, min–max its spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
  unit: string;
}

export function summary(values: number[], unit: string): Summary {
  const xs = [...values].sort((a, b) => a - b);
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median: round(median), min: round(xs[0]), max: round(xs[xs.length - 1]), runs: xs.length, unit };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const xs = [...values].sort((a, b) => a - b);
  return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
}

export const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Wall-clock milliseconds of `fn`. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and summarises the milliseconds. */
export async function repeat(runs: number, fn: () => Promise<unknown>, warmup = 1): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await timed(fn)).ms);
  return summary(ms, 'ms');
}

/** Peak resident set of a process (VmHWM), in MB; null when it has exited. */
export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  postgres: string;
  redis: string;
  os: string;
  /**
   * 1-minute load average when the run started and when it ended: above the number of cores, other processes
   * competed for the CPU and absolute figures are slower than on a quiet machine (ratios within the run still hold).
   */
  loadAtStart?: number;
  loadAtEnd?: number;
}

/** The 1-minute load average, rounded. */
export const load1 = () => round(loadavg()[0], 1);

export async function machine(databaseUrl: string, redisUrl: string): Promise<Machine> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  const pg = (await c.query('SHOW server_version')).rows[0].server_version as string;
  await c.end();
  let redis = 'unknown';
  try {
    const u = new URL(redisUrl);
    const info = execFileSync('redis-cli', ['-h', u.hostname, '-p', u.port || '6379', 'INFO', 'server'], {
      encoding: 'utf8',
    });
    redis = /redis_version:(\S+)/.exec(info)?.[1] ?? redis;
  } catch {
    // redis-cli missing: the version stays unknown
  }
  let os: string = process.platform;
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    // not Linux
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ramGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres: pg,
    redis,
    os,
    loadAtStart: load1(),
  };
}
