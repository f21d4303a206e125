import { useMemo } from 'react';
import { useLocaleState } from 'react-admin';
import type { FieldMessages } from '../returns/content';
import { commentsByPath } from './comments';
import { useReviewComments } from './ReviewComments';

/**
 * The latest round of reviewer comments as messages next to the fields of the firm's form, while the firm works on
 * them (`active`: the return is back with the firm); reloaded when `reloadKey` (the return's version) changes.
 */
export function useReviewCommentMessages(returnId: string, active: boolean, reloadKey?: unknown): FieldMessages {
  const [locale = 'zh-CN'] = useLocaleState();
  const { comments } = useReviewComments(returnId, reloadKey);
  return useMemo(() => (active ? commentsByPath(comments, locale) : {}), [active, comments, locale]);
}
