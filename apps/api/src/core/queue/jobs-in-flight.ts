import type { EntityManager } from 'typeorm';
import { AppError } from '../errors/app-error';

/** The job tables a user fills by request, with the job's name for the refusal. */
const JOB_TABLES = {
  export_job: { zh: '导出', en: 'export' },
  import_job: { zh: '导入', en: 'import' },
} as const;

/** Key space of the per-user lock (two-key advisory locks, apart from the audit chain's one-key lock). */
const LOCK_CLASS = 727002;

/**
 * Refuses a new job (409 JOBS_IN_FLIGHT, saying how many are waiting) while the user already has `limit` of this
 * kind queued or running. Call it in the transaction that inserts the job: the per-user lock it takes lasts until
 * that transaction ends, so concurrent requests of one user cannot both slip under the cap.
 */
export async function assertJobSlotFree(
  m: EntityManager,
  table: keyof typeof JOB_TABLES,
  userId: string,
  limit: number,
): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, `${table}:${userId}`]);
  const [{ running }]: { running: number }[] = await m.query(
    `SELECT count(*)::int AS running FROM ${table} WHERE created_by = $1 AND status IN ('QUEUED', 'RUNNING')`,
    [userId],
  );
  if (running >= limit) {
    const kind = JOB_TABLES[table];
    throw new AppError('JOBS_IN_FLIGHT', { running, limit, kind: kind.zh, kindEn: kind.en });
  }
}
