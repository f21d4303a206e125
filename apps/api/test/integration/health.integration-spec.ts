import { startTestStack, type TestStack } from '../utils/app';
import { freePort, startApi, startRedis, startWorker, type Managed } from '../utils/processes';
import { eventually } from '../factories/load';

/** Health runs against a private redis-server so stopping it does not disturb other tests. */
describe('GET /api/health, /api/health/live, /api/health/ready', () => {
  let s: TestStack;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
    s = await startTestStack({ demo: false, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await s.close();
    await redis.stop();
  });

  it('reports 200 with database and Redis up', async () => {
    const res = await s.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
    const live = await s.call('GET', '/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await s.call('GET', '/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
    expect(ready.body.draining).toBe(false);
    // No worker runs for this API's queue prefix.
    expect(ready.body.workers).toEqual({ count: 0, processes: [] });
  });

  it("lists a running worker's heartbeat in readiness; the worker answers its own health port", async () => {
    const port = await freePort();
    const worker: Managed = await startWorker(s.config, { WORKER_HTTP_PORT: String(port) });
    try {
      const ready = await eventually(
        'the worker listed',
        async () => {
          const r = await s.call('GET', '/api/health/ready');
          return r.body.workers?.count === 1 ? r : null;
        },
        30_000,
      );
      expect(ready.status).toBe(200);
      expect(ready.body.workers.processes[0]).toMatchObject({ pid: worker.proc.pid, draining: false });
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(live.status).toBe(200);
      const wReady = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(wReady.status).toBe(200);
      expect(await wReady.json()).toEqual({
        status: 'ok',
        draining: false,
        details: { database: { status: 'up' }, redis: { status: 'up' } },
      });
    } finally {
      await worker.stop();
    }
    // A worker that stopped removes its heartbeat: readiness no longer lists it.
    const after = await s.call('GET', '/api/health/ready');
    expect(after.body.workers).toEqual({ count: 0, processes: [] });
    expect(worker.proc.exitCode).toBe(0);
  }, 120_000);

  it('reports 503 naming Redis while Redis is stopped, and 200 again once it is back', async () => {
    await redis.stop();
    const down = await s.call('GET', '/api/health');
    expect(down.status).toBe(503);
    expect(down.body.details.redis.status).toBe('down');
    expect(down.body.details.database.status).toBe('up');
    const notReady = await s.call('GET', '/api/health/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body.details.redis.status).toBe('down');
    expect(notReady.body.workers).toBeNull();
    // Liveness does not depend on Redis: restarting the API would not bring Redis back.
    expect((await s.call('GET', '/api/health/live')).status).toBe(200);
    redis = await startRedis(redis.port);
    await eventually('health 200 again', async () => (await s.call('GET', '/api/health')).status === 200, 5000);
    await eventually('ready 200 again', async () => (await s.call('GET', '/api/health/ready')).status === 200, 5000);
  }, 60_000);
});

describe('readiness while the API drains after SIGTERM', () => {
  let s: TestStack;
  let api: (Managed & { baseUrl: string }) | undefined;
  beforeAll(async () => {
    s = await startTestStack({ demo: false });
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
    await s.close();
  });

  it('answers ready 503 (draining) and live 200 during SHUTDOWN_DRAIN_SECONDS, then exits 0', async () => {
    api = await startApi(s.config, { SHUTDOWN_DRAIN_SECONDS: '8' });
    expect((await fetch(`${api.baseUrl}/api/health/ready`)).status).toBe(200);
    const exited = new Promise<number | null>((r) => api!.proc.once('exit', (code) => r(code)));
    api.proc.kill('SIGTERM');
    const ready = await eventually(
      'readiness false',
      async () => {
        const r = await fetch(`${api!.baseUrl}/api/health/ready`);
        return r.status === 503 ? r : null;
      },
      5000,
    );
    const body = await ready.json();
    expect(body).toMatchObject({ status: 'error', draining: true, message_en: 'shutting down' });
    // Still serving meanwhile: liveness and other requests are answered until the drain time is over.
    expect((await fetch(`${api.baseUrl}/api/health/live`)).status).toBe(200);
    expect(await exited).toBe(0);
    expect(api.output()).toMatch(/shutting down: readiness is false, draining/);
  }, 120_000);
});
