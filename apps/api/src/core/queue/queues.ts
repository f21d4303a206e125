import type { ConnectionOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { AppConfig } from '../config/config';

/** Every BullMQ queue. The worker refuses to start when one has no processor. */
export const QUEUES = {
  maintenance: 'maintenance',
  validation: 'validation',
  imports: 'imports',
  exports: 'exports',
  notifications: 'notifications',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Where Redis is: REDIS_URL alone, or with Sentinels that name the primary. A bare string is a REDIS_URL. */
export type RedisTarget =
  | string
  | (Pick<AppConfig, 'REDIS_URL'> &
      Partial<Pick<AppConfig, 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME' | 'REDIS_SENTINEL_PASSWORD'>>);

/**
 * The ioredis options of a connection to the deployment's Redis (every connection: BullMQ's, the request limits',
 * the health probes'). With Sentinels, ioredis asks them for the primary of REDIS_SENTINEL_NAME at every
 * (re)connection and checks that the node it reached is a primary (`role: 'master'`). A failover closes the
 * connections to the old primary (it died, or Redis drops its clients when it is demoted); a READONLY answer of a
 * demoted primary reconnects too. Not ioredis's `failoverDetector` (subscriptions to +switch-master): `quit()`
 * leaves those connections open (ioredis #1362), and a process shutting down would then never exit.
 */
export function redisOptions(target: RedisTarget): RedisOptions {
  const t = typeof target === 'string' ? { REDIS_URL: target } : target;
  const u = new URL(t.REDIS_URL);
  const common: RedisOptions = {
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
  if (!t.REDIS_SENTINELS?.length) return { ...common, host: u.hostname, port: Number(u.port || 6379) };
  return {
    ...common,
    sentinels: t.REDIS_SENTINELS.map(sentinelAddress),
    name: t.REDIS_SENTINEL_NAME,
    role: 'master',
    sentinelPassword: t.REDIS_SENTINEL_PASSWORD,
    enableTLSForSentinelMode: u.protocol === 'rediss:',
    // A demoted primary answers writes with READONLY: reconnect (to the new primary) and resend the command.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
    // Every Sentinel unreachable: ask them again, for ever, at most every 2 s.
    sentinelRetryStrategy: (times) => Math.min(times * 200, 2000),
  };
}

/** "host:port" (an IPv6 host in brackets) as ioredis takes it. */
export function sentinelAddress(entry: string): { host: string; port: number } {
  const at = entry.lastIndexOf(':');
  return { host: entry.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(entry.slice(at + 1)) };
}

/** BullMQ's connection: redisOptions, and workers block on Redis, so they must not give up on a slow command. */
export function redisConnection(target: RedisTarget): ConnectionOptions {
  // ioredis's retryStrategy type admits null, BullMQ's not; none is set here.
  const options: Omit<RedisOptions, 'retryStrategy'> = redisOptions(target);
  return { ...options, maxRetriesPerRequest: null };
}
