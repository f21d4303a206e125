import type { CellDiff } from './diff';
import { toUsd, type ReturnContent, type ReturnStatus } from './returns';
import type { Role } from './roles';
import type { WorkflowAction } from './workflow';

/** The two figures of a return that feed the headline provincial totals, in USD. */
export interface HeadlineTotals {
  offshoreExecution: number;
  servicesExports: number;
}

/**
 * Offshore execution and services exports of a return's content. Whether an executed contract is offshore comes
 * from the return's own contracts or, for contracts signed in earlier quarters, from `offshoreContracts`.
 */
export function headlineTotals(
  content: ReturnContent,
  cnyPerUsd: number,
  offshoreContracts: ReadonlySet<string>,
): HeadlineTotals {
  const offshore = new Set([
    ...offshoreContracts,
    ...content.contracts.filter((c) => c.offshore).map((c) => c.contractNo),
  ]);
  const usd = (l: { amount: number; currency: 'USD' | 'CNY' }) => toUsd(l.amount, l.currency, cnyPerUsd);
  return {
    offshoreExecution: content.executions.filter((e) => offshore.has(e.contractNo)).reduce((s, e) => s + usd(e), 0),
    servicesExports: content.servicesTrade.filter((l) => l.direction === 'EXPORT').reduce((s, l) => s + usd(l), 0),
  };
}

/**
 * A return's weight in the provincial totals it feeds: |Δ (offshore execution + services exports) against the
 * firm's previous approved figures| as a share of the provincial total (the period's approved data, or the
 * previous quarter's while that is larger: `materialityBase` in the API) with that change included — between 0
 * and 1, and 1 for the first figures of a province with nothing approved. Reviewers look at
 * material returns first; bulk approval only takes immaterial ones.
 */
export function materiality(
  current: HeadlineTotals,
  previousApproved: HeadlineTotals | null,
  provincialTotal: number,
): number {
  const sum = (t: HeadlineTotals | null) => (t ? t.offshoreExecution + t.servicesExports : 0);
  const change = Math.abs(sum(current) - sum(previousApproved));
  return change === 0 ? 0 : change / (Math.abs(provincialTotal) + change);
}

/** The two review levels (二级审核): the city's commerce bureau, then the province's. */
export type ReviewLevel = 'MUNICIPAL' | 'PROVINCIAL';

/** States in which a return waits for a reviewer, by level. */
export const IN_REVIEW: Record<ReviewLevel, readonly ReturnStatus[]> = {
  MUNICIPAL: ['SUBMITTED', 'SENT_BACK'],
  PROVINCIAL: ['MUNICIPAL_APPROVED'],
};

/** One recorded state change of a return (GET /api/returns/:id/transitions). */
export interface TransitionView {
  id: string;
  returnId: string;
  revision: number;
  action: WorkflowAction;
  fromStatus: ReturnStatus;
  toStatus: ReturnStatus;
  actorId: string | null;
  actorUsername: string | null;
  reason: string | null;
  at: string;
}

export type CommentResponse = 'ACCEPTED' | 'REJECTED';

/** A reviewer's comment pinned to a cell; with a proposed value it is a proposed correction the firm answers. */
export interface ReviewCommentView {
  id: string;
  returnId: string;
  revision: number;
  path: string;
  text: string;
  proposedValue: unknown;
  authorRole: Role;
  authorUsername: string;
  createdAt: string;
  response: CommentResponse | null;
  responseReason: string | null;
  respondedBy: string | null;
  respondedAt: string | null;
}

export interface CommentInput {
  path: string;
  text: string;
  proposedValue?: unknown;
}

export interface DiffResponse {
  from: number;
  to: number;
  changes: CellDiff[];
}

/** A row of the review inbox (GET /api/review/inbox). */
export interface InboxRow {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  uscc: string;
  reviewUnitCode: string;
  reviewUnitName: string | null;
  periodCode: string;
  status: ReturnStatus;
  level: ReviewLevel;
  version: number;
  currentRevision: number;
  submittedAt: string | null;
  dueDate: string;
  /** Since the return reached the reviewer's level. */
  inReviewSince: string | null;
  ageDays: number;
  late: boolean;
  overSla: boolean;
  openFindings: number;
  explainedFindings: number;
  materiality: number | null;
}

