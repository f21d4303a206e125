import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CONTRACT_REGISTRATION_STATUS_LABELS,
  CONTRACT_TRANSITIONS,
  contractTransitionFor,
  type ContractTransition,
  type ContractWorkflowAction,
  type Role,
  type TechnologyContractComment,
  type TransitionRule,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { AppError } from '../../core/errors/app-error';
import { Lifecycle, SYSTEM_ACTOR, type LifecycleAdapter, type Pending } from '../../core/lifecycle/lifecycle';
import type { NotificationKind } from '../notifications/notification.entity';
import { NotificationsService, type StagedNotice } from '../notifications/notifications.service';
import { refreshTechnologyFacts } from '../official-tables/facts';
import { UserEntity } from '../users/user.entity';
import { TechnologyContractTransitionEntity } from './contract-workflow.entity';
import { TechnologyContractEntity } from './technology-contract.entity';

const ACTION_LABELS: Record<ContractWorkflowAction, { zh: string; en: string }> = {
  submit: { zh: '提交登记申请', en: 'filed' },
  'validation-passed': { zh: '校验通过', en: 'passed its check' },
  'change-validation-passed': { zh: '校验通过', en: 'passed its check' },
  'validation-failed': { zh: '退回草稿', en: 'sent back to draft' },
  register: { zh: '登记', en: 'registered' },
  'register-cancellation': { zh: '注销登记', en: 'cancelled' },
  return: { zh: '退回企业', en: 'returned to the firm' },
  'send-back': { zh: '退回市级', en: 'sent back to the city' },
  reopen: { zh: '修改', en: 'edited' },
  change: { zh: '申请变更', en: 'changed' },
  cancel: { zh: '申请注销', en: 'cancelled' },
};

/** Steps after which the official tables count the contract differently. */
const COUNTING_ACTIONS: ReadonlySet<ContractWorkflowAction> = new Set([
  'register',
  'register-cancellation',
  'send-back',
]);

/** Who may take a transition: its permission, within the territory of its level (属地管理). */
export function mayTake(user: AuthUser, c: TechnologyContractEntity, t: ContractTransition): boolean {
  if (!t.permission || !user.permissions.has(t.permission)) return false;
  switch (t.permission) {
    case 'review.municipal':
      return user.scopeKind === 'REGION' && user.scopeCode === c.reviewUnitCode;
    case 'review.provincial':
      return user.scopeKind === 'PROVINCE' && user.scopeCode === c.provinceCode;
    default:
      return user.scopeKind === 'ENTERPRISE' && user.scopeCode === c.enterpriseId;
  }
}

function actorRole(user: AuthUser, t: ContractTransition): Role | null {
  if (t.permission === 'review.municipal') return 'MUNICIPAL_REVIEWER';
  if (t.permission === 'review.provincial') return 'PROVINCIAL_REVIEWER';
  return user.roles.find((r) => r.startsWith('ENTERPRISE_')) ?? null;
}

export const contractStateError = (c: TechnologyContractEntity, action: ContractWorkflowAction) =>
  new AppError('CONTRACT_STATE', {
    statusZh: CONTRACT_REGISTRATION_STATUS_LABELS[c.status].zh,
    statusEn: CONTRACT_REGISTRATION_STATUS_LABELS[c.status].en.toLowerCase(),
    actionZh: ACTION_LABELS[action].zh,
    actionEn: `be ${ACTION_LABELS[action].en}`,
  });

export interface ContractStep {
  action: ContractWorkflowAction;
  /** null: the system (the validation job). */
  actor: AuthUser | null;
  reason?: string | null;
  comments?: TechnologyContractComment[];
  /** Further columns the step writes with the status (the registration number, the version pointers). */
  set?: Partial<
    Pick<
      TechnologyContractEntity,
      'registrationNo' | 'registeredVersion' | 'currentVersion' | 'firstRegisteredAt' | 'periodCode'
    >
  >;
  /** The version the step concerns (default: the contract's current version). */
  version?: number;
  details?: Record<string, unknown>;
}

/** Queues the mail of the step's notifications; run once the step's transaction has committed. */
export type AfterCommit = () => Promise<void>;

/** What a contract step carries beyond the table: its version, the columns it sets, its remarks, the actor's role. */
export interface ContractStepExtra {
  version: number;
  set?: ContractStep['set'];
  comments: TechnologyContractComment[];
  role: Role | null;
}

type ContractStatus = TechnologyContractEntity['status'];
type ContractPending = Pending<TechnologyContractEntity, ContractStatus, ContractWorkflowAction, ContractStepExtra>;

/** The contract table in the generic form: a new version of the document is what a return's new revision is. */
const CONTRACT_RULES: readonly TransitionRule<ContractStatus, ContractWorkflowAction>[] = CONTRACT_TRANSITIONS.map(
  ({ newVersion, ...t }) => ({ ...t, newRevision: newVersion }),
);

/** What the firm is told of a step on its contract (nothing for the other steps). */
function firmMessage(
  c: TechnologyContractEntity,
  action: ContractWorkflowAction,
  no: string | null,
): { zh: string; en: string; kind: NotificationKind } | null {
  switch (action) {
    case 'register':
      return {
        kind: 'REGISTERED',
        zh: `技术进出口合同 ${c.contractNo} 已登记（登记证书编号 ${no ?? ''}）`,
        en: `Technology contract ${c.contractNo} is registered (certificate ${no ?? ''})`,
      };
    case 'register-cancellation':
      return {
        kind: 'REGISTERED',
        zh: `技术进出口合同 ${c.contractNo} 已注销`,
        en: `Technology contract ${c.contractNo} is cancelled`,
      };
    case 'return':
      return {
        kind: 'RETURNED',
        zh: `技术进出口合同 ${c.contractNo} 的登记申请已被退回，请修改后重新提交`,
        en: `The registration of technology contract ${c.contractNo} was returned for changes`,
      };
    case 'validation-failed':
      return {
        kind: 'RETURNED',
        zh: `技术进出口合同 ${c.contractNo} 未通过校验，请修改或说明后重新提交`,
        en: `Technology contract ${c.contractNo} did not pass its check; fix or explain and file it again`,
      };
    default:
      return null;
  }
}

