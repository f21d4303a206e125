import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A version of a firm's profile, valid from a date until the next version. */
@Entity('enterprise_profile')
@Index(['enterpriseId', 'validFrom'], { unique: true })
export class EnterpriseProfileEntity {
  @PrimaryGeneratedColumn()
  id!: number;

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

  /** GB/T 4754-2017 (list `industries`): a division (大类) where known, else its section (门类). */
  @Column({ type: 'varchar', length: 4 })
  industryCode!: string;

  /** GB/T 4754-2002 (list `industries-2002`), which the technology trade tables print; null where not known. */
  @Column({ name: 'industry_code_2002', type: 'varchar', length: 4, nullable: true })
  industryCode2002!: string | null;

  @Column({ type: 'boolean', default: false })
  keyEnterprise!: boolean;

  @Column({ type: 'boolean', default: false })
  advancedTech!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;
}
