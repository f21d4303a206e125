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
 * firm's previous approved figures| as a share of the provincial total of the period's approved data with that
 * change included — between 0 and 1, and 1 for the first figures of an empty province. Reviewers look at
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
