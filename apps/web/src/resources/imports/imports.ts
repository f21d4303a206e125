import type { ImportError, ImportJob } from '@portal/shared';

/** Files the API takes: a bundle (.zip, or one of its .csv files) or the filled Excel template. */
export const ACCEPTED_FILES = '.zip,.csv,.xlsx';

export function isAcceptedFile(name: string): boolean {
  return /\.(zip|csv|xlsx)$/i.test(name);
}

/** Polling stops here: the import ended, or a dry run waits for the user (confirm or discard). */
export function isFinished(job: Pick<ImportJob, 'status'>): boolean {
  return job.status !== 'QUEUED' && job.status !== 'RUNNING';
}

/** The counts the worker reports, in a fixed order (unknown keys last, as they come). */
export const COUNT_KEYS = [
  'returns',
  'returnsCreated',
  'returnsUpdated',
  'returnsUnchanged',
  'returnsSkipped',
  'returnsRefused',
  'returnsChanged',
  'enterprises',
  'servicesTrade',
  'contracts',
  'executions',
  'workforce',
  'technologyContracts',
  'technologyContractsChanged',
  'technologyContractsUnchanged',
] as const;

export function orderedCounts(counts: Record<string, number>): [string, number][] {
  const known = COUNT_KEYS.filter((k) => k in counts).map((k): [string, number] => [k, counts[k]]);
  const rest = Object.entries(counts).filter(([k]) => !(COUNT_KEYS as readonly string[]).includes(k));
  return [...known, ...rest];
}

/** An import error's message in the language on screen. */
export function errorMessage(error: Pick<ImportError, 'message_zh' | 'message_en'>, locale: string): string {
  return locale.startsWith('zh') ? error.message_zh : error.message_en;
}
