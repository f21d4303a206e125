/** Uploads of CSV bundles and Excel templates (GET /api/imports …), as the API answers them. */

export const IMPORT_KINDS = ['FIRM', 'HISTORICAL'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export type ImportFormat = 'BUNDLE' | 'XLSX';
/**
 * QUEUED → RUNNING → SUCCEEDED | FAILED; a dry run ends PREVIEWED (checked, nothing written, upload kept), then is
 * confirmed (QUEUED again, the same upload applied) or DISCARDED (upload deleted), or, left unconfirmed for
 * IMPORT_DRY_RUN_TTL_HOURS, EXPIRED (upload deleted).
 */
export const IMPORT_STATUSES = [
  'QUEUED',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'PREVIEWED',
  'DISCARDED',
  'EXPIRED',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** What the import does (or, in a dry run, would do) to one firm's return for one period. */
export type ImportPreviewAction = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'SKIPPED' | 'REFUSED';

export interface ImportPreviewReturn {
  uscc: string;
  enterpriseName: string | null;
  period: string;
  action: ImportPreviewAction;
  /** Rows of the upload behind this return (trade lines, contracts, executions, workforce). */
  rows: number;
  /** The upload's problems on this return's rows (listed in the import's errors with file, line and field). */
  errors: number;
  /** SKIPPED: why the return is left as it is (its period is locked, or it is with the reviewers or approved). */
  reason_zh?: string;
  reason_en?: string;
}

export interface ImportError {
  file: string | null;
  line: number | null;
  column: string | null;
  value: string | null;
  code: string;
  message_zh: string;
  message_en: string;
}

/** A row of GET /api/imports. */
export interface ImportJob {
  id: string;
  kind: ImportKind;
  format: ImportFormat;
  status: ImportStatus;
  createdByUsername: string;
  /** The uploader's firm for FIRM imports. */
  enterpriseId: string | null;
  fileName: string;
  fileSize: number;
  sha256: string;
  sourceNote: string | null;
  /** Uploaded as a dry run (预检): PREVIEWED until confirmed (POST …/confirm) or discarded (POST …/discard). */
  dryRun: boolean;
  confirmedAt: string | null;
  progress: number;
  counts: Record<string, number>;
  errorCount: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** GET /api/imports/:id, and the answer of POST …/retry, …/confirm and …/discard. */
export interface ImportJobDetail extends ImportJob {
  /** Per firm and period, what the import would do (dry run) or did; null for historical imports. */
  preview: ImportPreviewReturn[] | null;
  errors: ImportError[];
  /** It failed for another reason than its data, and POST …/retry runs it again. */
  retryable: boolean;
  /** Until when a dry run awaiting confirmation waits (IMPORT_DRY_RUN_TTL_HOURS after it was checked). */
  expiresAt: string | null;
}

/** POST /api/imports. */
export interface ImportCreated {
  id: string;
}
