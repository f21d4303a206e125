import type {
  BulkApproveResult,
  CommentInput,
  DiffResponse,
  OverdueReport,
  RemindersResult,
  ReviewCommentView,
  RuleImpactPreview,
  RuleOverrideInput,
  TransitionView,
  ReturnDetail,
} from '@portal/shared';
import type { RuleCatalogue, RuleCatalogueEntry } from '@portal/rules';
import { fetchData, type HttpClient } from '../../providers/httpClient';

export type { OverdueFirm, OverdueReport, OverdueUnit, RemindersResult } from '@portal/shared';

export type { RuleCatalogue, RuleCatalogueEntry } from '@portal/rules';

/** The reviewer's workflow actions on one return (POST /api/returns/:id/<action>). */
export type ReviewAction = 'approve' | 'return' | 'send-back' | 'correction-request';

export interface ReviewActionParams {
  id: string;
  action: ReviewAction;
  version: number;
  reason?: string;
  note?: string;
  comments?: CommentInput[];
}

/**
 * The review, notification and rule catalogue calls outside the list contract. They are merged into the portal's
 * data provider, so like every data provider method they take the resource first.
 */
export interface ReviewMethods {
  reviewAction(resource: 'returns', params: ReviewActionParams): Promise<{ data: ReturnDetail }>;
  getTransitions(resource: 'returns', params: { id: string }): Promise<{ data: TransitionView[] }>;
  getReviewComments(resource: 'returns', params: { id: string }): Promise<{ data: ReviewCommentView[] }>;
  respondToComment(
    resource: 'returns',
    params: { id: string; commentId: string; accept: boolean; reason?: string },
  ): Promise<{ data: ReviewCommentView }>;
  getReturnDiff(
    resource: 'returns',
    params: { id: string; from?: number; to?: number },
  ): Promise<{ data: DiffResponse }>;
  bulkApprove(
    resource: 'review/inbox',
    params: { ids: string[]; versions?: Record<string, number> },
  ): Promise<{ data: BulkApproveResult }>;
  getOverdue(resource: 'review/inbox', params: { periodCode: string }): Promise<{ data: OverdueReport }>;
  sendReminders(
    resource: 'review/inbox',
    params: { periodCode: string; enterpriseIds?: string[] },
  ): Promise<{ data: RemindersResult }>;
  markNotificationRead(resource: 'notifications', params: { id: string }): Promise<{ data: unknown }>;
  getRuleCatalogue(resource: 'rules', params: { period?: string }): Promise<{ data: RuleCatalogue }>;
  overrideRule(resource: 'rules', params: { id: string } & RuleOverrideInput): Promise<{ data: RuleCatalogueEntry }>;
  previewRule(resource: 'rules', params: { id: string } & RuleOverrideInput): Promise<{ data: RuleImpactPreview }>;
}

const post = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

export function reviewMethods(httpClient: HttpClient): ReviewMethods {
  const returnUrl = (id: string, path: string) => `/api/returns/${encodeURIComponent(id)}${path}`;
  const json = <T>(url: string, options?: RequestInit) => fetchData<T>(httpClient, url, options);
  return {
    reviewAction: (_r, { id, action, ...body }) => json<ReturnDetail>(returnUrl(id, `/${action}`), post(body)),
    getTransitions: (_r, { id }) => json<TransitionView[]>(returnUrl(id, '/transitions')),
    getReviewComments: (_r, { id }) => json<ReviewCommentView[]>(returnUrl(id, '/comments')),
    respondToComment: (_r, { id, commentId, ...body }) =>
      json<ReviewCommentView>(returnUrl(id, `/comments/${encodeURIComponent(commentId)}/respond`), post(body)),
    getReturnDiff: (_r, { id, from, to }) => {
      const query = new URLSearchParams();
      if (from !== undefined) query.set('from', String(from));
      if (to !== undefined) query.set('to', String(to));
      const qs = query.toString();
      return json<DiffResponse>(returnUrl(id, `/diff${qs ? `?${qs}` : ''}`));
    },
    bulkApprove: (_r, body) => json<BulkApproveResult>('/api/review/bulk-approve', post(body)),
    getOverdue: (_r, { periodCode }) =>
      json<OverdueReport>(`/api/review/overdue?periodCode=${encodeURIComponent(periodCode)}`),
    sendReminders: (_r, body) => json<RemindersResult>('/api/review/reminders', post(body)),
    markNotificationRead: (_r, { id }) => json(`/api/notifications/${encodeURIComponent(id)}/read`, post({})),
    getRuleCatalogue: (_r, { period }) =>
      json<RuleCatalogue>(`/api/rules${period ? `?period=${encodeURIComponent(period)}` : ''}`),
    overrideRule: (_r, { id, ...body }) =>
      json<RuleCatalogueEntry>(`/api/rules/${encodeURIComponent(id)}/override`, {
        method: 'PUT',
        body: JSON.stringify(body),
      }),
    previewRule: (_r, { id, ...body }) =>
      json<RuleImpactPreview>(`/api/rules/${encodeURIComponent(id)}/preview`, post(body)),
  };
}
