import Redis from 'ioredis';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import type { WorkerHeartbeat } from '@portal/shared';
import { redisOptions, type RedisTarget } from '../queue/queues';

/** Rejects after `ms` with "timeout": a probe must answer while what it probes hangs. */
export function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A dedicated Redis connection that fails fast (no offline queue, no retries per command), for health checks and
 * the worker heartbeat: it must answer while Redis is down, where BullMQ's connections wait for ever.
 */
export class RedisProbe {
  readonly client: Redis;

  constructor(target: RedisTarget) {
    this.client = new Redis({
      ...redisOptions(target),
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      connectTimeout: 1000,
      retryStrategy: () => 1000,
    });
    this.client.on('error', () => undefined);
  }

  /** null when Redis answers PONG, else what went wrong. */
  async problem(): Promise<string | null> {
    try {
      if (this.client.status === 'wait') await this.client.connect();
      const pong = await within(1000, this.client.ping());
      return pong === 'PONG' ? null : String(pong);
    } catch (e) {
      return (e as Error).message;
    }
  }

  close(): void {
    this.client.disconnect();
  }
}

/** null when PostgreSQL answers `SELECT 1` within 1.5 s, else what went wrong. */
export async function databaseProblem(ds: DataSource): Promise<string | null> {
  try {
    await within(1500, ds.query('SELECT 1'));
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Redis key of one worker process's heartbeat: `<QUEUE_PREFIX>:worker-heartbeat:<host>:<pid>`. */
export function heartbeatKey(prefix: string, host = hostname(), pid = process.pid): string {
  return `${prefix}:worker-heartbeat:${host}:${pid}`;
}

export const HEARTBEAT_EVERY_MS = 10_000;
/** A heartbeat older than this has expired: the worker stopped or cannot reach Redis. */
export const HEARTBEAT_TTL_MS = 30_000;

/** A worker process's heartbeat (the shape GET /api/health/ready lists). */
export type Heartbeat = WorkerHeartbeat;

/** The heartbeats of the workers alive now (keys expire HEARTBEAT_TTL_MS after their last beat). */
export async function liveWorkers(redis: Redis, prefix: string): Promise<Heartbeat[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await within(1000, redis.scan(cursor, 'MATCH', `${prefix}:worker-heartbeat:*`, 'COUNT', 100));
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  if (!keys.length) return [];
  const values = await within(1000, redis.mget(...keys));
  return values.flatMap((v) => (v ? [JSON.parse(v) as Heartbeat] : []));
}
