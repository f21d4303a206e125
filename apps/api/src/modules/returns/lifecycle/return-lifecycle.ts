import type { EntityManager } from 'typeorm';
import {
  RETURN_STATUS_LABELS,
  TRANSITIONS,
  type ReturnStatus,
  type Transition,
  type WorkflowAction,
} from '@portal/shared';
import {
  Lifecycle,
  SYSTEM_ACTOR,
  type Applied,
  type ApplyOptions,
  type LifecycleActor,
  type LifecycleAdapter,
  type Pending,
  type TransitionRecord,
} from '../../../core/lifecycle/lifecycle';
import { insertRows, queryOf, type Column } from '../../../core/database/bulk-insert';
import { AppError } from '../../../core/errors/app-error';
import type { StagedNotice } from '../../notifications/notifications.service';
import { refreshFacts } from '../../official-tables/facts';
import type { ApprovedReturn } from '../../official-tables/return-facts';
import { UserEntity } from '../../users/user.entity';
import type { ReturnEntity } from '../return.entity';

/*
 * The return's side of the lifecycle (the generic core: core/lifecycle/lifecycle.ts; the table: TRANSITIONS in
 * libs/shared/src/workflow.ts). The only code that writes statistical_return.status: one call per action, each in
 * the caller's transaction. What is the return's own here: its revisions (one "copy revision n into n+1"), the
 * approved revision, lateness of a submission, the facts of the official tables when a return reaches or leaves
 * APPROVED, and who is told of each step.
 */

/** What the lifecycle reads of a return (a locked row, or the row a batch import has just written). */
export type ReturnSubject = Pick<
  ReturnEntity,
  | 'id'
  | 'status'
  | 'currentRevision'
  | 'approvedRevision'
  | 'enterpriseId'
  | 'periodCode'
  | 'reviewUnitCode'
  | 'provinceCode'
>;

export interface ReturnStepExtra {
  /** A submission: the revision is received now; lateness is decided by the first submission. */
  submission?: { late: boolean };
  /** The revision the caller has written for the step (a historical import): it becomes current and approved. */
  revision?: number;
  /** The approved revision in hand for the facts writer (a batch import); else it is read. */
  approved?: ApprovedReturn;
  /** The facts enter the aggregates later (`addToAggregates`, a batch import's last step). */
  aggregatesLater?: boolean;
  /** A validation outcome's findings, for the firm's notification. */
  counts?: { blocking: number; unexplained: number };
}

export type ReturnPending = Pending<ReturnSubject, ReturnStatus, WorkflowAction, ReturnStepExtra>;
export type ReturnApplied = Applied<ReturnSubject, ReturnStatus, WorkflowAction, ReturnStepExtra>;

/** The review actions a reviewer (or the firm, for a correction) takes through the review endpoints. */
export type ReviewAction = Extract<
  WorkflowAction,
  | 'municipal-approve'
  | 'municipal-return'
  | 'provincial-approve'
  | 'provincial-return'
  | 'send-back'
  | 'correction-request'
>;

const ACTION_VERBS: Record<WorkflowAction, { zh: string; en: string }> = {
  submit: { zh: '上报', en: 'submitted' },
  'validation-passed': { zh: '通过校验', en: 'passed by the checks' },
  'validation-failed': { zh: '退回草稿', en: 'bounced by the checks' },
  'municipal-approve': { zh: '审核通过', en: 'approved' },
  'municipal-return': { zh: '退回企业', en: 'returned to the firm' },
  'provincial-approve': { zh: '审核通过', en: 'approved' },
  'provincial-return': { zh: '退回企业', en: 'returned to the firm' },
  'send-back': { zh: '退回市级', en: 'sent back to the city' },
  reopen: { zh: '重新打开', en: 'reopened' },
  'correction-request': { zh: '申请更正', en: 'opened for correction' },
  'import-historical': { zh: '导入历史数据', en: 'replaced by a historical import' },
};

