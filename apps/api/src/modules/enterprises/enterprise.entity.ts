import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

import type { EnterpriseStatus } from '@portal/shared';

export type { EnterpriseStatus } from '@portal/shared';

/**
 * A registered firm. The name, region and review unit here mirror the profile version valid today, for lists
 * and the territory filter; tables use the profile version valid in their period (enterprise_profile).
 */
@Entity('enterprise')
export class EnterpriseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'char', length: 18 })
  uscc!: string;

  @Column({ type: 'text' })
  nameZh!: string;

  @Column({ type: 'varchar', length: 20 })
  regionCode!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  zoneCode!: string | null;

  /** The region whose commerce bureau reviews this firm (属地): nearest review unit above its zone or district. */
  @Index()
  @Column({ type: 'varchar', length: 20 })
  reviewUnitCode!: string;

  /** Province of the review unit: the territory filter of provincial users. */
  @Index()
  @Column({ type: 'varchar', length: 20 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  status!: EnterpriseStatus;

  /** Maker-checker: when on, only a signatory may submit what a filer prepared. */
  @Column({ type: 'boolean', default: false })
  makerChecker!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedBy!: string | null;

  /** Why a reviewer rejected the registration, shown to whoever registered the firm. */
  @Column({ type: 'text', nullable: true })
  rejectionReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
