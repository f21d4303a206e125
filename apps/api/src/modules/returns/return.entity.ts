import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { ContentIssue, Currency, DraftRows, ReturnContent, ReturnStatus, RevisionSource } from '@portal/shared';

/**
 * A draft kept as typed (cells may hold text or null where values belong), what is incomplete in it, and the row of
 * the draft each row of the revision's content comes from.
 */
export interface RevisionDraft {
  content: ReturnContent;
  issues: ContentIssue[];
  rows: DraftRows;
}

/** One firm's return for one period. Its figures live in revisions; the status is the workflow state. */
@Entity('statistical_return')
@Index(['enterpriseId', 'periodCode'], { unique: true })
@Index(['reviewUnitCode', 'periodCode', 'status'])
// The review inbox: returns waiting for review in the order of its default sort (materiality DESC, then id; the
// migration declares the directions, which TypeORM does not model), and those still without a materiality.
@Index('IDX_statistical_return_in_review_materiality', ['materiality', 'id'], {
  where: `status IN ('SUBMITTED', 'SENT_BACK', 'MUNICIPAL_APPROVED')`,
})
// Returns waiting for review and not yet approved, by period: what the official tables' pending note and coverage
// read on every table (a scan of every return of the quarters before; the set is small once a period is approved).
@Index('IDX_statistical_return_pending', ['periodCode'], {
  where: `status IN ('VALIDATING', 'SUBMITTED', 'MUNICIPAL_APPROVED', 'SENT_BACK') AND approved_revision IS NULL`,
})
export class ReturnEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Index()
  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  /** Review unit of the firm when the return was opened: the territory filter of every reviewer query. */
  @Column({ type: 'varchar', length: 20 })
  reviewUnitCode!: string;

  @Index()
  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 24, default: 'DRAFT' })
  status!: ReturnStatus;

  @Column({ type: 'int', default: 1 })
  currentRevision!: number;

  /** The revision the official tables use; stays in place while a correction is reviewed. */
  @Column({ type: 'int', nullable: true })
  approvedRevision!: number | null;

  @Column({ type: 'boolean', default: false })
  late!: boolean;

  /**
   * Share of the change in the provincial totals this return brings (see `materiality` in @portal/shared):
   * the review inbox sorts by it and bulk approval refuses material returns. Filled by the validation job or,
   * when missing, by the review inbox; cleared when the return goes back to the firm.
   */
  @Column({ type: 'double precision', nullable: true })
  materiality!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstSubmittedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSubmittedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Optimistic lock: concurrent workflow actions on one return, exactly one wins. */
  @VersionColumn()
  version!: number;
}

export type { RevisionSource } from '@portal/shared';

/** The figures of a return at one revision. Frozen once submitted; a later change makes a new revision. */
@Entity('return_revision')
@Index(['returnId', 'revision'], { unique: true })
// A submitted (frozen) revision keeps no draft as typed (migration RevisionDraft).
@Check('return_revision_frozen_no_draft', 'NOT frozen OR draft IS NULL')
export class ReturnRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  returnId!: string;

  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'jsonb' })
  content!: ReturnContent;

  /**
   * The draft as the firm typed it while some of it is incomplete, with its issues; `content` then holds the
   * complete rows only. Null when everything typed is in `content`, and always in a frozen revision.
   */
  @Column({ type: 'jsonb', nullable: true })
  draft!: RevisionDraft | null;

  @Column({ type: 'numeric', precision: 10, scale: 4 })
  cnyPerUsd!: string;

  @Column({ type: 'varchar', length: 16, default: 'WEB' })
  source!: RevisionSource;

  /** Where imported data came from (file name, previous system), for historical loads. */
  @Column({ type: 'text', nullable: true })
  sourceNote!: string | null;

  @Column({ type: 'boolean', default: false })
  frozen!: boolean;

  /** SHA-256 of the canonical content at submission; printed on the receipt (回执). */
  @Column({ type: 'char', length: 64, nullable: true })
  contentHash!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  receiptNo!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  submittedBy!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * The firm's register of contracts received, kept across periods: a contract is entered in the return of the
 * quarter it was signed and executed in later quarters' returns. Mirrors the latest revision of that return.
 */
@Entity('contract')
@Index(['enterpriseId', 'contractNo'], { unique: true })
export class ContractEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Column({ type: 'varchar', length: 64 })
  contractNo!: string;

  @Column({ type: 'uuid' })
  returnId!: string;

  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'date' })
  signedDate!: string;

  @Column({ type: 'text' })
  clientName!: string;

  @Column({ type: 'varchar', length: 2 })
  clientPartnerCode!: string;

  @Column({ type: 'varchar', length: 4, nullable: true })
  clientIndustryCode!: string | null;

  @Column({ type: 'varchar', length: 20 })
  businessCode!: string;

  @Column({ type: 'boolean' })
  offshore!: boolean;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount!: string;

  @Column({ type: 'varchar', length: 3, default: 'USD' })
  currency!: Currency;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amountUsd!: string;
}