/** Copies revisions n into n+1 (the only place a revision is copied), set-based; answers nothing. */
export async function copyRevisions(
  m: EntityManager,
  copies: readonly { returnId: string; from: number; to: number; createdBy: string | null }[],
): Promise<void> {
  if (!copies.length) return;
  const rows: { return_id: string }[] = await m.query(
    `INSERT INTO return_revision (return_id, revision, content, cny_per_usd, source, source_note, created_by)
     SELECT v.return_id, x.next, v.content, v.cny_per_usd, v.source, v.source_note, x.by
       FROM unnest($1::uuid[], $2::int[], $3::int[], $4::uuid[]) AS x(id, src, next, by)
       JOIN return_revision v ON v.return_id = x.id AND v.revision = x.src
     RETURNING return_id`,
    [copies.map((c) => c.returnId), copies.map((c) => c.from), copies.map((c) => c.to), copies.map((c) => c.createdBy)],
  );
  if (rows.length !== copies.length) throw new Error('copyRevisions: a revision to copy is missing');
}

const TRANSITION_COLUMNS: Column[] = [
  ['return_id', 'uuid'],
  ['revision', 'int'],
  ['action', 'varchar'],
  ['from_status', 'varchar'],
  ['to_status', 'varchar'],
  ['actor_id', 'uuid'],
  ['actor_username', 'varchar'],
  ['reason', 'text'],
  ['at', 'timestamptz'],
];

/** Active accounts of a scope, optionally with a role. */
async function usersOf(m: EntityManager, scopeKind: string, scopeCode: string, role?: string): Promise<string[]> {
  const qb = m
    .getRepository(UserEntity)
    .createQueryBuilder('u')
    .select('u.id')
    .where('u.scopeKind = :scopeKind AND u.active AND u.scopeCode = :scopeCode', { scopeKind, scopeCode });
  if (role) qb.andWhere(':role = ANY(u.roles)', { role });
  return (await qb.getMany()).map((u) => u.id);
}

async function firmName(m: EntityManager, enterpriseId: string): Promise<string> {
  const [row]: { name_zh: string }[] = await m.query('SELECT name_zh FROM enterprise WHERE id = $1', [enterpriseId]);
  return row?.name_zh ?? '';
}

