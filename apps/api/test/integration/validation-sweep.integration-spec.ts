import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '../../src/core/queue/queues';
import { ValidationService } from '../../src/modules/validation/validation.service';
import { seedFirms } from '../factories/load';
import { startTestStack, type TestStack } from '../utils/app';

/**
 * The worker's sweep re-queues a submission whose validation job Redis lost. A job that finishes while the sweep is
 * looking (its return decided, its job removed on completion) must not be queued again: that showed a decided
 * return's run as QUEUED, and ran its rules a second time.
 */
describe('validation sweep', () => {
  let s: TestStack;

  beforeAll(async () => {
    s = await startTestStack();
  }, 120_000);

  afterAll(async () => {
    await s?.close();
  });

  const runs = async (ids: string[]) =>
    Object.fromEntries(
      (
        await s.ds.query(`SELECT return_id, status FROM validation_run WHERE return_id = ANY($1) AND revision = 1`, [
          ids,
        ])
      ).map((r: { return_id: string; status: string }) => [r.return_id, r.status]),
    );

  it('re-queues a submission left without a job, and not one decided while the sweep looked', async () => {
    const [lost, decided] = await seedFirms(s.ds, 2, { tag: 'MAKF', submitted: true });
    const queue = s.app.get<Queue>(getQueueToken(QUEUES.validation));
    await queue.obliterate({ force: true });
    // The decided return: its job finishes between the sweep's list and its look at the queue.
    const getJob = queue.getJob.bind(queue);
    jest.spyOn(queue, 'getJob').mockImplementation(async (id: string) => {
      if (id.includes(decided.returnId)) {
        await s.ds.query(`UPDATE statistical_return SET status = 'SUBMITTED' WHERE id = $1`, [decided.returnId]);
        await s.ds.query(
          `INSERT INTO validation_run (return_id, revision, status, progress) VALUES ($1, 1, 'DONE', 100)
           ON CONFLICT (return_id, revision) DO UPDATE SET status = 'DONE', progress = 100`,
          [decided.returnId],
        );
      }
      return getJob(id);
    });

    const swept = await s.app.get(ValidationService).requeueStuck();

    expect(swept).toEqual({ requeued: 1, failed: 0 });
    expect(await runs([lost.returnId, decided.returnId])).toEqual({
      [lost.returnId]: 'QUEUED',
      [decided.returnId]: 'DONE',
    });
    const waiting = (await queue.getJobs(['waiting', 'prioritized', 'delayed'])).map((j) => j.data.returnId);
    expect(waiting).toEqual([lost.returnId]);
  });
});
