import { eventually, LOAD_PASSWORD, seedFirms, type SeededFirm } from '../factories/load';
import { startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';

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
    const responses = await Promise.all(
      firms.map((f) =>
        s.call('POST', `/api/returns/${f.returnId}/submit`, {
          token: tokens.get(f.username),
          body: { version: versions.get(f.returnId) },
        }),
      ),
    );
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
