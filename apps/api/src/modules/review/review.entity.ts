import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CommentResponse, ReturnStatus, Role, WorkflowAction } from '@portal/shared';

/** Every state change of a return: who, when, from which state to which, and why (DOMAIN.md §4). */
@Entity('return_transition')
@Index(['returnId', 'at'])
export class ReturnTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  returnId!: string;

  /** The revision the action was taken on (for a new-revision action, the one it started from). */
  @Column({ type: 'int' })
  revision!: number;

  @Column({ type: 'varchar', length: 32 })
  action!: WorkflowAction;

  @Column({ type: 'varchar', length: 24 })
  fromStatus!: ReturnStatus;

  @Column({ type: 'varchar', length: 24 })
  toStatus!: ReturnStatus;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorUsername!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}

/** A JSON value as jsonb stores it (objects and arrays are `object`). */
export type JsonValue = object | string | number | boolean | null;

/**
 * A reviewer's comment pinned to a cell of the revision under review. With a proposed value it is a proposed
 * correction: statistics staff never change a firm's figures, the firm accepts (and the value becomes its own
 * edit) or rejects with a reason.
 */
@Entity('review_comment')
@Index(['returnId', 'revision'])
export class ReviewCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  returnId!: string;

  @Column({ type: 'int' })
  revision!: number;

  /** The transition (a return to the firm) the comment came with. */
  @Column({ type: 'bigint' })
  transitionId!: string;

  @Column({ type: 'varchar', length: 120 })
  path!: string;

  @Column({ type: 'text' })
  text!: string;

  /** JSON of the proposed value; absent for a plain comment. */
  @Column({ type: 'jsonb', nullable: true })
  proposedValue!: JsonValue;

  @Column({ type: 'boolean', default: false })
  hasProposal!: boolean;

  @Column({ type: 'uuid' })
  authorId!: string;

  @Column({ type: 'varchar', length: 64 })
  authorUsername!: string;

  @Column({ type: 'varchar', length: 32 })
  authorRole!: Role;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 16, nullable: true })
  response!: CommentResponse | null;

  @Column({ type: 'text', nullable: true })
  responseReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  respondedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;
}
