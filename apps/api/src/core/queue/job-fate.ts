import type { JobsOptions, Queue } from 'bullmq';

/** BullMQ's reason for a job whose worker died under it more often than the processor's `maxStalledCount`. */
export const STALLED_REASON = 'job stalled more than allowable limit';

/**
 * A RUNNING row whose BullMQ job has left Redis (Redis lost its data) may still be worked on by a live worker;
 * it is given up only when nothing has written to the row for this long. Exports and imports write progress
 * at least every few seconds while they work.
 */
export const LOST_AFTER_MS = 10 * 60_000;

export type JobFailure = 'STALLED' | 'CRASHED' | 'LOST';

export type JobFate = { action: 'none' } | { action: 'requeue' } | { action: 'fail'; why: JobFailure; detail: string };

/**
 * What the job sweep does with a row of a job-backed table (export, import) that is still QUEUED or RUNNING,
 * given its BullMQ job (job id = row id): a job that failed for good ends the row FAILED (STALLED when its worker
 * kept dying, else CRASHED with BullMQ's reason); a QUEUED row whose job is gone is queued again; a RUNNING row
 * whose job is gone ends FAILED (LOST) once it has not moved for LOST_AFTER_MS. A job still waiting, delayed or
 * active is left alone.
 */
export async function jobFate(
  queue: Queue,
  row: { id: string; status: string; updatedAt: Date },
  now = Date.now(),
): Promise<JobFate> {
  const job = await queue.getJob(row.id);
  const state = job ? await job.getState() : 'unknown';
  if (state === 'failed') {
    const reason = job!.failedReason ?? '';
    return { action: 'fail', why: reason === STALLED_REASON ? 'STALLED' : 'CRASHED', detail: reason };
  }
  // A completed job whose row is still open finished without recording its result: as good as gone.
  if (state !== 'unknown' && state !== 'completed') return { action: 'none' };
  if (row.status === 'QUEUED') return { action: 'requeue' };
  return now - row.updatedAt.getTime() > LOST_AFTER_MS
    ? { action: 'fail', why: 'LOST', detail: `job ${state}` }
    : { action: 'none' };
}

/**
 * Adds a job under a fixed id, first removing a finished (completed or failed) job of that id, which would
 * otherwise swallow the add. A job of that id still waiting or running makes the add a no-op.
 */
export async function addReplacingFinished(
  queue: Queue,
  name: string,
  data: unknown,
  opts: JobsOptions & { jobId: string },
): Promise<void> {
  const state = await queue.getJobState(opts.jobId);
  if (state === 'completed' || state === 'failed') await queue.remove(opts.jobId);
  await queue.add(name, data, opts);
}
