import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

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

export const IMPORT_STATUS_LABELS: Record<ImportStatus, { zh: string; en: string }> = {
  QUEUED: { zh: '排队中', en: 'queued' },
  RUNNING: { zh: '处理中', en: 'running' },
  SUCCEEDED: { zh: '已完成', en: 'succeeded' },
  FAILED: { zh: '失败', en: 'failed' },
  PREVIEWED: { zh: '预检完成，待确认', en: 'checked, awaiting confirmation' },
  DISCARDED: { zh: '已放弃', en: 'discarded' },
  EXPIRED: { zh: '预检已过期', en: 'dry run expired' },
};

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

/** An uploaded bundle (or Excel template) and what became of it. Processed by the worker's `imports` queue. */
@Entity('import_job')
@Index(['createdBy', 'createdAt'])
// The job sweep looks for dry runs awaiting confirmation past their time: few rows among all imports.
@Index('IDX_import_job_previewed', ['finishedAt'], { where: `"status" = 'PREVIEWED'` })
export class ImportJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ImportKind;

  @Column({ type: 'varchar', length: 8, default: 'BUNDLE' })
  format!: ImportFormat;

  @Column({ type: 'varchar', length: 16, default: 'QUEUED' })
  status!: ImportStatus;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'varchar', length: 64 })
  createdByUsername!: string;

  /** The uploader's firm for FIRM imports: every row must be this firm's. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  enterpriseId!: string | null;

  @Column({ type: 'text' })
  fileName!: string;

  @Column({ type: 'int' })
  fileSize!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** Where historical data came from (the previous system, a file), recorded on every revision it creates. */
  @Column({ type: 'text', nullable: true })
  sourceNote!: string | null;

  /** Uploaded as a dry run: checked and previewed without writing until confirmed. */
  @Column({ type: 'boolean', default: false })
  dryRun!: boolean;

  /** When a dry run was confirmed (its upload then applied by the same job). */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  /** Per firm and period, what the import would do (dry run) or did; refused rows are in `errors`. */
  @Column({ type: 'jsonb', nullable: true })
  preview!: ImportPreviewReturn[] | null;

  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  @Column({ type: 'jsonb', default: {} })
  counts!: Record<string, number>;

  @Column({ type: 'int', default: 0 })
  errorCount!: number;

  /** Every problem found, each with file, line, column, value and zh/en messages (capped by the reader). */
  @Column({ type: 'jsonb', default: [] })
  errors!: ImportError[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Moved by every status and progress write: the job sweep's sign that a worker is still at it. */
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
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

/** The uploaded bytes until the worker has processed them (kept in the database so any worker can pick them up). */
@Entity('import_upload')
export class ImportUploadEntity {
  @PrimaryColumn('uuid')
  importId!: string;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
