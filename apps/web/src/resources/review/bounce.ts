import type { ReturnStatus, TransitionView } from '@portal/shared';

/** The transitions that send a return back to the firm: a reviewer's return, or the checks bouncing a submission. */
const BOUNCES: readonly TransitionView['action'][] = ['municipal-return', 'provincial-return', 'validation-failed'];

/**
 * Why the return is back with the firm, while it still is: the latest transition that sent it back, looking past
 * the firm reopening it (its first save after a return), or null once it is submitted again or was never bounced.
 */
export function lastBounce(transitions: readonly TransitionView[], status: ReturnStatus): TransitionView | null {
  if (status !== 'RETURNED' && status !== 'DRAFT') return null;
  const latestFirst = [...transitions].sort((a, b) => b.at.localeCompare(a.at));
  const decisive = latestFirst.find((t) => t.action !== 'reopen');
  return decisive && BOUNCES.includes(decisive.action) ? decisive : null;
}