/** The adapter of statistical returns to the generic lifecycle. */
export const RETURN_ADAPTER: LifecycleAdapter<ReturnSubject, ReturnStatus, WorkflowAction, ReturnStepExtra> = {
  auditPrefix: 'returns',
  entityType: 'return',
  idOf: (r) => r.id,
  statusOf: (r) => r.status,
  refused: (r, t) =>
    new AppError('RETURN_STATE', {
      statusZh: RETURN_STATUS_LABELS[r.status].zh,
      statusEn: RETURN_STATUS_LABELS[r.status].en.toLowerCase(),
      actionZh: ACTION_VERBS[t.action].zh,
      actionEn: ACTION_VERBS[t.action].en,
    }),
  forbidden: () => new AppError('FORBIDDEN'),
  reasonRequired: (t) =>
    new AppError('REASON_REQUIRED', { actionZh: ACTION_VERBS[t.action].zh, actionEn: t.action.replace('-', ' ') }),

  async write(m, steps) {
    const copies: { returnId: string; from: number; to: number; createdBy: string | null }[] = [];
    const rows = steps.map((p) => {
      const r = p.subject;
      const taken = p.extra?.revision ?? r.currentRevision;
      p.revision = taken;
      let current = taken;
      if (p.rule.newRevision) {
        // A correction starts from the approved revision (the tables keep it); a return or a bounce from the
        // revision it came back with.
        const from = p.from === 'APPROVED' ? (r.approvedRevision ?? taken) : taken;
        current = taken + 1;
        p.newRevision = current;
        copies.push({ returnId: r.id, from, to: current, createdBy: p.actor.id });
      }
      const to = p.rule.to;
      return {
        id: r.id,
        status: to,
        current,
        setApproved: to === 'APPROVED',
        approved: to === 'APPROVED' ? taken : null,
        // The figures change before the next review: the stored share of the provincial change is stale.
        clearMateriality: to === 'RETURNED' || to === 'CORRECTION_REQUESTED',
        submittedAt: p.extra?.submission || p.action === 'import-historical' ? p.at : null,
        late: p.extra?.submission ? p.extra.submission.late : null,
      };
    });
    await copyRevisions(m, copies);
    await m.query(
      `UPDATE statistical_return r
          SET status = x.status, version = r.version + 1, current_revision = x.current,
              approved_revision = CASE WHEN x.set_approved THEN x.approved ELSE r.approved_revision END,
              materiality = CASE WHEN x.clear_materiality THEN NULL ELSE r.materiality END,
              late = COALESCE(x.late, r.late),
              first_submitted_at = CASE WHEN x.submitted_at IS NULL THEN r.first_submitted_at
                                        ELSE COALESCE(r.first_submitted_at, x.submitted_at) END,
              last_submitted_at = COALESCE(x.submitted_at, r.last_submitted_at),
              updated_at = CURRENT_TIMESTAMP
         FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::bool[], $5::int[], $6::bool[], $7::timestamptz[],
                     $8::bool[])
              AS x(id, status, current, set_approved, approved, clear_materiality, submitted_at, late)
        WHERE r.id = x.id`,
      [
        rows.map((x) => x.id),
        rows.map((x) => x.status),
        rows.map((x) => x.current),
        rows.map((x) => x.setApproved),
        rows.map((x) => x.approved),
        rows.map((x) => x.clearMateriality),
        rows.map((x) => x.submittedAt),
        rows.map((x) => x.late),
      ],
    );
    // Official tables: the approved revision's facts and aggregates change with the state, atomically.
    const facts = steps.filter((p) => p.rule.to === 'APPROVED' || p.from === 'APPROVED');
    const now = facts.filter((p) => !p.extra?.aggregatesLater);
    const later = facts.filter((p) => p.extra?.aggregatesLater);
    if (now.length)
      await refreshFacts(
        m,
        now.map((p) => p.extra?.approved ?? p.subject.id),
      );
    if (later.length)
      await refreshFacts(
        m,
        later.map((p) => p.extra?.approved ?? p.subject.id),
        { aggregates: 'later' },
      );
  },

  async record(m, rows: TransitionRecord<ReturnStatus, WorkflowAction>[]) {
    const ids = await insertRows(
      queryOf(m),
      'return_transition',
      TRANSITION_COLUMNS,
      rows.map((t) => [t.subjectId, t.revision, t.action, t.from, t.to, t.actorId, t.actorUsername, t.reason, t.at]),
      'id',
    );
    return ids.map((r) => String(r.id));
  },

  async notices(m, p): Promise<StagedNotice[]> {
    const r = p.subject;
    const link = `/returns/${r.id}`;
    switch (p.action) {
      case 'municipal-return':
      case 'provincial-return':
        return [
          {
            userIds: await usersOf(m, 'ENTERPRISE', r.enterpriseId),
            kind: 'RETURNED',
            titleZh: `${r.periodCode} 报表已被退回，请修改后重新上报`,
            titleEn: `Your ${r.periodCode} return was returned for changes`,
            body: `退回原因：${p.reason ?? ''}`,
            link,
          },
        ];
      case 'provincial-approve':
        return [
          {
            userIds: await usersOf(m, 'ENTERPRISE', r.enterpriseId),
            kind: 'APPROVED',
            titleZh: `${r.periodCode} 报表已审核通过`,
            titleEn: `Your ${r.periodCode} return was approved`,
            body: `${r.periodCode} 报表（第 ${p.revision} 版）已经省级审核通过，数据已计入统计。`,
            link,
          },
        ];
      case 'validation-failed': {
        const c = p.extra?.counts;
        return [
          {
            userIds: await usersOf(m, 'ENTERPRISE', r.enterpriseId),
            kind: 'VALIDATION_FAILED',
            titleZh: `${r.periodCode} 报表未通过校验，已退回草稿，请修改后重新上报`,
            titleEn: `Your ${r.periodCode} return did not pass the checks and is a draft again`,
            body: c
              ? `阻断性问题 ${c.blocking} 个，待说明问题 ${c.unexplained} 个。`
              : '请查看校验结果，修改或说明后重新上报。',
            link,
          },
        ];
      }
      case 'send-back': {
        const name = await firmName(m, r.enterpriseId);
        return [
          {
            userIds: await usersOf(m, 'REGION', r.reviewUnitCode, 'MUNICIPAL_REVIEWER'),
            kind: 'SENT_BACK',
            titleZh: `${name} ${r.periodCode} 报表被省级退回市级复核`,
            titleEn: `The ${r.periodCode} return of ${name} was sent back to the city`,
            body: `退回原因：${p.reason ?? ''}`,
            link,
          },
        ];
      }
      case 'validation-passed':
      case 'municipal-approve': {
        const name = await firmName(m, r.enterpriseId);
        const municipal = p.action === 'validation-passed';
        return [
          {
            userIds: municipal
              ? await usersOf(m, 'REGION', r.reviewUnitCode, 'MUNICIPAL_REVIEWER')
              : await usersOf(m, 'PROVINCE', r.provinceCode, 'PROVINCIAL_REVIEWER'),
            kind: 'REVIEW_DUE',
            titleZh: `${name} ${r.periodCode} 报表待${municipal ? '市级' : '省级'}审核`,
            titleEn: `The ${r.periodCode} return of ${name} awaits your review`,
            body: municipal
              ? `${name} 已上报 ${r.periodCode} 报表并通过校验。`
              : `${name} 的 ${r.periodCode} 报表已通过市级审核。`,
            link,
          },
        ];
      }
      default:
        return [];
    }
  },
};

