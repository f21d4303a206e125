import type { LoggerService } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import type { Lifecycle } from '../shutdown';
import type { RedisTarget } from '../queue/queues';
import {
  databaseProblem,
  HEARTBEAT_EVERY_MS,
  HEARTBEAT_TTL_MS,
  heartbeatKey,
  type Heartbeat,
  RedisProbe,
} from './probes';

/**
 * The worker's health: a heartbeat in Redis every 10 s (expiring after 30 s) that the API's /api/health/ready
 * lists, and, with WORKER_HTTP_PORT, a small HTTP server answering /health/live, /health/ready and any extra route
 * (the metrics). Readiness: not draining, PostgreSQL and Redis answering.
 */
export class WorkerHealth {
  private readonly probe: RedisProbe;
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | undefined;
  private server: Server | undefined;

  constructor(
    private readonly opts: {
      redis: RedisTarget;
      prefix: string;
      ds: DataSource;
      lifecycle: Lifecycle;
      log: LoggerService;
    },
  ) {
    this.probe = new RedisProbe(opts.redis);
  }

  async beat(): Promise<void> {
    const beat: Heartbeat = {
      host: hostname(),
      pid: process.pid,
      startedAt: this.startedAt,
      at: new Date().toISOString(),
      draining: this.opts.lifecycle.draining,
    };
    if ((await this.probe.problem()) !== null) return;
    await this.probe.client
      .set(heartbeatKey(this.opts.prefix), JSON.stringify(beat), 'PX', HEARTBEAT_TTL_MS)
      .catch((err: unknown) => this.opts.log.warn({ err }, 'worker heartbeat not written'));
  }

  /** 200 `{status: 'ok'}`, or 503 naming what is wrong (draining, database, redis). */
  async readiness(): Promise<{ status: number; body: Record<string, unknown> }> {
    if (this.opts.lifecycle.draining) return { status: 503, body: { status: 'error', draining: true } };
    const [database, redis] = await Promise.all([databaseProblem(this.opts.ds), this.probe.problem()]);
    const details = {
      database: database === null ? { status: 'up' } : { status: 'down', message: database },
      redis: redis === null ? { status: 'up' } : { status: 'down', message: redis },
    };
    const ok = database === null && redis === null;
    return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'error', draining: false, details } };
  }

  start(
    port: number | undefined,
    routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {},
  ): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS);
    this.timer.unref();
    if (port === undefined) return;
    this.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'GET') return send(405, { status: 'error', message_en: 'GET only', message_zh: '仅支持 GET' });
      if (path === '/health/live') return send(200, { status: 'ok' });
      if (path === '/health/ready') {
        void this.readiness().then(({ status, body }) => send(status, body));
        return;
      }
      const route = routes[path];
      if (route) {
        route(req, res).catch((err: unknown) => {
          this.opts.log.error({ err, path }, 'worker HTTP route failed');
          if (!res.headersSent) send(500, { status: 'error' });
        });
        return;
      }
      send(404, { status: 'error', message_en: 'not found', message_zh: '未找到' });
    });
    this.server.listen(port, '0.0.0.0');
    this.opts.log.log({ port }, 'worker HTTP (health, metrics) listening');
  }

  /** Stops beating and removes the heartbeat, so the API stops listing this worker at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.probe.client.del(heartbeatKey(this.opts.prefix)).catch(() => undefined);
    this.probe.close();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
