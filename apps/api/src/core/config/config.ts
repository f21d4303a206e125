import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Every setting the processes read, validated once at boot. A missing or malformed variable stops the process
 * with a message naming it; so does an unknown PORTAL_* variable (a typo would otherwise be silently ignored).
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.join('/')}://`,
    });

/** Express's names for address ranges (proxy-addr): 127.0.0.0/8 and ::1; 169.254.0.0/16 and fe80::/10; private ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function proxyEntryProblem(entry: string): string | null {
  if (PROXY_RANGE_NAMES.has(entry)) return null;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length)
    return `"${entry}" is not an IP address, a CIDR range or ${[...PROXY_RANGE_NAMES].join('/')}`;
  if (prefix === undefined) return null;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(prefix) && bits <= max ? null : `"${entry}": the prefix length must be 0 to ${max}`;
}

/**
 * A comma-separated list (blanks around entries ignored, empty entries dropped), each entry checked by `problem`
 * (its message, or null when the entry is fine; `i` is 0-based).
 */
const commaList = (problem: (entry: string, i: number) => string | null) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    )
    .superRefine((entries, ctx) => {
      for (const [i, entry] of entries.entries()) {
        const message = problem(entry, i);
        if (message) ctx.addIssue({ code: 'custom', message });
      }
    });

/** A comma-separated list of proxies whose X-Forwarded-For is believed; empty trusts none. */
const trustedProxies = commaList(proxyEntryProblem);

/** A comma-separated list of PostgreSQL URLs (the read replicas); empty: none. */
const replicaUrls = commaList((entry, i) =>
  url(['postgres', 'postgresql']).safeParse(entry).success ? null : `entry ${i + 1} must be a postgres:// URL`,
);

/** A comma-separated list of Redis Sentinels, host:port each (IPv6 hosts in brackets); empty: no Sentinel. */
const sentinelAddresses = commaList((entry, i) => {
  const m = /^(\[[0-9a-fA-F:.]+\]|[\w.-]+):(\d+)$/.exec(entry);
  return m && port.safeParse(m[2]).success ? null : `entry ${i + 1} ("${entry}") must be host:port`;
});

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  WEB_PORT: port.default(4200),
  /** Where the web app is served from; the only origin CORS admits. */
  WEB_ORIGIN: z.string().url().optional(),
  /**
   * The reverse proxies in front of the API whose X-Forwarded-For names the client. Unset: none, so the client is
   * the connection's peer and a forged header changes nothing (login limits count per client address).
   */
  TRUST_PROXY: trustedProxies.default([]),
  /** Unset: an embedded PostgreSQL (development and demo only). */
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  /**
   * Streaming replicas of DATABASE_URL: official tables, dashboards and exports read from them (one picked per
   * query); everything else, and every read that must see the caller's own writes, stays on DATABASE_URL. Unset:
   * every query goes to DATABASE_URL.
   */
  DATABASE_REPLICA_URLS: replicaUrls.default([]),
  /** Connections each process keeps to PostgreSQL at most (and to each replica). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  /**
   * How long a query waits for a free pool connection before it gives up: the request then answers 503
   * SERVICE_BUSY with Retry-After instead of hanging while the pool is full.
   */
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** After SIGTERM, how long requests and jobs in flight may take to finish before the process exits anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /**
   * After SIGTERM, how long the API keeps serving with readiness false before it closes, so a load balancer polling
   * /api/health/ready stops sending requests first (0: close at once).
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(600).default(0),
  /**
   * A built web app (`npm run build` → dist/apps/web) the API serves itself at /, with caching headers and the web
   * origin's security headers; unset: the API serves /api only (a separate web server serves the app).
   */
  WEB_DIST_DIR: z.string().min(1).optional(),
  /** The worker's own HTTP port for /health/live, /health/ready and /metrics; unset: the worker listens on none. */
  WORKER_HTTP_PORT: port.optional(),
  /**
   * Bearer token of the Prometheus endpoints (API /api/metrics, worker /metrics); unset: no metrics are served.
   * At least 32 characters.
   */
  METRICS_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters')
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional(),
  /**
   * The OTLP/HTTP endpoint (a collector, Jaeger, Tempo…) traces are sent to, e.g. http://collector:4318; the
   * exporter appends /v1/traces. Unset: tracing is off and its modules are not even loaded (core/tracing).
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http', 'https']).optional(),
  /** The traces' service name; unset: `portal-api` for the API, `portal-worker` for the worker. */
  OTEL_SERVICE_NAME: z.string().max(128).optional(),
  /**
   * The Redis of the queues, the request limits and the worker heartbeats. With REDIS_SENTINELS only its user,
   * password, database number and rediss:// (TLS) are used: the host is the primary the Sentinels name.
   */
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  /**
   * Redis Sentinels (host:port,host:port,…) that name the primary of REDIS_SENTINEL_NAME; every connection asks them
   * and follows a failover. Unset: REDIS_URL's host is used directly.
   */
  REDIS_SENTINELS: sentinelAddresses.default([]),
  /** The Sentinels' name of the primary (`sentinel monitor <name> …`); required with REDIS_SENTINELS. */
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'letters, digits, _ . - (at most 64)')
    .optional(),
  /** The Sentinels' own password (`requirepass` in sentinel.conf), when they have one. */
  REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
  /** Prefix of every BullMQ key, so several deployments (or test runs) can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default('portal'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86400)
    .default(8 * 3600),
  DEMO: bool.default(false),
  DEMO_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  /** Uncompressed bytes of all files of one bundle, counted while unzipping (zip bombs stop here). */
  IMPORT_MAX_UNCOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(200 * 1024 * 1024),
  IMPORT_MAX_ROWS_PER_FILE: z.coerce.number().int().min(1).default(1_000_000),
  /** How long a dry run's preview waits for its confirmation before it expires and its upload is deleted. */
  IMPORT_DRY_RUN_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
  /** How often the worker sweeps the jobs of every queue: re-queues lost ones, ends those given up FAILED. */
  JOB_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Failed logins on one account from one client address (within LOGIN_LOCK_MINUTES) before that address waits. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** How long such an address waits; also the longest delay of an account under attack from many addresses. */
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Failed logins on one account from all addresses within an hour before unknown addresses are slowed down. */
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).default(20),
  /** Failed logins from one client address within a day, over all accounts, before it waits a day. */
  LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).default(100),
  THROTTLE_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Per user and minute: export requests, uploads, and downloads built or streamed from the database. */
  THROTTLE_EXPORTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  THROTTLE_IMPORTS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  THROTTLE_DOWNLOADS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Exports (and, separately, imports) one user may have queued or running at once. */
  JOBS_IN_FLIGHT_PER_USER: z.coerce.number().int().min(1).default(3),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SMTP_URL: url(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().default('portal@localhost'),
  DATA_DIR: z.string().default('.data'),
  /**
   * The Chinese font receipts and certificates are set in (PDF): a TrueType/OpenType file or collection. Missing at
   * boot: a warning, and those downloads answer 503 PDF_FONT_UNAVAILABLE until it is installed.
   */
  PDF_FONT_PATH: z
    .string()
    .regex(/\.(ttf|otf|ttc|otc)$/i, 'must be a .ttf, .otf, .ttc or .otc font file')
    .default('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'),
  /** The PostScript name of the face to use when PDF_FONT_PATH is a collection (.ttc/.otc). */
  PDF_FONT_NAME: z
    .string()
    .regex(/^[\x21-\x7e]{1,63}$/, 'a PostScript name: printable ASCII without spaces, at most 63 characters')
    .default('WenQuanYiZenHei'),
  /** Bulk approval takes only returns whose materiality (share of the provincial change) is below this. */
  BULK_APPROVE_MAX_MATERIALITY: z.coerce.number().min(0).max(1).default(0.01),
  /** Share (percent) of bulk-approvable returns held back at random for a reviewer to look at. */
  BULK_APPROVE_SAMPLE_PERCENT: z.coerce.number().min(0).max(100).default(10),
  /** Days a return may wait at each review level before it is flagged and escalated to the province. */
  REVIEW_SLA_MUNICIPAL_DAYS: z.coerce.number().int().min(1).max(365).default(5),
  REVIEW_SLA_PROVINCIAL_DAYS: z.coerce.number().int().min(1).max(365).default(5),
  /** Hours before the same firm can be reminded (催报) again for the same period. */
  REMINDER_INTERVAL_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 90)
    .default(24),
});

