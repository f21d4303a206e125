import type { ReturnContent, ReviewCommentView } from '@portal/shared';
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { HttpError, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { BeijingTime } from '../../common/DateTimeField';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { cellPathLabel, formatCellValue, languageOf } from '../validation/cellLabels';
import { hasProposal } from './comments';

/** The comments of a return, oldest first; reloaded when `reloadKey` changes. */
export function useReviewComments(returnId: string, reloadKey?: unknown) {
  const dataProvider = usePortalDataProvider();
  const [comments, setComments] = useState<ReviewCommentView[]>([]);
  const reload = useCallback(async () => {
    const { data } = await dataProvider.getReviewComments('returns', { id: returnId });
    setComments(data);
  }, [dataProvider, returnId]);
  useEffect(() => {
    reload().catch(() => setComments([]));
  }, [reload, reloadKey]);
  return { comments, reload };
}

interface Props {
  returnId: string;
  /** The firm answers proposed corrections (its own return, not locked); reviewers read. */
  canRespond?: boolean;
  content?: ReturnContent;
  reloadKey?: unknown;
  /** After an answer: accepting a proposal changed the firm's draft, so the page reloads it. */
  onResponded?: () => void;
}

/**
 * 审核意见: the reviewers' comments pinned to cells, newest round first, with the proposed value if any. The firm
 * accepts a proposal (the API writes it into its draft as its own edit) or rejects it with a reason.
 */
export function ReviewComments({ returnId, canRespond = false, content, reloadKey, onResponded }: Props) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  const { comments, reload } = useReviewComments(returnId, reloadKey);
  const [rejecting, setRejecting] = useState<ReviewCommentView | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const respond = async (c: ReviewCommentView, accept: boolean, why?: string) => {
    setBusy(true);
    try {
      await dataProvider.respondToComment('returns', { id: returnId, commentId: c.id, accept, reason: why });
      notify(accept ? 'review.comments.accepted_done' : 'review.comments.rejected_done', { type: 'success' });
      setRejecting(null);
      setReason('');
      await reload();
      onResponded?.();
    } catch (error) {
      notify(error instanceof HttpError ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  if (!comments.length) return <Typography color="text.secondary">{translate('review.comments.none')}</Typography>;
  const rows = [...comments].reverse();
  return (
    <>
      <Table size="small" aria-label={translate('review.comments.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('review.comments.where')}</TableCell>
            <TableCell>{translate('review.comments.text')}</TableCell>
            <TableCell>{translate('review.comments.proposed')}</TableCell>
            <TableCell>{translate('review.comments.author')}</TableCell>
            <TableCell>{translate('review.comments.answer')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((c) => (
            <TableRow key={c.id} data-comment-path={c.path}>
              <TableCell>
                {cellPathLabel(c.path, language, content)}
                <Typography variant="caption" component="div" color="text.secondary">
                  {translate('review.comments.revision', { revision: c.revision })}
                </Typography>
              </TableCell>
              <TableCell>{c.text}</TableCell>
              <TableCell>
                {hasProposal(c) ? formatCellValue(c.proposedValue, language, c.path.split('.').pop()) : '—'}
              </TableCell>
              <TableCell>
                {translate(`app.roles.${c.authorRole}`)} {c.authorUsername}
                <Typography variant="caption" component="div" color="text.secondary">
                  <BeijingTime value={c.createdAt} />
                </Typography>
              </TableCell>
              <TableCell>
                {c.response ? (
                  <Stack spacing={0.5}>
                    <Chip
                      size="small"
                      color={c.response === 'ACCEPTED' ? 'success' : 'default'}
                      label={translate(`review.comments.responses.${c.response}`)}
                    />
                    {c.responseReason && <Typography variant="body2">{c.responseReason}</Typography>}
                  </Stack>
                ) : canRespond && hasProposal(c) ? (
                  <Stack direction="row" spacing={1}>
                    <Button size="small" variant="contained" disabled={busy} onClick={() => void respond(c, true)}>
                      {translate('review.comments.accept')}
                    </Button>
                    <Button size="small" disabled={busy} onClick={() => setRejecting(c)}>
                      {translate('review.comments.reject')}
                    </Button>
                  </Stack>
                ) : (
                  '—'
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {rejecting && (
        <Dialog open onClose={() => setRejecting(null)} fullWidth maxWidth="sm">
          <DialogTitle>{translate('review.comments.reject_title')}</DialogTitle>
          <DialogContent>
            <Alert severity="info" sx={{ mb: 2 }}>
              {cellPathLabel(rejecting.path, language, content)}：{rejecting.text}
            </Alert>
            <TextField
              autoFocus
              fullWidth
              multiline
              minRows={2}
              label={translate('review.comments.reject_reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setRejecting(null)}>{translate('ra.action.cancel')}</Button>
            <Button
              variant="contained"
              disabled={busy || !reason.trim()}
              onClick={() => void respond(rejecting, false, reason.trim())}
            >
              {translate('review.comments.reject')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}