/**
 * Who acted, as the lifecycle records it (a user, or the system). Which user may take a step — the permission of
 * the table's row at the level's territory — is the endpoint's check (the review service knows the levels; an
 * import acts for the firm that started it), so the return's calls record the actor without checking it again.
 */
export type Actor = Pick<LifecycleActor, 'id' | 'username'>;
export { SYSTEM_ACTOR };
const recorded = (a: Actor): LifecycleActor => ({ id: a.id, username: a.username });

/**
 * The return's life, one call per action. Every call runs in the caller's transaction on a return the caller has
 * locked (or, for the batch, written), checks the table, and answers what was applied; after the commit,
 * `ReturnLifecycleService.afterCommit` queues the mail of its notifications.
 */
export class ReturnLifecycle {
  readonly core = new Lifecycle(TRANSITIONS, RETURN_ADAPTER);

  rule(action: WorkflowAction): Transition {
    return this.core.rule(action);
  }

  /** The table's check alone (RETURN_STATE when the action is not allowed from the return's state). */
  assertAllowed(r: ReturnSubject, action: WorkflowAction): Transition {
    return this.core.check({ subject: r, action, actor: SYSTEM_ACTOR });
  }

  /** DRAFT / CORRECTION_REQUESTED → VALIDATING: the current revision is received (a zero return too). */
  submit(
    m: EntityManager,
    r: ReturnSubject,
    actor: Actor,
    opts: { late: boolean; at: Date; details: Record<string, unknown> },
  ): Promise<ReturnApplied> {
    return this.core.apply(m, {
      subject: r,
      action: 'submit',
      actor: recorded(actor),
      at: opts.at,
      details: opts.details,
      extra: { submission: { late: opts.late } },
    });
  }

