import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CONTRACT_REGISTRATION_STATUS_LABELS,
  contractTransitionFor,
  type ContractTransition,
  type ContractWorkflowAction,
  type Role,
  type TechnologyContractComment,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { AppError } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import type { NotificationKind } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { refreshTechnologyFacts } from '../official-tables/facts';
import { TechnologyContractEntity } from './technology-contract.entity';
import { TechnologyContractTransitionEntity } from './contract-workflow.entity';

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

/** A notification to send once the step's transaction has committed. */
export type AfterCommit = () => Promise<void>;

/**
 * The one owner of a technology contract's state (DOMAIN.md §8), in the steps of the return lifecycle so that it can
 * join the generic engine: check the transition table (libs/shared CONTRACT_TRANSITIONS) and who may take it, write
 * status and row version, record a transition row, append the audit entry — all in the caller's transaction — and
 * refresh the contract's facts when what the tables count changes, and hand back the notification to send after
 * the commit. Nothing else writes `status`.
 */
@Injectable()
export class ContractLifecycle {
  private readonly log = new Logger('contract-lifecycle');

  constructor(
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** The transition of an action from the contract's state, checked against the table and the actor's scope. */
  check(c: TechnologyContractEntity, step: Pick<ContractStep, 'action' | 'actor' | 'reason'>): ContractTransition {
    const t = contractTransitionFor(step.action);
    if (step.actor ? !mayTake(step.actor, c, t) : t.permission !== null) throw new AppError('FORBIDDEN');
    if (!t.from.includes(c.status)) throw contractStateError(c, step.action);
    if (t.needsReason && !step.reason?.trim()) {
      throw new AppError('REASON_REQUIRED', { actionZh: ACTION_LABELS[step.action].zh, actionEn: step.action });
    }
    return t;
  }

  /** Applies a step to a contract locked by the caller (SELECT … FOR UPDATE) inside `m`. */
  async apply(m: EntityManager, c: TechnologyContractEntity, step: ContractStep): Promise<AfterCommit> {
    const t = this.check(c, step);
    const reason = step.reason?.trim() || null;
    const version = step.version ?? step.set?.currentVersion ?? c.currentVersion;
    const at = new Date();
    await m.update(
      TechnologyContractEntity,
      { id: c.id },
      { status: t.to, rowVersion: c.rowVersion + 1, ...(step.set ?? {}) },
    );
    // What the tables count changes with a registration, a cancellation or a send-back: the one facts writer
    // (official-tables/facts.ts) moves the contract's facts and aggregates in this transaction.
    if (COUNTING_ACTIONS.has(t.action)) await refreshTechnologyFacts(m, [c.id]);
    await m.insert(TechnologyContractTransitionEntity, {
      contractId: c.id,
      version,
      action: t.action,
      fromStatus: c.status,
      toStatus: t.to,
      actorId: step.actor?.id ?? null,
      actorUsername: step.actor?.username ?? 'system',
      actorRole: step.actor ? actorRole(step.actor, t) : null,
      reason,
      comments: step.comments ?? [],
      at,
    });
    await this.audit.append(
      {
        action: `technology-contracts.${t.action}`,
        actorId: step.actor?.id ?? null,
        actorUsername: step.actor?.username ?? 'system',
        entityType: 'technology-contract',
        entityId: c.id,
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
      },
      m,
    );
    return () => this.notify(c, t, reason, step.set?.registrationNo ?? c.registrationNo);
  }

  /** The firm hears of a decision on its contract; a failed notification never undoes the decision. */
  private async notify(c: TechnologyContractEntity, t: ContractTransition, reason: string | null, no: string | null) {
    const messages: Partial<Record<ContractWorkflowAction, { zh: string; en: string; kind: NotificationKind }>> = {
      register: {
        kind: 'REGISTERED',
        zh: `技术进出口合同 ${c.contractNo} 已登记（登记证书编号 ${no ?? ''}）`,
        en: `Technology contract ${c.contractNo} is registered (certificate ${no ?? ''})`,
      },
      'register-cancellation': {
        kind: 'REGISTERED',
        zh: `技术进出口合同 ${c.contractNo} 已注销`,
        en: `Technology contract ${c.contractNo} is cancelled`,
      },
      return: {
        kind: 'RETURNED',
        zh: `技术进出口合同 ${c.contractNo} 的登记申请已被退回，请修改后重新提交`,
        en: `The registration of technology contract ${c.contractNo} was returned for changes`,
      },
      'validation-failed': {
        kind: 'RETURNED',
        zh: `技术进出口合同 ${c.contractNo} 未通过校验，请修改或说明后重新提交`,
        en: `Technology contract ${c.contractNo} did not pass its check; fix or explain and file it again`,
      },
    };
    const msg = messages[t.action];
    if (!msg) return;
    try {
      const users = await this.notifications.firmUsers([c.enterpriseId]);
      await this.notifications.send(
        users.map((u) => u.id),
        {
          kind: msg.kind,
          titleZh: msg.zh,
          titleEn: msg.en,
          body: reason ? `原因：${reason}` : '',
          link: `/technology-contracts/${c.id}/show`,
        },
      );
    } catch (e) {
      this.log.error({ contractId: c.id, err: e }, 'could not notify the firm');
    }
  }
}
