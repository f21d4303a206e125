import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, LessThan } from 'typeorm';
import {
  cellValue,
  diffContent,
  RETURN_STATUS_LABELS,
  transitionFor,
  type CommentInput,
  type DiffResponse,
  type ReturnStatus,
  type ReviewCommentView,
  type Role,
  type Transition,
  type TransitionView,
  type WorkflowAction,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { AppError, notFound } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { PeriodsService } from '../periods/periods.service';
import type { ReviewAction } from '../returns/lifecycle/return-lifecycle';
import { ReturnLifecycleService } from '../returns/lifecycle/return-lifecycle.module';
import { ReturnEntity, ReturnRevisionEntity } from '../returns/return.entity';
import { RETURN_TERRITORY, ReturnsService } from '../returns/returns.service';
import { type JsonValue, ReturnTransitionEntity, ReviewCommentEntity } from './review.entity';

/** What each workflow endpoint does, by the state the return is in: one endpoint, one or two table actions. */
const ENDPOINT_ACTIONS: Record<'approve' | 'return' | 'send-back' | 'correction-request', WorkflowAction[]> = {
  approve: ['municipal-approve', 'provincial-approve'],
  return: ['municipal-return', 'provincial-return'],
  'send-back': ['send-back'],
  'correction-request': ['correction-request'],
};
export type ReviewEndpoint = keyof typeof ENDPOINT_ACTIONS;

const ACTION_LABELS: Record<ReviewEndpoint, { zh: string; en: string }> = {
  approve: { zh: '审核通过', en: 'approved' },
  return: { zh: '退回企业', en: 'returned to the firm' },
  'send-back': { zh: '退回市级', en: 'sent back to the city' },
  'correction-request': { zh: '申请更正', en: 'opened for correction' },
};

export interface TransitionInput {
  version: number;
  reason?: string;
  note?: string;
  comments?: CommentInput[];
}

/** The role a comment author acted in, for the firm's view ("市级审核员 says…"). */
function reviewerRole(t: Transition): Role {
  return t.permission === 'review.municipal' ? 'MUNICIPAL_REVIEWER' : 'PROVINCIAL_REVIEWER';
}

const stateError = (status: ReturnStatus, endpoint: ReviewEndpoint) =>
  new AppError('RETURN_STATE', {
    statusZh: RETURN_STATUS_LABELS[status].zh,
    statusEn: RETURN_STATUS_LABELS[status].en.toLowerCase(),
    actionZh: ACTION_LABELS[endpoint].zh,
    actionEn: `be ${ACTION_LABELS[endpoint].en}`,
  });

/**
 * The two-level review (DOMAIN.md §4): the endpoints' checks (territory, level, version, state, reason), then the
 * step through the return lifecycle (returns/lifecycle), which writes, records, audits and notifies in the same
 * transaction as the change itself.
 */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly returns: ReturnsService,
    private readonly audit: AuditService,
    private readonly lifecycle: ReturnLifecycleService,
    private readonly periods: PeriodsService,
  ) {}

  /**
   * Applies the endpoint's action for the return's current state. Order of checks: the caller must see the
   * return (404) and may take one of the endpoint's actions on it at some level (403); then the version (409 CONFLICT: of two parallel calls the
   * second waits for the row lock and finds the version used), the state (409), the level (403), the reason (400).
   */
  async transition(actor: AuthUser, id: string, endpoint: ReviewEndpoint, input: TransitionInput) {
    const result = await this.ds.transaction(async (m) => {
      const r = await this.lockVisible(m, actor, id);
      const candidates = ENDPOINT_ACTIONS[endpoint].map(transitionFor);
      if (!candidates.some((c) => this.mayTake(actor, r, c))) throw new AppError('FORBIDDEN');
      if (r.version !== input.version) throw new AppError('CONFLICT');
      const t = candidates.find((x) => x.from.includes(r.status));
      if (!t) throw stateError(r.status, endpoint);
      if (!this.mayTake(actor, r, t)) throw new AppError('FORBIDDEN');
      const reason = input.reason?.trim() || null;
      if (t.needsReason && !reason) {
        throw new AppError('REASON_REQUIRED', {
          actionZh: ACTION_LABELS[endpoint].zh,
          actionEn: endpoint === 'correction-request' ? 'request a correction' : endpoint.replace('-', ' '),
        });
      }
      // The firm changes the return next: refused while it could not (a locked period without an extension).
      if (t.to === 'RETURNED' || t.to === 'CORRECTION_REQUESTED') await this.assertFirmCanEdit(m, r, endpoint);
      const comments = t.to === 'RETURNED' ? (input.comments ?? []) : [];
      if (comments.length) await this.checkCommentPaths(m, r, comments);
      return this.apply(m, actor, r, t, reason ?? input.note?.trim() ?? null, comments);
    });
    await this.lifecycle.afterCommit(result);
    return this.returns.detail(actor, id);
  }

  async transitions(user: AuthUser, id: string): Promise<TransitionView[]> {
    await this.returns.getScoped(user, id);
    const rows = await this.ds
      .getRepository(ReturnTransitionEntity)
      .find({ where: { returnId: id }, order: { at: 'ASC', id: 'ASC' } });
    return rows.map((t) => ({ ...t, at: t.at.toISOString() }));
  }

  /** Comments of every revision, oldest first: the firm sees them next to the fields they are pinned to. */
  async comments(user: AuthUser, id: string): Promise<ReviewCommentView[]> {
    await this.returns.getScoped(user, id);
    const rows = await this.ds
      .getRepository(ReviewCommentEntity)
      .find({ where: { returnId: id }, order: { createdAt: 'ASC', path: 'ASC' } });
    return rows.map(commentView);
  }

  /**
   * The firm answers a proposed correction. Accepting writes the proposed value into its current draft as its
   * own edit (reopening a returned return); rejecting needs a reason. One answer per proposal.
   */
  async respond(
    actor: AuthUser,
    id: string,
    commentId: string,
    accept: boolean,
    reason?: string,
  ): Promise<ReviewCommentView> {
    await this.returns.getScoped(actor, id);
    if (actor.scopeKind !== 'ENTERPRISE') throw new AppError('FORBIDDEN');
    const why = reason?.trim() || null;
    const view = await this.ds.transaction(async (m) => {
      const c = await m
        .getRepository(ReviewCommentEntity)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :commentId AND c.returnId = :id', { commentId, id })
        .getOne();
      if (!c) throw notFound('批注', 'Comment');
      if (!c.hasProposal) throw new AppError('COMMENT_NO_PROPOSAL');
      if (c.response) throw new AppError('COMMENT_ANSWERED');
      if (!accept && !why)
        throw new AppError('REASON_REQUIRED', { actionZh: '拒绝修改建议', actionEn: 'reject a proposal' });
      let edit: { before: unknown; revision: number } | null = null;
      if (accept) {
        const done = await this.returns.editCellAsFirm(m, actor, id, c.path, c.proposedValue);
        edit = { before: done.before, revision: done.saved.currentRevision };
      }
      const answer = {
        response: accept ? ('ACCEPTED' as const) : ('REJECTED' as const),
        responseReason: why,
        respondedBy: actor.id,
        respondedAt: new Date(),
      };
      await m.update(ReviewCommentEntity, { id: c.id }, answer);
      await this.audit.append(
        {
          action: accept ? 'returns.proposal-accept' : 'returns.proposal-reject',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'return',
          entityId: id,
          details: {
            commentId: c.id,
            path: c.path,
            ...(edit ? { before: edit.before, after: c.proposedValue, revision: edit.revision } : { reason: why }),
          },
        },
        m,
      );
      return commentView({ ...c, ...answer });
    });
    return view;
  }

  /**
   * Cell-level changes between two revisions. By default from the revision last returned to the firm or the
   * approved one a correction started from (whichever came last; else the previous one) to the current one.
   */
  async diff(user: AuthUser, id: string, from?: number, to?: number): Promise<DiffResponse> {
    const r = await this.returns.getScoped(user, id);
    const target = to ?? r.currentRevision;
    const base = from ?? (await this.defaultBase(r));
    const revisions = this.ds.getRepository(ReturnRevisionEntity);
    const [a, b] = await Promise.all([
      revisions.findOneBy({ returnId: id, revision: base }),
      revisions.findOneBy({ returnId: id, revision: target }),
    ]);
    if (!a) throw notFound(`第 ${base} 版`, `revision ${base}`);
    if (!b) throw notFound(`第 ${target} 版`, `revision ${target}`);
    return { from: base, to: target, changes: diffContent(a.content, b.content) };
  }

  /** The return with a row lock, if the caller may see it (territory in the query: a foreign return is a 404). */
  private async lockVisible(m: EntityManager, user: AuthUser, id: string): Promise<ReturnEntity> {
    const qb = m
      .getRepository(ReturnEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id });
    const r = await whereInTerritory(qb, user, RETURN_TERRITORY).getOne();
    if (!r) throw notFound('报表', 'Return');
    return r;
  }

  private async assertFirmCanEdit(m: EntityManager, r: ReturnEntity, endpoint: ReviewEndpoint): Promise<void> {
    try {
      await this.periods.assertOpenFor(r.periodCode, r.enterpriseId, m);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'PERIOD_LOCKED') throw e;
      const action = ACTION_LABELS[endpoint];
      throw new AppError('PERIOD_LOCKED_ACTION', { ...e.params, actionZh: action.zh, actionEn: action.en });
    }
  }

  /** Territory of a level: the city reviews the returns of its review unit, the province those of its province. */
  private mayTake(user: AuthUser, r: ReturnEntity, t: Transition): boolean {
    if (!t.permission || !user.permissions.has(t.permission)) return false;
    switch (t.permission) {
      case 'review.municipal':
        return user.scopeKind === 'REGION' && user.scopeCode === r.reviewUnitCode;
      case 'review.provincial':
        return user.scopeKind === 'PROVINCE' && user.scopeCode === r.provinceCode;
      default:
        return user.scopeKind === 'ENTERPRISE' && user.scopeCode === r.enterpriseId;
    }
  }

  private async checkCommentPaths(m: EntityManager, r: ReturnEntity, comments: CommentInput[]): Promise<void> {
    const rev = await m.findOneByOrFail(ReturnRevisionEntity, { returnId: r.id, revision: r.currentRevision });
    const bad = comments.find((c) => cellValue(rev.content, c.path) === undefined);
    if (bad) throw new AppError('CELL_PATH_INVALID', { path: bad.path, revision: r.currentRevision });
  }

  /** The step through the return lifecycle (state, revision, transition, audit, facts, notices), then comments. */
  private async apply(
    m: EntityManager,
    actor: AuthUser,
    r: ReturnEntity,
    t: Transition,
    reason: string | null,
    comments: CommentInput[],
  ) {
    const applied = await this.lifecycle.review(m, r, t.action as ReviewAction, actor, {
      reason,
      details: (newRevision) => ({
        revision: r.currentRevision,
        from: r.status,
        to: t.to,
        reason,
        ...(t.to === 'APPROVED' ? { approvedRevision: r.currentRevision } : {}),
        ...(newRevision ? { newRevision } : {}),
        ...(comments.length ? { comments: comments.length } : {}),
      }),
    });
    if (comments.length) {
      await m.insert(
        ReviewCommentEntity,
        comments.map((c) => ({
          returnId: r.id,
          revision: r.currentRevision,
          transitionId: applied.transitionId,
          path: c.path,
          text: c.text,
          proposedValue: c.proposedValue === undefined ? null : (c.proposedValue as JsonValue),
          hasProposal: c.proposedValue !== undefined,
          authorId: actor.id,
          authorUsername: actor.username,
          authorRole: reviewerRole(t),
        })),
      );
    }
    return applied;
  }

  /** The revision a new round of review started from: the last one returned to the firm or opened for correction. */
  private async defaultBase(r: ReturnEntity): Promise<number> {
    const start = await this.ds.getRepository(ReturnTransitionEntity).findOne({
      where: {
        returnId: r.id,
        toStatus: In(['RETURNED', 'CORRECTION_REQUESTED']),
        revision: LessThan(r.currentRevision),
      },
      order: { at: 'DESC', id: 'DESC' },
    });
    return start?.revision ?? Math.max(1, r.currentRevision - 1);
  }
}

function commentView(c: ReviewCommentEntity): ReviewCommentView {
  return {
    id: c.id,
    returnId: c.returnId,
    revision: c.revision,
    path: c.path,
    text: c.text,
    proposedValue: c.hasProposal ? c.proposedValue : undefined,
    authorRole: c.authorRole,
    authorUsername: c.authorUsername,
    createdAt: c.createdAt.toISOString(),
    response: c.response,
    responseReason: c.responseReason,
    respondedBy: c.respondedBy,
    respondedAt: c.respondedAt ? c.respondedAt.toISOString() : null,
  };
}
