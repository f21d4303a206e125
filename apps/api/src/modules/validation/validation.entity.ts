import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FindingParams } from '@portal/rules';
import type { FindingSeverity, FindingStatus, ValidationRunStatus } from '@portal/shared';

/** The validation of one revision of a return: exactly one row per revision, replaced by each re-run. */
@Entity('validation_run')
@Index(['returnId', 'revision'], { unique: true })
export class ValidationRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  returnId!: string;

  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'varchar', length: 12 })
  status!: ValidationRunStatus;

  /** Percent. */
  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  /** Catalogue version of the stored findings. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  catalogueVersion!: string | null;

  /** SHA-256 of the content the stored findings were computed on (a draft revision changes with every save). */
  @Column({ type: 'char', length: 64, nullable: true })
  contentHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  blockingCount!: number;

  @Column({ type: 'int', default: 0 })
  explainCount!: number;

  @Column({ type: 'int', default: 0 })
  unexplainedCount!: number;

  @Column({ type: 'int', default: 0 })
  infoCount!: number;

  /**
   * How many times the rules' results were stored for this revision: a job delivered again (after a Redis failover,
   * a stalled lock) for a revision already checked on the same content changes nothing and does not count.
   */
  @Column({ type: 'int', default: 0 })
  runs!: number;

  /** Why the last attempt failed (BullMQ retries it). */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** One finding of a rule in a revision; explain-or-fix findings carry the firm's explanation. */
@Entity('validation_finding')
@Index(['returnId', 'revision'])
export class ValidationFindingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  returnId!: string;

  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'varchar', length: 16 })
  ruleId!: string;

  @Column({ type: 'varchar', length: 10 })
  severity!: FindingSeverity;

  @Column({ type: 'jsonb' })
  cells!: string[];

  @Column({ type: 'text' })
  messageZh!: string;

  @Column({ type: 'text' })
  messageEn!: string;

  @Column({ type: 'jsonb', default: {} })
  params!: FindingParams;

  @Column({ type: 'varchar', length: 10, default: 'OPEN' })
  status!: FindingStatus;

  @Column({ type: 'varchar', length: 24, nullable: true })
  reasonCode!: string | null;

  @Column({ type: 'text', nullable: true })
  explanation!: string | null;

  @Column({ type: 'uuid', nullable: true })
  explainedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  explainedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** An admin's setting of a rule from a period on; the latest `fromPeriod` not after a period applies to it. */
@Entity('rule_override')
@Index(['ruleId', 'fromPeriod'], { unique: true })
export class RuleOverrideEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  ruleId!: string;

  @Column({ type: 'varchar', length: 6 })
  fromPeriod!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  /** Null: the catalogue's severity. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  severity!: FindingSeverity | null;

  @Column({ type: 'uuid' })
  setBy!: string;

  @Column({ type: 'timestamptz' })
  setAt!: Date;
}