export type AppConfig = z.infer<typeof schema> & { JWT_SECRET: string };

export const CONFIG = Symbol('APP_CONFIG');

const KNOWN = new Set(Object.keys(schema.shape));

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const unknown = Object.keys(env).filter((k) => k.startsWith('PORTAL_') && !KNOWN.has(k));
  const problems: string[] = unknown.map((k) => `${k}: unknown setting (未知的配置项)`);
  const picked = Object.fromEntries(
    [...KNOWN].filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]),
  );
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message} (配置项格式错误)`);
    }
  }
  if (parsed.success && parsed.data.NODE_ENV === 'production') {
    if (!parsed.data.JWT_SECRET) problems.push('JWT_SECRET: required in production (生产环境必须设置)');
    if (!parsed.data.DATABASE_URL) problems.push('DATABASE_URL: required in production (生产环境必须设置)');
    if (parsed.data.DEMO) problems.push('DEMO: demo data is not allowed in production (生产环境不得加载演示数据)');
  }
  if (parsed.success && parsed.data.DATABASE_REPLICA_URLS.length && !parsed.data.DATABASE_URL) {
    problems.push('DATABASE_REPLICA_URLS: needs DATABASE_URL, the primary (只读副本须同时设置主库 DATABASE_URL)');
  }
  if (parsed.success && parsed.data.REDIS_SENTINELS.length && !parsed.data.REDIS_SENTINEL_NAME) {
    problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (设置哨兵地址时须同时设置主节点名称)');
  }
  if (parsed.success && !parsed.data.REDIS_SENTINELS.length && parsed.data.REDIS_SENTINEL_NAME) {
    problems.push('REDIS_SENTINELS: required with REDIS_SENTINEL_NAME (设置主节点名称时须同时设置哨兵地址)');
  }
  if (problems.length || !parsed.success) {
    throw new ConfigError(`Invalid configuration 配置错误:\n  ${problems.join('\n  ')}`);
  }
  // Outside production an unset secret gets a per-process random one: tokens then die with the process.
  const jwtSecret = parsed.data.JWT_SECRET ?? `dev-${randomBytes(32).toString('hex')}`;
  return { ...parsed.data, JWT_SECRET: jwtSecret };
}