/** A return bulk approval left alone: `reason` is an error code (OPEN_FINDINGS, MATERIAL, NOT_IN_REVIEW, CONFLICT, …). */
export interface BulkApproveRefusal {
  id: string;
  reason: string;
  message_zh: string;
  message_en: string;
}

export interface BulkApproveResult {
  approved: string[];
  heldBack: string[];
  refused: BulkApproveRefusal[];
}

/**
 * Kinds of in-app notifications: deadline reminders and overdue-review escalations (jobs), and what the return
 * lifecycle tells whoever must act next or be told — the firm when its return is returned, approved or fails its
 * checks; the city when the province sends a return back; a level when a return arrives for its review; and
 * DEADLINE for extensions, exemptions and extension requests.
 */
export const NOTIFICATION_KINDS = [
  'REMINDER',
  'ESCALATION',
  'RETURNED',
  'APPROVED',
  'VALIDATION_FAILED',
  'SENT_BACK',
  'REVIEW_DUE',
  // An extension or exemption granted or revoked, an extension request and its answer.
  'DEADLINE',
  // A technology contract registered or cancelled by the city.
  'REGISTERED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A firm that owes a period and has not filed, or filed late (GET /api/review/overdue → units[]). */
export interface OverdueFirm {
  enterpriseId: string;
  nameZh: string;
  uscc: string;
  returnId: string | null;
  /** The return's status, or NONE when the firm has not opened one. */
  returnStatus: ReturnStatus | 'NONE';
  submittedAt: string | null;
  late: boolean;
  daysOverdue: number;
  /** A live extension's end, when the firm holds one. */
  extensionUntil: string | null;
  /** The last reminder (催报) for the period, and how many were sent. */
  lastRemindedAt: string | null;
  reminders: number;
}

/** One review unit's firms that owe the period. */
export interface OverdueUnit {
  reviewUnitCode: string;
  reviewUnitName: string | null;
  owing: number;
  filed: number;
  notFiled: OverdueFirm[];
  late: OverdueFirm[];
}

/** GET /api/review/overdue: the 催报 list of a period, per review unit of the caller's territory. */
export interface OverdueReport {
  periodCode: string;
  dueDate: string;
  lockDate: string;
  pastDue: boolean;
  /** Hours before a firm can be reminded again (REMINDER_INTERVAL_HOURS). */
  intervalHours: number;
  units: OverdueUnit[];
}

/** A firm reminded: how many of its accounts were told, and how many of them by mail. */
export interface ReminderSent {
  enterpriseId: string;
  nameZh: string;
  users: number;
  mailTo: number;
}

/** A firm not reminded: it does not owe the period, or was reminded less than the interval ago. */
export interface ReminderSkipped {
  enterpriseId: string;
  nameZh?: string;
  reason: 'NOT_OWING' | 'RECENTLY_REMINDED';
  lastRemindedAt?: string;
  nextAllowedAt?: string;
}

/** POST /api/review/reminders. */
export interface RemindersResult {
  periodCode: string;
  notified: ReminderSent[];
  skipped: ReminderSkipped[];
  intervalHours: number;
}

/** A reminder sent (GET /api/review/reminders), newest first. */
export interface ReminderRecord {
  id: number;
  periodCode: string;
  enterpriseId: string;
  nameZh: string | null;
  uscc: string | null;
  sentBy: string;
  sentByUsername: string;
  /** Accounts of the firm that were told. */
  users: number;
  sentAt: string;
}

/** An in-app notification as GET /api/notifications lists it (the caller's own). */
export interface NotificationView {
  id: string;
  userId: string;
  kind: NotificationKind;
  titleZh: string;
  titleEn: string;
  body: string;
  /** Where it leads in the web app (a return, a contract, the period). */
  link: string | null;
  /** Keyed notifications a user already has are not written twice. */
  dedupeKey: string | null;
  readAt: string | null;
  mailedAt: string | null;
  createdAt: string;
}
