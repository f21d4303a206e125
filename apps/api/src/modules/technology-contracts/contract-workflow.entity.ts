import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type {
  ContractRegistrationStatus,
  ContractWorkflowAction,
  FindingView,
  Role,
  TechnologyContractComment,
} from '@portal/shared';

/**
 * Every state change of a technology contract registration: who, when, from which state to which, why, and the
 * reviewer's remarks pinned to fields of the version under review (DOMAIN.md §8: same reasons, same audit as returns).
 */
@Entity('technology_contract_transition')
@Index(['contractId', 'at'])
export class TechnologyContractTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  contractId!: string;

  /** The version the action was taken on (for a change or cancellation, the new version it started). */
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'varchar', length: 32 })
  action!: ContractWorkflowAction;

  @Column({ type: 'varchar', length: 24 })
  fromStatus!: ContractRegistrationStatus;

  @Column({ type: 'varchar', length: 24 })
  toStatus!: ContractRegistrationStatus;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorUsername!: string | null;

  /** The role the actor acted in (null: the system). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  actorRole!: Role | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** Remarks pinned to fields (a return to the firm), each with an optional proposed value. */
  @Column({ type: 'jsonb', default: [] })
  comments!: TechnologyContractComment[];

  @Column({ type: 'timestamptz' })
  at!: Date;
}

/**
 * The check of one version by the R-TEC rules (the validation run of a contract): queued on every save and on
 * filing, run by the worker, and what decides a filing waiting in VALIDATING. Explanations of explain-or-fix
 * findings are kept by finding key (rule id and fields) so that a re-check keeps them.
 */
@Entity('technology_contract_check')
export class TechnologyContractCheckEntity {
  @PrimaryColumn({ type: 'uuid' })
  contractId!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'varchar', length: 12, default: 'QUEUED' })
  status!: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

  @Column({ type: 'jsonb', default: [] })
  findings!: FindingView[];

  /** finding key (`R-TEC-010|contractAmount`) → the firm's explanation. */
  @Column({ type: 'jsonb', default: {} })
  explanations!: Record<string, { text: string | null; reasonCode: string | null; by: string; at: string }>;

  /** SHA-256 of the content the findings are of. */
  @Column({ type: 'char', length: 64, nullable: true })
  contentHash!: string | null;

  /** The contract's weight in the province's registered contracts of its quarter (0–1), for the review inbox. */
  @Column({ type: 'double precision', nullable: true })
  materiality!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * A file attached to a version (the contract scan), stored in the database like uploads of imports so that every
 * API process serves it. Optional; one per version, replaced by a new upload while the version is a draft.
 */
@Entity('technology_contract_attachment')
@Index(['contractId', 'version'], { unique: true })
export class TechnologyContractAttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  contractId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'varchar', length: 200 })
  fileName!: string;

  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'int' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bytea', select: false })
  data!: Buffer;

  @Column({ type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
