import { eventually, LOAD_PASSWORD, seedFirms, type SeededFirm } from '../factories/load';
import { aReturnContent } from '../factories/returns';
import { startTestStack, type TestStack } from '../utils/app';
import { startApi, startWorker, type Managed } from '../utils/processes';

const FIRMS = 500;

/** The last minute before a deadline: 500 firms press submit at once. */
describe('deadline load: 500 concurrent submissions', () => {
  let s: TestStack;
  let worker: Managed | undefined;
  let firms: SeededFirm[];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    s = await startTestStack({ env: { THROTTLE_LOGIN_PER_MINUTE: '10000', WORKER_CONCURRENCY: '8' } });
    firms = await seedFirms(s.ds, FIRMS, { tag: 'MAKC' });
    // Everybody is logged in before the rush (50 logins at a time).
    for (let i = 0; i < firms.length; i += 50) {
      await Promise.all(
        firms
          .slice(i, i + 50)
          .map(async (f) => tokens.set(f.username, (await s.login(f.username, LOAD_PASSWORD)).accessToken)),
      );
    }
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  it('acknowledges every submission with a receipt timed at receipt, shows queue positions, and drains the queue', async () => {
    const versions = new Map<string, number>(
      (
        await s.ds.query(`SELECT id, version FROM statistical_return WHERE id = ANY($1)`, [
          firms.map((f) => f.returnId),
        ])
      ).map((r: { id: string; version: number }) => [r.id, r.version]),
    );
    const sentAt = new Date();
    // A firm told the portal is busy (503 SERVICE_BUSY, Retry-After) submits again after that wait, as the web
    // app does; nothing of a refused attempt may have been written, so its retry is an ordinary submission.
    const submit = async (f: SeededFirm): Promise<Awaited<ReturnType<typeof s.call>>> => {
      const r = await s.call('POST', `/api/returns/${f.returnId}/submit`, {
        token: tokens.get(f.username),
        body: { version: versions.get(f.returnId) },
      });
      if (r.status !== 503) return r;
      expect(r.body).toMatchObject({ code: 'SERVICE_BUSY', message_zh: expect.any(String) });
      const wait = Number(r.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      await new Promise((done) => setTimeout(done, wait * 1000));
      return submit(f);
    };
    const responses = await Promise.all(firms.map(submit));
    const answeredAt = new Date();
    const failures = responses.filter((r) => r.status >= 300);
    expect(failures.map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([]);
    for (const r of responses) expect(r.body.status).toBe('VALIDATING');
    // Each answer says how many submissions were queued before it: every place from 0 to 499, once.
    expect(responses.map((r) => r.body.queuePosition).sort((a: number, b: number) => a - b)).toEqual([
      ...Array(FIRMS).keys(),
    ]);

    // No worker yet: the queue is full, and a firm sees where it stands.
    const last = firms[firms.length - 1];
    const view = await s.call('GET', `/api/returns/${last.returnId}/validation`, { token: tokens.get(last.username) });
    expect(view.status).toBe(200);
    expect(view.body.queuePosition).toBe(responses[FIRMS - 1].body.queuePosition);

    worker = await startWorker(s.config);
    const ids = firms.map((f) => f.returnId);
    await eventually(
      'queue drained',
      async () => {
        const [{ n }] = await s.ds.query(
          `SELECT count(*)::int AS n FROM statistical_return WHERE id = ANY($1) AND status = 'VALIDATING'`,
          [ids],
        );
        return n === 0;
      },
      240_000,
    );
    const rows = await s.ds.query(
      `SELECT r.status, v.receipt_no, v.submitted_at, run.started_at
         FROM statistical_return r
         JOIN return_revision v ON v.return_id = r.id AND v.revision = 1
         JOIN validation_run run ON run.return_id = r.id AND run.revision = 1
        WHERE r.id = ANY($1)`,
      [ids],
    );
    expect(rows).toHaveLength(FIRMS);
    for (const row of rows) {
      expect(row.status).toBe('SUBMITTED');
      expect(row.receipt_no).toMatch(/^R-2026Q3-/);
      // The receipt time is when the portal received the submission, not when the worker got to it.
      expect(row.submitted_at.getTime()).toBeGreaterThanOrEqual(sentAt.getTime() - 1000);
      expect(row.submitted_at.getTime()).toBeLessThanOrEqual(answeredAt.getTime());
      expect(row.submitted_at.getTime()).toBeLessThanOrEqual(row.started_at.getTime());
    }
  }, 400_000);
});

/**
 * The deadline crowd that froze the API for good (issue 13 item 1): every save held its transaction's connection
 * and asked the pool for a second one for the code lists, so with the pool (20) full of such transactions none
 * could finish, and SIGTERM no longer stopped the process. Run against the real API process, so a hang cannot
 * outlive the test (it is killed -9 in the cleanup).
 */
describe('deadline crowd: 5× the pool size of firms saving their drafts at once', () => {
  const FIRMS_SAVING = 100;
  let s: TestStack;
  let api: (Managed & { baseUrl: string }) | undefined;
  let firms: SeededFirm[];
  const tokens = new Map<string, string>();

  const save = async (f: SeededFirm, version: number) => {
    const res = await fetch(`${api!.baseUrl}/api/returns/${f.returnId}/draft`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(f.username)}` },
      body: JSON.stringify({ version, content: aReturnContent(f.profile) }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
  };

  const idleInTransaction = async () => {
    const [{ n }] = await s.ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    return n as number;
  };

  beforeAll(async () => {
    s = await startTestStack({ env: { THROTTLE_LOGIN_PER_MINUTE: '10000' } });
    firms = await seedFirms(s.ds, FIRMS_SAVING, { tag: 'MAKD' });
    for (const f of firms) tokens.set(f.username, (await s.login(f.username, LOAD_PASSWORD)).accessToken);
    api = await startApi(s.config);
  }, 180_000);

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await s?.close();
  });

  it('answers every save (200, or 503 SERVICE_BUSY to retry), stays healthy and leaves no transaction open', async () => {
    const answers: Awaited<ReturnType<typeof save>>[] = [];
    const pending = firms.map((f) =>
      save(f, 1).then(
        (a) => answers.push(a),
        (e) => answers.push({ status: 0, retryAfter: null, body: String(e) }),
      ),
    );
    await eventually('every save answered', async () => answers.length === FIRMS_SAVING, 120_000);
    await Promise.all(pending);
    const unexpected = answers.filter((a) => a.status !== 200 && a.status !== 503);
    expect(unexpected.map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 200)}`)).toEqual([]);
    for (const busy of answers.filter((a) => a.status === 503)) {
      expect(busy.body).toMatchObject({ code: 'SERVICE_BUSY', message_zh: expect.any(String) });
      expect(Number(busy.retryAfter)).toBeGreaterThan(0);
    }
    // Nothing was lost: a firm told to come back later saves on its retry.
    const versions = new Map<string, number>(
      (
        await s.ds.query(`SELECT id, version FROM statistical_return WHERE id = ANY($1)`, [
          firms.map((f) => f.returnId),
        ])
      ).map((r: { id: string; version: number }) => [r.id, r.version]),
    );
    for (const f of firms.filter((f) => versions.get(f.returnId) === 1)) expect((await save(f, 1)).status).toBe(200);

    expect((await fetch(`${api!.baseUrl}/api/health`)).status).toBe(200);
    await eventually('no session idle in transaction', async () => (await idleInTransaction()) === 0, 30_000);
  }, 200_000);

  it('stops on SIGTERM even while a request is stuck in flight', async () => {
    // A fresh process, whatever became of the crowd's.
    await api!.stop('SIGKILL');
    api = await startApi(s.config);
    const [f] = firms;
    const [{ version }] = await s.ds.query(`SELECT version FROM statistical_return WHERE id = $1`, [f.returnId]);
    // The test holds the return's row lock, so the API's save waits inside its transaction.
    const blocker = await s.ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query(`SELECT id FROM statistical_return WHERE id = $1 FOR UPDATE`, [f.returnId]);
      const inFlight = save(f, version).catch(() => null);
      await eventually(
        'the save waits for the lock',
        async () => {
          const [{ n }] = await s.ds.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return n > 0;
        },
        30_000,
      );
      api!.proc.kill('SIGTERM');
      await eventually(
        'the API exited on SIGTERM',
        async () => api!.proc.exitCode !== null || !!api!.proc.signalCode,
        60_000,
      );
      await inFlight;
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
  }, 120_000);
});
