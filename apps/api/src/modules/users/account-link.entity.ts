import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a mailed link does: set a new password, or let the owner past the login limits (unlock). */
export type AccountLinkPurpose = 'RESET' | 'UNLOCK';

/**
 * A one-time link mailed to an account's owner: only the SHA-256 of the token is kept, and it works once before it
 * expires. Using any link of an account, or a password change, ends every outstanding link of that account.
 */
@Entity('account_link')
export class AccountLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 8 })
  purpose!: AccountLinkPurpose;

  @Index({ unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
