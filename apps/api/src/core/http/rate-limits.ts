import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import {
  applyDecorators,
  Inject,
  Injectable,
  Logger,
  UseGuards,
  type ExecutionContext,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  normalizeIp,
  SkipThrottle,
  ThrottlerGuard,
  ThrottlerStorageService,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import Redis from 'ioredis';
import { once } from 'node:events';
import type { AuthUser } from '../auth/auth-user';
import type { AppConfig } from '../config/config';
import { tooManyRequests } from '../errors/app-error';
import { redisOptions } from '../queue/queues';

/**
 * Request limits of the HTTP process. Counters live in Redis so every API process counts together; while Redis is
 * unreachable each process counts for itself rather than refusing logins or answering 500.
 */

export const LIMITS_REDIS = Symbol('LIMITS_REDIS');

/**
 * The connection of the limits (login protection and throttling), apart from BullMQ's: while Redis is down a command
 * fails after one reconnection attempt instead of waiting, a hung Redis within 5 s (generous: a slow but working Redis
 * must not send counts to the per-process fallback), and the deployment's QUEUE_PREFIX keeps deployments sharing a
 * Redis apart.
 */
export function createLimitsRedis(config: AppConfig): Redis {
  return new Redis({
    ...redisOptions(config),
    keyPrefix: `${config.QUEUE_PREFIX}:limits:`,
    maxRetriesPerRequest: 1,
    commandTimeout: 5000,
  });
}

/**
 * Waits at start until the limits connection is ready, so the first requests are counted in Redis and not by the
 * per-process fallback (the login limiters take the fallback while the connection is not ready); closes it with the
 * application.
 */
@Injectable()
export class LimitsConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('rate-limits');

  constructor(@Inject(LIMITS_REDIS) private readonly redis: Redis) {}

  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await once(this.redis, 'ready', { signal: AbortSignal.timeout(10_000) }).catch(() =>
      this.log.warn('Redis not ready at start: request limits are counted per API process until it answers'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Where a request comes from, as counted: an IPv4 address, or the /64 of an IPv6 one (one host holds a /64). */
export function clientAddress(ip: string | undefined): string {
  return normalizeIp(ip ?? 'unknown');
}

/** Throttler storage in Redis, falling back to per-process memory while Redis is away. */
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly log = new Logger('rate-limits');
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private degraded = false;

  constructor(redis: Redis) {
    this.shared = new ThrottlerStorageRedisService(redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string) {
    try {
      const record = await this.shared.increment(key, ttl, limit, blockDuration, name);
      if (this.degraded) this.log.log('Redis answers again: request limits are shared by all API processes');
      this.degraded = false;
      return record;
    } catch (err) {
      if (!this.degraded) this.log.warn({ err }, 'Redis unavailable: request limits are counted per API process');
      this.degraded = true;
      return this.local.increment(key, ttl, limit, blockDuration, name);
    }
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
  }
}

/** The named limits; a route opts into one with @RateLimit(name). */
export const THROTTLERS = ['login', 'exports', 'imports', 'downloads'] as const;
export type ThrottlerName = (typeof THROTTLERS)[number];

/** `storage` null: the throttler's own in-memory storage (the worker's, which never counts a request). */
export function throttlerOptions(config: AppConfig, storage: ThrottlerStorage | null): ThrottlerModuleOptions {
  const limits: Record<ThrottlerName, number> = {
    login: config.THROTTLE_LOGIN_PER_MINUTE,
    exports: config.THROTTLE_EXPORTS_PER_MINUTE,
    imports: config.THROTTLE_IMPORTS_PER_MINUTE,
    downloads: config.THROTTLE_DOWNLOADS_PER_MINUTE,
  };
  return {
    throttlers: THROTTLERS.map((name) => ({ name, ttl: 60_000, limit: limits[name] })),
    storage: storage ?? undefined,
    // The guard's own headers are named per throttler (`Retry-After-login`); RateLimitGuard sends the standard one.
    setHeaders: false,
  };
}

/**
 * Counts per user once logged in (several users behind one office address do not share a budget), otherwise per
 * client address; a refusal is 429 with Retry-After and a message saying how long to wait.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = (req as { user?: AuthUser }).user;
    return user ? `user:${user.id}` : `address:${clientAddress((req as unknown as Request).ip)}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw tooManyRequests('RATE_LIMITED', detail.timeToBlockExpire * 1000, { limit: detail.limit });
  }
}

/** Applies the named limit (and none of the others) to a route. */
export function RateLimit(name: ThrottlerName) {
  const others = Object.fromEntries(THROTTLERS.filter((n) => n !== name).map((n) => [n, true]));
  return applyDecorators(UseGuards(RateLimitGuard), SkipThrottle(others));
}
