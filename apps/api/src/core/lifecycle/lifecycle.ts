import type { EntityManager } from 'typeorm';
import type { Permission, TransitionRule } from '@portal/shared';
import type { AuditEvent } from '../../modules/audit/audit.service';
import { appendAuditEntries } from '../../modules/audit/audit-batch';
import { stageNotifications, type StagedNotice } from '../../modules/notifications/notifications.service';

/*
 * The generic core of a reviewed subject's life (a statistical return, a technology-contract registration, each
 * through its adapter and its own transition table): the only code that moves a subject from one state to another.
 * Each step, inside the caller's transaction, is checked against the subject's transition table, then
 *   1. the subject's adapter writes the new state (with its row version, a new revision, derived data),
 *   2. the adapter records the transition row (who, when, from, to, why) in the subject's own table,
 *   3. one audit entry per step is appended to the hash-chained log,
 *   4. the notifications the adapter names (whoever must act next or be told) are written.
 * A batch of steps is applied with the same few set-based statements as one step: one is a batch of one.
 * The mail of the notifications is queued after the commit (`Applied.notificationIds`).
 */

/** Who takes a step: a user, or the system (a job, a seed) with no id. */
export interface LifecycleActor {
  id: string | null;
  username: string;
  /** When given, the step's permission is checked against it. */
  permissions?: ReadonlySet<Permission>;
}

export const SYSTEM_ACTOR: LifecycleActor = { id: null, username: 'system' };

export interface Step<Subj, A extends string, X = unknown> {
  subject: Subj;
  action: A;
  actor: LifecycleActor;
  reason?: string | null;
  /** When the step happened (default now); the transition row's time. */
  at?: Date;
  /** The audit entry's details (default: revision-free { from, to, reason }). */
  details?: Record<string, unknown>;
  /** What the subject's adapter needs beyond the table (a submission's lateness, an imported revision…). */
  extra?: X;
}

/** A step that passed its checks, as the adapter sees it while writing. */
export interface Pending<Subj, S extends string, A extends string, X = unknown> extends Step<Subj, A, X> {
  rule: TransitionRule<S, A>;
  from: S;
  at: Date;
  reason: string | null;
  /** The revision the step was taken on; the adapter sets it (and `newRevision` when it started one). */
  revision?: number;
  newRevision?: number;
}

export interface Applied<Subj, S extends string, A extends string, X = unknown> extends Pending<Subj, S, A, X> {
  transitionId: string;
  notificationIds: string[];
}

export interface TransitionRecord<S extends string, A extends string> {
  subjectId: string;
  revision: number | null;
  action: A;
  from: S;
  to: S;
  actorId: string | null;
  actorUsername: string;
  reason: string | null;
  at: Date;
}

/** What a subject plugs into the core. */
export interface LifecycleAdapter<Subj, S extends string, A extends string, X = unknown> {
  /** Audit entries: `${auditPrefix}.${action}` on entity type `entityType`. */
  readonly auditPrefix: string;
  readonly entityType: string;
  idOf(subject: Subj): string;
  statusOf(subject: Subj): S;
  /** The error of a step the table does not allow from the subject's state. */
  refused(subject: Subj, rule: TransitionRule<S, A>): Error;
  forbidden(): Error;
  reasonRequired(rule: TransitionRule<S, A>): Error;
  /** Writes the new states, set-based (sets each step's `revision`, and `newRevision` where the table says so). */
  write(m: EntityManager, steps: Pending<Subj, S, A, X>[]): Promise<void>;
  /** Inserts the transition rows in order and answers their ids (`steps[i]` is the step of `rows[i]`). */
  record(m: EntityManager, rows: TransitionRecord<S, A>[], steps: readonly Pending<Subj, S, A, X>[]): Promise<string[]>;
  /** The notifications of a step (none: []). */
  notices(m: EntityManager, step: Pending<Subj, S, A, X>): Promise<StagedNotice[]>;
}

export interface ApplyOptions {
  /** The audit chain's last hash between calls of one transaction (a batch import). */
  chain?: { last: string | null };
  /** Tell no one: a seed replaying steps of the past (the demo's history) notifies nobody of them. */
  quiet?: boolean;
}

export class Lifecycle<Subj, S extends string, A extends string, X = unknown> {
  constructor(
    readonly table: readonly TransitionRule<S, A>[],
    private readonly adapter: LifecycleAdapter<Subj, S, A, X>,
  ) {}

  rule(action: A): TransitionRule<S, A> {
    const t = this.table.find((x) => x.action === action);
    if (!t) throw new Error(`unknown action ${action}`);
    return t;
  }

  /** The state an action leads to from a state, or null when the table does not allow it there. */
  next(from: S, action: A): S | null {
    const t = this.rule(action);
    return t.from.includes(from) ? t.to : null;
  }

  /** The table's checks of one step: the state, the actor's permission (when known), a reason where needed. */
  check(step: Step<Subj, A, X>): TransitionRule<S, A> {
    const t = this.rule(step.action);
    if (!t.from.includes(this.adapter.statusOf(step.subject))) throw this.adapter.refused(step.subject, t);
    if (step.actor.permissions && t.permission && !step.actor.permissions.has(t.permission))
      throw this.adapter.forbidden();
    if (t.needsReason && !step.reason?.trim()) throw this.adapter.reasonRequired(t);
    return t;
  }

  async apply(m: EntityManager, step: Step<Subj, A, X>, opts?: ApplyOptions): Promise<Applied<Subj, S, A, X>> {
    const [applied] = await this.applyAll(m, [step], opts);
    return applied;
  }

  /** Applies steps of distinct subjects (each locked or freshly written by the caller) in the caller's transaction. */
  async applyAll(
    m: EntityManager,
    steps: readonly Step<Subj, A, X>[],
    opts: ApplyOptions = {},
  ): Promise<Applied<Subj, S, A, X>[]> {
    if (!steps.length) return [];
    const now = new Date();
    const pending: Pending<Subj, S, A, X>[] = steps.map((s) => ({
      ...s,
      rule: this.check(s),
      from: this.adapter.statusOf(s.subject),
      at: s.at ?? now,
      reason: s.reason?.trim() || null,
    }));
    await this.adapter.write(m, pending);
    const ids = await this.adapter.record(
      m,
      pending.map((p) => ({
        subjectId: this.adapter.idOf(p.subject),
        revision: p.revision ?? null,
        action: p.action,
        from: p.from,
        to: p.rule.to,
        actorId: p.actor.id,
        actorUsername: p.actor.username,
        reason: p.reason,
        at: p.at,
      })),
      pending,
    );
    const events: AuditEvent[] = pending.map((p) => ({
      action: `${this.adapter.auditPrefix}.${p.action}`,
      actorId: p.actor.id,
      actorUsername: p.actor.username,
      entityType: this.adapter.entityType,
      entityId: this.adapter.idOf(p.subject),
      details: p.details ?? { from: p.from, to: p.rule.to, reason: p.reason },
    }));
    await appendAuditEntries(m, events, opts.chain ?? { last: null });
    const applied: Applied<Subj, S, A, X>[] = [];
    for (const [i, p] of pending.entries()) {
      const notices = opts.quiet ? [] : await this.adapter.notices(m, p);
      applied.push({ ...p, transitionId: ids[i], notificationIds: await stageNotifications(m, notices) });
    }
    return applied;
  }
}
