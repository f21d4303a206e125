import type { ReviewCommentView } from '@portal/shared';
import type { FieldMessages } from '../returns/content';
import { formatCellValue, languageOf } from '../validation/cellLabels';

/** Comments of the latest round of review (the last revision that got comments): the ones the firm works on now. */
export function latestRound(comments: readonly ReviewCommentView[]): ReviewCommentView[] {
  const last = Math.max(0, ...comments.map((c) => c.revision));
  return comments.filter((c) => c.revision === last);
}

export const hasProposal = (c: ReviewCommentView) => c.proposedValue !== undefined;

/**
 * The reviewer's comments of the latest round as messages next to the fields they are pinned to on the firm's form
 * (`servicesTrade[1].amount`, or a whole line `contracts[0]`), with the proposed value if any.
 */
export function commentsByPath(comments: readonly ReviewCommentView[], locale: string): FieldMessages {
  const zh = languageOf(locale) === 'zh';
  const out: FieldMessages = {};
  for (const c of latestRound(comments)) {
    const value = hasProposal(c) ? formatCellValue(c.proposedValue, zh ? 'zh' : 'en') : null;
    const message = zh
      ? `审核意见（${c.authorUsername}）：${c.text}${value === null ? '' : `；建议值：${value}`}`
      : `Reviewer (${c.authorUsername}): ${c.text}${value === null ? '' : `; proposed value: ${value}`}`;
    (out[c.path] ??= []).push({ message, severity: 'warning' });
  }
  return out;
}

/**
 * A typed proposed value as the JSON value the cell holds: a number for numeric cells, true/false for flags, the
 * text otherwise; empty text proposes nothing.
 */
export function parseProposedValue(text: string, current: unknown): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (typeof current === 'number') {
    const n = Number(trimmed.replace(/,/g, ''));
    return Number.isFinite(n) ? n : trimmed;
  }
  if (typeof current === 'boolean') return ['true', '是', 'yes', '1'].includes(trimmed.toLowerCase());
  return trimmed;
}
