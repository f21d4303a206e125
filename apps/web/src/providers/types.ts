import type { ReturnContent, ReturnStatus } from '@portal/shared';

/** A row of GET /api/returns. */
export interface ReturnRow {
  id: string;
  enterpriseId: string;
  periodCode: string;
  status: ReturnStatus;
  currentRevision: number;
  approvedRevision: number | null;
  /** Late by the deadline (Beijing time, or the firm's extension) for drafts too; decided at submission otherwise. */
  late: boolean;
  daysLate: number;
  extensionUntil: string | null;
  firstSubmittedAt: string | null;
  lastSubmittedAt: string | null;
  enterpriseName: string | null;
  uscc: string | null;
  dueDate: string | null;
  lockDate: string | null;
  version: number;
}

/** One revision of a return without its content (GET /api/returns/:id → revisions[]). */
export interface RevisionMeta {
  id: string;
  revision: number;
  frozen: boolean;
  source: string;
  sourceNote: string | null;
  receiptNo: string | null;
  submittedAt: string | null;
  contentHash: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/returns/:id: the row, the current revision's content, the period's rate and every revision. */
export interface ReturnDetail extends ReturnRow {
  content: ReturnContent;
  cnyPerUsd: number;
  makerChecker: boolean;
  revisions: RevisionMeta[];
}

/** GET /api/periods rows; the id is the period code. */
export interface PeriodRow {
  id: string;
  code: string;
  year: number;
  quarter: number;
  openDate: string;
  dueDate: string;
  lockDate: string;
  cnyPerUsd: number;
}

export type ImportStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'PREVIEWED' | 'DISCARDED' | 'EXPIRED';

/** Per firm and period, what an import would do (dry run) or did. */
export interface ImportPreviewReturn {
  uscc: string;
  enterpriseName: string | null;
  period: string;
  action: 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'SKIPPED' | 'REFUSED';
  rows: number;
  errors: number;
  /** SKIPPED: why (the return is approved or with the reviewers, or its period locked). */
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

/** GET /api/imports/:id (and the rows of GET /api/imports). */
export interface ImportJob {
  id: string;
  kind: 'FIRM' | 'HISTORICAL';
  format: 'BUNDLE' | 'XLSX';
  status: ImportStatus;
  createdByUsername: string;
  fileName: string;
  fileSize: number;
  sourceNote: string | null;
  /**
   * Uploaded as a dry run (预检): PREVIEWED until confirmed (POST …/confirm) or discarded (POST …/discard), or
   * EXPIRED when left unconfirmed past `expiresAt`.
   */
  dryRun: boolean;
  confirmedAt: string | null;
  /** Only in GET /api/imports/:id: when a dry run awaiting confirmation expires (or expired). */
  expiresAt?: string | null;
  /** Only in GET /api/imports/:id, for firm imports. */
  preview?: ImportPreviewReturn[] | null;
  progress: number;
  counts: Record<string, number>;
  errorCount: number;
  /** Only in GET /api/imports/:id. */
  errors?: ImportError[];
  /** Only in GET /api/imports/:id: it failed for another reason than its data, and POST …/retry runs it again. */
  retryable?: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportCreated {
  id: string;
}