/** The adapter of technology contracts to the generic lifecycle (core/lifecycle/lifecycle.ts). */
export const CONTRACT_ADAPTER: LifecycleAdapter<
  TechnologyContractEntity,
  ContractStatus,
  ContractWorkflowAction,
  ContractStepExtra
> = {
  auditPrefix: 'technology-contracts',
  entityType: 'technology-contract',
  idOf: (c) => c.id,
  statusOf: (c) => c.status,
  refused: (c, t) => contractStateError(c, t.action),
  forbidden: () => new AppError('FORBIDDEN'),
  reasonRequired: (t) => new AppError('REASON_REQUIRED', { actionZh: ACTION_LABELS[t.action].zh, actionEn: t.action }),

  async write(m, steps: ContractPending[]) {
    for (const p of steps) {
      const c = p.subject;
      const set = p.extra?.set ?? {};
      p.revision = p.extra?.version ?? c.currentVersion;
      await m.update(
        TechnologyContractEntity,
        { id: c.id },
        { status: p.rule.to, rowVersion: c.rowVersion + 1, ...set },
      );
    }
    // What the tables count changes with a registration, a cancellation or a send-back: the one facts writer
    // (official-tables/facts.ts) moves the contracts' facts and aggregates in this transaction.
    const counted = steps.filter((p) => COUNTING_ACTIONS.has(p.action)).map((p) => p.subject.id);
    if (counted.length) await refreshTechnologyFacts(m, counted);
  },

  async record(m, rows, steps) {
    const inserted = await m.insert(
      TechnologyContractTransitionEntity,
      rows.map((t, i) => ({
        contractId: t.subjectId,
        version: t.revision ?? steps[i].subject.currentVersion,
        action: t.action,
        fromStatus: t.from,
        toStatus: t.to,
        actorId: t.actorId,
        actorUsername: t.actorUsername,
        actorRole: steps[i].extra?.role ?? null,
        reason: t.reason,
        comments: steps[i].extra?.comments ?? [],
        at: t.at,
      })),
    );
    return inserted.identifiers.map((r) => String(r.id));
  },

  async notices(m, p): Promise<StagedNotice[]> {
    const c = p.subject;
    const msg = firmMessage(c, p.action, p.extra?.set?.registrationNo ?? c.registrationNo);
    if (!msg) return [];
    const users = await m
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .select('u.id')
      .where(`u.scopeKind = 'ENTERPRISE' AND u.active AND u.scopeCode = :id`, { id: c.enterpriseId })
      .getMany();
    return [
      {
        userIds: users.map((u) => u.id),
        kind: msg.kind,
        titleZh: msg.zh,
        titleEn: msg.en,
        body: p.reason ? `原因：${p.reason}` : '',
        link: `/technology-contracts/${c.id}/show`,
      },
    ];
  },
};

/**
 * The one owner of a technology contract's state (DOMAIN.md §8): the generic lifecycle with the contract's adapter
 * and table (libs/shared CONTRACT_TRANSITIONS). A step checks who may take it within the territory, then, in the
 * caller's transaction, writes status and row version, refreshes the contract's facts when what the tables count
 * changes, records a transition row, appends the audit entry and writes the firm's notification; the mail is
 * queued after the commit (the AfterCommit handed back). Nothing else writes `status`.
 */
@Injectable()
export class ContractLifecycle {
  private readonly lifecycle = new Lifecycle(CONTRACT_RULES, CONTRACT_ADAPTER);

  constructor(private readonly notifications: NotificationsService) {}

  /** The transition of an action from the contract's state, checked against the table and the actor's scope. */
  check(c: TechnologyContractEntity, step: Pick<ContractStep, 'action' | 'actor' | 'reason'>): ContractTransition {
    const t = contractTransitionFor(step.action);
    if (step.actor ? !mayTake(step.actor, c, t) : t.permission !== null) throw new AppError('FORBIDDEN');
    this.lifecycle.check({ subject: c, action: step.action, actor: SYSTEM_ACTOR, reason: step.reason });
    return t;
  }

  /** Applies a step to a contract locked by the caller (SELECT … FOR UPDATE) inside `m`. */
  async apply(m: EntityManager, c: TechnologyContractEntity, step: ContractStep): Promise<AfterCommit> {
    const t = this.check(c, step);
    const reason = step.reason?.trim() || null;
    const version = step.version ?? step.set?.currentVersion ?? c.currentVersion;
    const applied = await this.lifecycle.apply(m, {
      subject: c,
      action: step.action,
      // The actor's scope was checked above (mayTake); the core checks state and reason.
      actor: step.actor ? { id: step.actor.id, username: step.actor.username } : SYSTEM_ACTOR,
      reason,
      details: {
        contractNo: c.contractNo,
        version,
        from: c.status,
        to: t.to,
        reason,
        ...(step.comments?.length ? { comments: step.comments.length } : {}),
        ...(step.set?.registrationNo ? { registrationNo: step.set.registrationNo } : {}),
        ...(step.details ?? {}),
      },
      extra: {
        version,
        set: step.set,
        comments: step.comments ?? [],
        role: step.actor ? actorRole(step.actor, t) : null,
      },
    });
    return () => this.notifications.queueMail(applied.notificationIds);
  }
}
