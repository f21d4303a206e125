import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { within } from '../health/probes';

/** The job states whose counts make the queue depth (BullMQ's names). */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed'] as const;

/** pg's Pool, as TypeORM's postgres driver keeps it (`driver.master`). */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The Prometheus metrics of one process (`process` label: api or worker), on a registry of its own. The API
 * records HTTP latency by route pattern and status; both report queue depth per queue and state and the database
 * pool; the worker records job durations and outcomes per queue. Queue depth and pool use are read when scraped.
 * See docs/monitoring.md.
 */
export class PortalMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobDuration: Histogram<'queue' | 'name' | 'outcome'>;
  readonly jobsFailed: Counter<'queue' | 'name'>;
  private queues: Queue[] = [];
  private pool: PgPool | null = null;

  constructor(processName: string) {
    this.registry.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this.registry, prefix: 'portal_' });
    this.httpDuration = new Histogram({
      name: 'portal_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern (unmatched: no route) and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.jobDuration = new Histogram({
      name: 'portal_job_duration_seconds',
      help: 'Jobs processed by this worker, by queue, job name and outcome (completed, failed)',
      labelNames: ['queue', 'name', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
      registers: [this.registry],
    });
    this.jobsFailed = new Counter({
      name: 'portal_jobs_failed_total',
      help: 'Job attempts that threw in this worker, by queue and job name',
      labelNames: ['queue', 'name'],
      registers: [this.registry],
    });
    // collect() runs with the gauge as `this`; the queues and the pool are read through these.
    const queues = () => this.queues;
    const pool = () => this.pool;
    new Gauge({
      name: 'portal_queue_jobs',
      help: 'Jobs in each BullMQ queue by state (waiting, active, delayed, prioritized, waiting-children, failed)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        // BullMQ's connection waits for ever while Redis is down: a scrape then shows no depth instead of hanging.
        await Promise.all(
          queues().map(async (q) => {
            const counts = await within(2000, q.getJobCounts(...QUEUE_STATES)).catch(() => null);
            if (counts) for (const state of QUEUE_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    new Gauge({
      name: 'portal_db_pool_connections',
      help: 'Database pool of this process: total and idle connections, queries waiting for one, and the maximum',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const p = pool();
        if (!p) return;
        this.set({ state: 'total' }, p.totalCount);
        this.set({ state: 'idle' }, p.idleCount);
        this.set({ state: 'in_use' }, p.totalCount - p.idleCount);
        this.set({ state: 'waiting' }, p.waitingCount);
        this.set({ state: 'max' }, p.options?.max ?? 0);
      },
    });
  }

  watchQueues(queues: Queue[]): this {
    this.queues = queues;
    return this;
  }

  watchPool(ds: DataSource): this {
    this.pool = (ds.driver as unknown as { master?: PgPool }).master ?? null;
    return this;
  }

  /** Records `fn`'s duration and outcome as a job of `queue`. */
  async timeJob<T>(queue: string, name: string, fn: () => Promise<T>): Promise<T> {
    const end = this.jobDuration.startTimer({ queue, name });
    try {
      const result = await fn();
      end({ outcome: 'completed' });
      return result;
    } catch (e) {
      end({ outcome: 'failed' });
      this.jobsFailed.inc({ queue, name });
      throw e;
    }
  }

  /** Express middleware timing every request; the route label is Express's pattern, never the raw URL. */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.httpDuration.startTimer();
      res.once('finish', () => {
        const pattern = (req.route as { path?: string } | undefined)?.path;
        const route = pattern ? `${req.baseUrl ?? ''}${pattern}` : 'unmatched';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }

  /**
   * The scrape endpoint: `Authorization: Bearer <METRICS_TOKEN>` or 401. Without a token configured, metrics are
   * off and the endpoint answers 404.
   */
  handler(token: string | undefined) {
    const expected = token ? Buffer.from(`Bearer ${token}`) : null;
    return (req: IncomingMessage, res: ServerResponse) => {
      const json = (status: number, body: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      if (!expected) {
        return json(404, {
          statusCode: 404,
          code: 'NOT_FOUND',
          message_en: 'metrics are off: METRICS_TOKEN is not set',
          message_zh: '未启用监控指标：未设置 METRICS_TOKEN',
        });
      }
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return json(
          401,
          {
            statusCode: 401,
            code: 'UNAUTHENTICATED',
            message_en: 'metrics need Authorization: Bearer <METRICS_TOKEN>',
            message_zh: '读取监控指标需提供 Authorization: Bearer <METRICS_TOKEN>',
          },
          { 'WWW-Authenticate': 'Bearer realm="metrics"' },
        );
      }
      this.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': this.registry.contentType, 'cache-control': 'no-store' });
          res.end(text);
        },
        () =>
          json(500, { statusCode: 500, code: 'INTERNAL', message_en: 'metrics not read', message_zh: '指标读取失败' }),
      );
    };
  }
}