  /** VALIDATING → SUBMITTED, or → DRAFT with a new editable revision copied from the checked one. */
  validationOutcome(
    m: EntityManager,
    r: ReturnSubject,
    passed: boolean,
    counts: { blocking: number; unexplained: number },
    details: Record<string, unknown>,
  ): Promise<ReturnApplied> {
    return this.core.apply(m, {
      subject: r,
      action: passed ? 'validation-passed' : 'validation-failed',
      actor: SYSTEM_ACTOR,
      details,
      extra: { counts },
    });
  }

  /**
   * A reviewer's step (approve at either level, return to the firm, send back to the city) or the firm's
   * correction request; details are the audit entry's (default: revision, from, to, reason).
   */
  review(
    m: EntityManager,
    r: ReturnSubject,
    action: ReviewAction,
    actor: Actor,
    opts: { reason?: string | null; details?: (newRevision: number | undefined) => Record<string, unknown> } = {},
  ): Promise<ReturnApplied> {
    const t = this.core.rule(action);
    const reason = opts.reason?.trim() || null;
    const newRevision = t.newRevision ? r.currentRevision + 1 : undefined;
    return this.core.apply(m, {
      subject: r,
      action,
      actor: recorded(actor),
      reason,
      details: opts.details?.(newRevision) ?? {
        revision: r.currentRevision,
        from: r.status,
        to: t.to,
        reason,
        ...(t.to === 'APPROVED' ? { approvedRevision: r.currentRevision } : {}),
        ...(newRevision ? { newRevision } : {}),
      },
    });
  }

  /** RETURNED → DRAFT with revision n+1, a copy of the returned one (the firm edits, or accepts a proposal). */
  reopen(m: EntityManager, r: ReturnSubject, actor: Actor): Promise<ReturnApplied> {
    return this.core.apply(m, {
      subject: r,
      action: 'reopen',
      actor: recorded(actor),
      details: { revision: r.currentRevision + 1 },
    });
  }

  /**
   * Historical approval, set-based: each return (any state, or a new one written as a DRAFT) becomes APPROVED at
   * the revision the import wrote; transitions and audit entries in bulk, facts with the approved revisions in
   * hand (aggregates later, or now).
   */
  approveHistorical(
    m: EntityManager,
    items: readonly {
      subject: ReturnSubject;
      revision: number;
      /** The approved revision in hand (else read: a batch whose returns' revisions are already written). */
      approved?: ApprovedReturn;
      details: Record<string, unknown>;
    }[],
    actor: Actor,
    opts: ApplyOptions & { aggregatesLater?: boolean; at?: Date } = {},
  ): Promise<ReturnApplied[]> {
    return this.core.applyAll(
      m,
      items.map((i) => ({
        subject: i.subject,
        action: 'import-historical' as const,
        actor: recorded(actor),
        at: opts.at,
        details: i.details,
        extra: { revision: i.revision, approved: i.approved, aggregatesLater: opts.aggregatesLater },
      })),
      opts,
    );
  }

  /**
   * A seed's step of the past (the demo's backdated history), as the system or a named user: checked, written,
   * recorded and audited as any step, telling no one. Answers the return as it is after the step.
   */
  async replay(
    m: EntityManager,
    r: ReturnSubject,
    action: WorkflowAction,
    actor: Actor,
    opts: { at: Date; reason?: string | null; late?: boolean },
  ): Promise<{ applied: ReturnApplied; subject: ReturnSubject }> {
    const applied = await this.core.apply(
      m,
      {
        subject: r,
        action,
        actor: recorded(actor),
        at: opts.at,
        reason: opts.reason,
        extra: action === 'submit' ? { submission: { late: opts.late ?? false } } : undefined,
      },
      { quiet: true },
    );
    const t = applied.rule;
    return {
      applied,
      subject: {
        ...r,
        status: t.to,
        currentRevision: applied.newRevision ?? applied.revision ?? r.currentRevision,
        approvedRevision: t.to === 'APPROVED' ? (applied.revision ?? r.currentRevision) : r.approvedRevision,
      },
    };
  }
}
