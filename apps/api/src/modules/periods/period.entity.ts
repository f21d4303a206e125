import type { ExtensionRequestStatus } from '@portal/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A quarterly reporting period: open the day after the quarter, due (rolled past holidays), then locked. */
@Entity('period')
export class PeriodEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code!: string;

  @Column({ type: 'smallint' })
  year!: number;

  @Column({ type: 'smallint' })
  quarter!: number;

  @Column({ type: 'date' })
  openDate!: string;

  @Column({ type: 'date' })
  dueDate!: string;

  @Column({ type: 'date' })
  lockDate!: string;

  /** CNY per USD applied to amounts entered in CNY; kept with each revision. */
  @Column({ type: 'numeric', precision: 10, scale: 4 })
  cnyPerUsd!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** Days on which a deadline cannot fall (public holidays); a due date rolls forward past them and weekends. */
@Entity('holiday')
export class HolidayEntity {
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'text' })
  nameZh!: string;
}

/** Lock exception: lets one firm file or change a period's return after the lock date, until `until`. */
@Entity('period_extension')
@Index(['enterpriseId', 'periodCode'])
export class PeriodExtensionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'timestamptz' })
  until!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid' })
  grantedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** A revoked extension stays on record (who granted and revoked it, and why); it no longer applies. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  revokeReason!: string | null;
}

/** A firm that does not owe a period's return (every active firm does by default). */
@Entity('obligation_exemption')
@Index(['enterpriseId', 'periodCode'], { unique: true, where: '"revoked_at" IS NULL' })
export class ObligationExemptionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid' })
  grantedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** A revoked exemption stays on record; the firm owes the period again. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  revokeReason!: string | null;
}

/** A firm asks the province for more time on a period's return; the province grants (an extension) or refuses. */
@Entity('extension_request')
@Index(['periodCode', 'status'])
@Index(['enterpriseId', 'periodCode'])
export class ExtensionRequestEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  /** The date (Beijing time) the firm asks to file by. */
  @Column({ type: 'date' })
  requestedUntil!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'uuid' })
  requestedBy!: string;

  @Column({ type: 'varchar', length: 10, default: 'PENDING' })
  status!: ExtensionRequestStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote!: string | null;

  /** The extension a grant created. */
  @Column({ type: 'int', nullable: true })
  extensionId!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** One reminder (催报) sent to a firm for a period: the history, and the interval before the next one. */
@Entity('period_reminder')
@Index(['periodCode', 'enterpriseId', 'sentAt'])
export class PeriodReminderEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Column({ type: 'uuid' })
  sentBy!: string;

  @Column({ type: 'text' })
  sentByUsername!: string;

  /** How many of the firm's accounts were notified. */
  @Column({ type: 'int' })
  users!: number;

  @Column({ type: 'timestamptz' })
  sentAt!: Date;
}
