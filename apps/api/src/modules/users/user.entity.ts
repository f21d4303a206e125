import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role, ScopeKind } from '@portal/shared';

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'text' })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ type: 'varchar', length: 16 })
  scopeKind!: ScopeKind;

  /** Region code for REGION/PROVINCE scopes, enterprise id for ENTERPRISE, null for SYSTEM. */
  @Index()
  @Column({ type: 'varchar', length: 64, nullable: true })
  scopeCode!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Bumped on logout, password or role change: tokens carrying an older version are refused. */
  @Column({ type: 'int', default: 0 })
  tokenVersion!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
