import type { Permission } from './roles';
import { RETURN_STATUSES, type ReturnStatus } from './returns';
import type { ContractRegistrationStatus } from './technology-contracts';

/**
 * The review workflow (DOMAIN.md §4) as one table: every state change of a return is one of these actions,
 * and the API applies them only through this table, in one place: the return lifecycle
 * (apps/api/src/modules/returns/lifecycle, on the generic core in apps/api/src/core/lifecycle). A check in the unit
 * tier fails when other code writes a return's status.
 *
 * DRAFT ─submit→ VALIDATING ─(validation job)→ SUBMITTED | DRAFT (blocking findings)
 * SUBMITTED ─municipal approve→ MUNICIPAL_APPROVED ─provincial approve→ APPROVED (locked)
 * SUBMITTED / MUNICIPAL_APPROVED / SENT_BACK ─return→ RETURNED ─firm edits→ DRAFT (new revision)
 * MUNICIPAL_APPROVED ─send back→ SENT_BACK (the city reviews again)
 * APPROVED ─correction request→ CORRECTION_REQUESTED (new revision; tables keep the approved one) ─submit→ …
 * any state (or a return the import creates, as a DRAFT) ─historical import→ APPROVED (the import's revision)
 */
export const WORKFLOW_ACTIONS = [
  'submit',
  'validation-passed',
  'validation-failed',
  'municipal-approve',
  'municipal-return',
  'provincial-approve',
  'provincial-return',
  'send-back',
  'reopen',
  'correction-request',
  'import-historical',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** A row of a workflow table, over any subject's states and actions (returns here; contract registrations too). */
export interface TransitionRule<S extends string = string, A extends string = string> {
  action: A;
  from: readonly S[];
  to: S;
  /** Who may take it; null: the system (the validation job). */
  permission: Permission | null;
  /** A reason must be given (returning, sending back, a correction request). */
  needsReason: boolean;
  /** The transition starts a new revision (the previous one stays frozen for diffs). */
  newRevision: boolean;
}

export type Transition = TransitionRule<ReturnStatus, WorkflowAction>;

export const TRANSITIONS: readonly Transition[] = [
  {
    action: 'submit',
    from: ['DRAFT', 'CORRECTION_REQUESTED'],
    to: 'VALIDATING',
    permission: 'returns.submit',
    needsReason: false,
    newRevision: false,
  },
  {
    action: 'validation-passed',
    from: ['VALIDATING'],
    to: 'SUBMITTED',
    permission: null,
    needsReason: false,
    newRevision: false,
  },
  {
    action: 'validation-failed',
    from: ['VALIDATING'],
    to: 'DRAFT',
    permission: null,
    needsReason: false,
    newRevision: true,
  },
  {
    action: 'municipal-approve',
    from: ['SUBMITTED', 'SENT_BACK'],
    to: 'MUNICIPAL_APPROVED',
    permission: 'review.municipal',
    needsReason: false,
    newRevision: false,
  },
  {
    action: 'municipal-return',
    from: ['SUBMITTED', 'SENT_BACK'],
    to: 'RETURNED',
    permission: 'review.municipal',
    needsReason: true,
    newRevision: false,
  },
  {
    action: 'provincial-approve',
    from: ['MUNICIPAL_APPROVED'],
    to: 'APPROVED',
    permission: 'review.provincial',
    needsReason: false,
    newRevision: false,
  },
  {
    action: 'provincial-return',
    from: ['MUNICIPAL_APPROVED'],
    to: 'RETURNED',
    permission: 'review.provincial',
    needsReason: true,
    newRevision: false,
  },
  {
    action: 'send-back',
    from: ['MUNICIPAL_APPROVED'],
    to: 'SENT_BACK',
    permission: 'review.provincial',
    needsReason: true,
    newRevision: false,
  },
  {
    action: 'reopen',
    from: ['RETURNED'],
    to: 'DRAFT',
    permission: 'returns.edit',
    needsReason: false,
    newRevision: true,
  },
  {
    action: 'correction-request',
    from: ['APPROVED'],
    to: 'CORRECTION_REQUESTED',
    permission: 'returns.submit',
    needsReason: true,
    newRevision: true,
  },
  {
    // Approved data from the previous system: the import writes the revision it approves (exchange/historical-import.ts).
    action: 'import-historical',
    from: RETURN_STATUSES,
    to: 'APPROVED',
    permission: 'imports.historical',
    needsReason: false,
    newRevision: false,
  },
];

export function transitionFor(action: WorkflowAction): Transition {
  const t = TRANSITIONS.find((x) => x.action === action);
  if (!t) throw new Error(`unknown workflow action ${action}`);
  return t;
}

/** The transition an action takes from a state, or null when the action is not allowed there. */
export function nextStatus(from: ReturnStatus, action: WorkflowAction): ReturnStatus | null {
  const t = transitionFor(action);
  return t.from.includes(from) ? t.to : null;
}

/** States in which the firm edits figures. */
export const EDITABLE_STATUSES: readonly ReturnStatus[] = ['DRAFT', 'CORRECTION_REQUESTED'];

/**
 * The registration workflow of a technology contract (DOMAIN.md §8) in the same table form as a return's, applied by
 * the generic lifecycle through the contract's adapter (apps/api technology-contracts/contract-lifecycle.ts): check
 * the table, write status and version, record a transition row, append the audit entry, notify.
 *
 * DRAFT ─submit→ VALIDATING ─(validation job)→ SUBMITTED (first registration) | CHANGE_REQUESTED (a change or
 *   cancellation of a registered contract) | DRAFT (blocking or unexplained findings)
 * SUBMITTED / SENT_BACK ─city registers→ REGISTERED (登记证书编号 issued once) ─province sends back→ SENT_BACK
 * SUBMITTED / SENT_BACK / CHANGE_REQUESTED ─city returns→ RETURNED ─firm edits→ DRAFT
 * REGISTERED ─firm applies for a change (变更) or a cancellation (注销)→ DRAFT (new version, with its reason)
 * CHANGE_REQUESTED ─city registers→ REGISTERED (a change) | CANCELLED (a cancellation)
 */
export const CONTRACT_WORKFLOW_ACTIONS = [
  'submit',
  'validation-passed',
  'change-validation-passed',
  'validation-failed',
  'register',
  'register-cancellation',
  'return',
  'send-back',
  'reopen',
  'change',
  'cancel',
] as const;
export type ContractWorkflowAction = (typeof CONTRACT_WORKFLOW_ACTIONS)[number];

export interface ContractTransition {
  action: ContractWorkflowAction;
  from: readonly ContractRegistrationStatus[];
  to: ContractRegistrationStatus;
  /** Who may take it; null: the system (the validation job). */
  permission: Permission | null;
  needsReason: boolean;
  /** The transition starts a new version of the registration document (a change or a cancellation). */
  newVersion: boolean;
}

export const CONTRACT_TRANSITIONS: readonly ContractTransition[] = [
  {
    action: 'submit',
    from: ['DRAFT'],
    to: 'VALIDATING',
    permission: 'returns.submit',
    needsReason: false,
    newVersion: false,
  },
  {
    action: 'validation-passed',
    from: ['VALIDATING'],
    to: 'SUBMITTED',
    permission: null,
    needsReason: false,
    newVersion: false,
  },
  {
    action: 'change-validation-passed',
    from: ['VALIDATING'],
    to: 'CHANGE_REQUESTED',
    permission: null,
    needsReason: false,
    newVersion: false,
  },
  {
    action: 'validation-failed',
    from: ['VALIDATING'],
    to: 'DRAFT',
    permission: null,
    needsReason: false,
    newVersion: false,
  },
  {
    action: 'register',
    from: ['SUBMITTED', 'SENT_BACK', 'CHANGE_REQUESTED'],
    to: 'REGISTERED',
    permission: 'review.municipal',
    needsReason: false,
    newVersion: false,
  },
  {
    action: 'register-cancellation',
    from: ['CHANGE_REQUESTED', 'SENT_BACK'],
    to: 'CANCELLED',
    permission: 'review.municipal',
    needsReason: false,
    newVersion: false,
  },
  {
    action: 'return',
    from: ['SUBMITTED', 'SENT_BACK', 'CHANGE_REQUESTED'],
    to: 'RETURNED',
    permission: 'review.municipal',
    needsReason: true,
    newVersion: false,
  },
  {
    action: 'send-back',
    from: ['REGISTERED', 'CANCELLED'],
    to: 'SENT_BACK',
    permission: 'review.provincial',
    needsReason: true,
    newVersion: false,
  },
  {
    action: 'reopen',
    from: ['RETURNED'],
    to: 'DRAFT',
    permission: 'returns.edit',
    needsReason: false,
    newVersion: false,
  },
  {
    action: 'change',
    from: ['REGISTERED'],
    to: 'DRAFT',
    permission: 'returns.edit',
    needsReason: true,
    newVersion: true,
  },
  {
    action: 'cancel',
    from: ['REGISTERED'],
    to: 'DRAFT',
    permission: 'returns.edit',
    needsReason: true,
    newVersion: true,
  },
];

export function contractTransitionFor(action: ContractWorkflowAction): ContractTransition {
  const t = CONTRACT_TRANSITIONS.find((x) => x.action === action);
  if (!t) throw new Error(`unknown contract workflow action ${action}`);
  return t;
}

/** The state a contract action leads to from a state, or null when the action is not allowed there. */
export function nextContractStatus(
  from: ContractRegistrationStatus,
  action: ContractWorkflowAction,
): ContractRegistrationStatus | null {
  const t = contractTransitionFor(action);
  return t.from.includes(from) ? t.to : null;
}

/** States in which the firm edits its contract's current version (a RETURNED one is reopened by the edit). */
export const CONTRACT_EDITABLE_STATUSES: readonly ContractRegistrationStatus[] = ['DRAFT', 'RETURNED'];

/** States in which a contract waits for the city bureau. */
export const CONTRACT_IN_REVIEW: readonly ContractRegistrationStatus[] = ['SUBMITTED', 'SENT_BACK', 'CHANGE_REQUESTED'];
