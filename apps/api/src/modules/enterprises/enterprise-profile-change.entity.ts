import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ProfileChangeStatus } from '@portal/shared';

/**
 * A profile change a firm asked for that waits for a review unit's confirmation: a move to another review unit
 * (confirmed by the receiving one) or a change dated before today (confirmed by the firm's unit). Until it is
 * confirmed the firm's profile, review unit and territory stay as they were.
 */
@Entity('enterprise_profile_change')
// One change of a firm waits at a time.
@Index(['enterpriseId'], { unique: true, where: `"status" = 'PENDING'` })
@Index(['toReviewUnitCode', 'status'])
export class EnterpriseProfileChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Column({ type: 'date' })
  validFrom!: string;

  @Column({ type: 'text' })
  nameZh!: string;

  @Column({ type: 'varchar', length: 20 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  zoneCode!: string | null;

  @Column({ type: 'varchar', length: 20 })
  natureCode!: string;

  @Column({ type: 'varchar', length: 4 })
  industryCode!: string;

  @Column({ name: 'industry_code_2002', type: 'varchar', length: 4, nullable: true })
  industryCode2002!: string | null;

  @Column({ type: 'boolean', default: false })
  keyEnterprise!: boolean;

  @Column({ type: 'boolean', default: false })
  advancedTech!: boolean;

  /** The firm's review unit and province when it asked (they see the request), and where it would move to. */
  @Column({ type: 'varchar', length: 20 })
  fromReviewUnitCode!: string;

  @Column({ type: 'varchar', length: 20 })
  fromProvinceCode!: string;

  @Column({ type: 'varchar', length: 20 })
  toReviewUnitCode!: string;

  @Column({ type: 'varchar', length: 20 })
  toProvinceCode!: string;

  /** Why it waits: it moves the firm to another review unit, and/or it takes effect before the day it was asked. */
  @Column({ type: 'boolean' })
  moves!: boolean;

  @Column({ type: 'boolean' })
  backdated!: boolean;

  @Column({ type: 'varchar', length: 12, default: 'PENDING' })
  status!: ProfileChangeStatus;

  @Column({ type: 'uuid' })
  requestedBy!: string;

  @Column({ type: 'varchar', length: 64 })
  requestedByUsername!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  rejectionReason!: string | null;
}
