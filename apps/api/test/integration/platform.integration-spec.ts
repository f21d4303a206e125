import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueEvents } from 'bullmq';
import { QUEUES, redisConnection } from '../../src/core/queue/queues';
import { routeTable } from '../../src/core/auth/route-table';
import { schemaDrift } from '../../src/core/database/check-drift';
import { createTestDatabase } from '../utils/db';
import { startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';

describe('platform: routes, OpenAPI, migrations, queues and the worker process', () => {
  let s: TestStack;
  let worker: Managed | undefined;
  beforeAll(async () => {
    s = await startTestStack();
  });
  afterAll(async () => {
    await worker?.stop();
    await s.close();
  });

  it('declares a permission (or public access) on every route', () => {
    const routes = routeTable(s.app);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !r.auth)).toEqual([]);
    expect(
      routes
        .filter((r) => r.auth && 'public' in r.auth && r.auth.public)
        .map((r) => r.path)
        .sort(),
    ).toEqual([
      '/api/auth/login',
      '/api/auth/password-reset',
      '/api/auth/password-reset/confirm',
      '/api/auth/unlock',
      '/api/auth/unlock/confirm',
      '/api/health',
      '/api/health/live',
      '/api/health/ready',
      '/api/problems',
      '/api/problems/:code',
    ]);
  });

  it('publishes the OpenAPI document', async () => {
    const res = await s.call('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/enterprises/{id}']));
    expect((await s.call('GET', '/api/docs')).status).toBe(200);
  });

  it('documents the problem+json error answer on every operation and bearer security on every non-public one', async () => {
    const doc = (await s.call('GET', '/api/docs-json')).body;
    expect(doc.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'message_zh', 'message_en']),
    );
    const operations = Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
      ([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBe(routeTable(s.app).length);
    const withoutProblem = operations.filter(
      ({ op }) =>
        (op.responses as Record<string, { content?: Record<string, { schema: { $ref: string } }> }>).default?.content?.[
          'application/problem+json'
        ]?.schema.$ref !== '#/components/schemas/Problem',
    );
    expect(withoutProblem.map((o) => o.key)).toEqual([]);
    const open = operations.filter(({ op }) => !op.security).map((o) => o.key);
    expect(open.sort()).toEqual(
      [
        'POST /api/auth/login',
        'POST /api/auth/password-reset',
        'POST /api/auth/password-reset/confirm',
        'POST /api/auth/unlock',
        'POST /api/auth/unlock/confirm',
        'GET /api/health',
        'GET /api/health/live',
        'GET /api/health/ready',
        'GET /api/problems',
        'GET /api/problems/{code}',
      ].sort(),
    );
    expect(operations.find((o) => o.key === 'GET /api/returns')!.op.security).toEqual([{ bearer: [] }]);
  });

  it('has migrations that produce exactly the schema the entities describe', async () => {
    const db = await createTestDatabase();
    try {
      expect(await schemaDrift(db.url)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('shows Bull Board to admins only', async () => {
    expect((await s.call('GET', '/api/admin/queues')).status).toBe(401);
    expect((await s.call('GET', '/api/admin/queues', { as: 'firm-xian-1' })).status).toBe(403);
    const admin = await s.call('GET', '/api/admin/queues', { as: 'admin' });
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('<html');
  });

  it('runs jobs in the separate worker process', async () => {
    worker = await startWorker(s.config);
    const queue = s.app.get<Queue>(getQueueToken(QUEUES.maintenance));
    const events = new QueueEvents(QUEUES.maintenance, {
      connection: redisConnection(s.config.REDIS_URL),
      prefix: s.config.QUEUE_PREFIX,
    });
    await events.waitUntilReady();
    try {
      await s.call('POST', '/api/auth/login', { body: { username: 'admin', password: 'Demo@2026' } });
      const job = await queue.add('audit.verify', {});
      const result = await job.waitUntilFinished(events, 30_000);
      expect(result).toMatchObject({ ok: true, firstBrokenId: null });
      expect(result.checked).toBeGreaterThan(0);
    } finally {
      await events.close();
    }
  });
});
