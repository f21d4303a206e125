import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from '@portal/shared';

export type { NotificationKind } from '@portal/shared';

/** An in-app message to one user; mailed as well when SMTP is configured and the user has an address. */
@Entity('notification')
@Index(['userId', 'createdAt'])
// Jobs that may run twice (escalation) pass a key: a user gets each keyed notification once.
@Index(['userId', 'dedupeKey'], { unique: true, where: '"dedupe_key" IS NOT NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: NotificationKind;

  @Column({ type: 'text' })
  titleZh!: string;

  @Column({ type: 'text' })
  titleEn!: string;

  @Column({ type: 'text' })
  body!: string;

  /** Path in the web app the notification leads to. */
  @Column({ type: 'text', nullable: true })
  link!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  mailedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
