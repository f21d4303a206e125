import {
  IN_REVIEW,
  type CommentInput,
  type DiffResponse,
  type ReviewCommentView,
  type ReturnDetail,
} from '@portal/shared';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  IconButton,
  List,
  ListItem,
  ListItemText,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { HttpError, Link, Title, useLocaleState, useNotify, useParams, useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { isForbidden, NoAccess } from '../../common/NoAccess';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { DeadlineBanner } from '../returns/DeadlineBanner';
import { ReturnStatusChip } from '../returns/ReturnStatusField';
import { cellPathLabel, formatCellValue, languageOf } from '../validation/cellLabels';
import { findingsByCell, ReturnFindings, useReturnValidation } from '../validation/ReturnFindings';
import { diffMap } from './diffMap';
import { formatReviewValue } from './priorPeriods';
import { PinCommentDialog } from './PinCommentDialog';
import { ReviewActionDialog, type ReviewerAction } from './ReviewActionDialog';
import { ReviewComments, useReviewComments } from './ReviewComments';
import { ReviewContent, type PickedCell } from './ReviewContent';
import { TransitionHistory } from './TransitionHistory';
import { usePriorPeriods, useReviewCodeNames } from './usePriorPeriods';

const errorCode = (error: unknown) =>
  error instanceof HttpError && typeof error.body === 'object' && error.body !== null
    ? (error.body as { code?: string }).code
    : undefined;

/**
 * 审核: one return as a reviewer checks it. The content by section (changed cells since the returned revision
 * highlighted, findings and earlier comments at their cells), comments pinned to cells, the workflow actions of
 * the reviewer's level guarded by the return's version, the findings and the transition history.
 */
export function ReviewPage() {
  const { id = '' } = useParams<{ id: string }>();
  const translate = useTranslate();
  const notify = useNotify();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  const dataProvider = usePortalDataProvider();
  const user = usePortalUser();

  const [detail, setDetail] = useState<ReturnDetail | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [diff, setDiff] = useState<DiffResponse | null>(null);
  const [tick, setTick] = useState(0);
  const [pending, setPending] = useState<CommentInput[]>([]);
  const [picked, setPicked] = useState<PickedCell | null>(null);
  const [acting, setActing] = useState<ReviewerAction | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const { view } = useReturnValidation(id, tick);
  const { comments } = useReviewComments(id, tick);
  const names = useReviewCodeNames(detail?.periodCode);
  const prior = usePriorPeriods(detail);

  const load = useCallback(async () => {
    const { data } = await dataProvider.getOne<ReturnDetail>('returns', { id });
    setDetail(data);
    setConflict(null);
    // A first revision has nothing to compare with.
    if (data.currentRevision > 1) {
      const { data: d } = await dataProvider.getReturnDiff('returns', { id });
      setDiff(d);
    } else setDiff(null);
  }, [dataProvider, id]);

  useEffect(() => {
    load().catch((e: Error) => setLoadError(e));
  }, [load, tick]);

  const map = useMemo(() => (diff ? diffMap(diff.changes) : null), [diff]);
  const findings = useMemo(() => findingsByCell(view?.findings ?? []), [view]);
  const earlier = useMemo(() => {
    const out = new Map<string, ReviewCommentView[]>();
    for (const c of comments) out.set(c.path, [...(out.get(c.path) ?? []), c]);
    return out;
  }, [comments]);

  if (loadError) return isForbidden(loadError) ? <NoAccess /> : <Alert severity="error">{loadError.message}</Alert>;
  if (!detail) {
    return (
      <Box sx={{ p: 4, textAlign: 'center' }}>
        <CircularProgress />
      </Box>
    );
  }

  const can = (p: 'review.municipal' | 'review.provincial') => !!user?.permissions.includes(p);
  const municipal = can('review.municipal') && IN_REVIEW.MUNICIPAL.includes(detail.status);
  const provincial = can('review.provincial') && IN_REVIEW.PROVINCIAL.includes(detail.status);
  const canReview = municipal || provincial;

  const act = async (action: ReviewerAction, text: string) => {
    try {
      const { data } = await dataProvider.reviewAction('returns', {
        id,
        action,
        version: detail.version,
        ...(action === 'approve' ? { note: text || undefined } : { reason: text }),
        ...(action === 'return' && pending.length ? { comments: pending } : {}),
      });
      setActing(null);
      setPending([]);
      notify(`review.screen.done.${action}`, {
        type: 'success',
        messageArgs: { status: translate(`app.return_status.${data.status}`) },
      });
      setTick((t) => t + 1);
    } catch (error) {
      setActing(null);
      if (errorCode(error) === 'CONFLICT' && error instanceof HttpError) setConflict(error.message);
      else notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    }
  };

  const title = translate('review.screen.title', { period: detail.periodCode, name: detail.enterpriseName ?? '' });
  const scrollTo = (path: string) =>
    document
      .querySelector(`[data-path="${CSS.escape(path)}"]`)
      ?.scrollIntoView({ behavior: 'smooth', block: 'center' });

  return (
    <Box sx={{ pb: 4 }}>
      <Title title={title} />
      <Card sx={{ mt: 2, mb: 2 }}>
        <CardContent>
          <Typography variant="h5" component="h1">
            {title}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
            <ReturnStatusChip status={detail.status} size="medium" />
            {detail.late && <Chip color="error" variant="outlined" label={translate('review.inbox.late')} />}
            <Typography color="text.secondary">
              {translate('review.screen.info', {
                uscc: detail.uscc ?? '—',
                revision: detail.currentRevision,
                due: detail.dueDate ?? '—',
              })}
            </Typography>
          </Stack>
          <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap' }} useFlexGap>
            <Button component={Link} to="/review/inbox" startIcon={<ArrowBackIcon />}>
              {translate('review.screen.back')}
            </Button>
            {canReview && (
              <>
                <Button variant="contained" color="success" onClick={() => setActing('approve')}>
                  {translate(provincial ? 'cycle.final.button' : 'review.screen.approve')}
                </Button>
                <Button variant="contained" color="warning" onClick={() => setActing('return')}>
                  {translate('review.screen.return')}
                  {pending.length > 0 && ` (${pending.length})`}
                </Button>
              </>
            )}
            {provincial && (
              <Button variant="outlined" color="warning" onClick={() => setActing('send-back')}>
                {translate('review.screen.send_back')}
              </Button>
            )}
            <Button component={Link} to={`/returns/${detail.id}/show`}>
              {translate('review.screen.open_form')}
            </Button>
          </Stack>
          {conflict && (
            <Alert
              severity="error"
              sx={{ mt: 2 }}
              role="alert"
              action={
                <Button color="inherit" size="small" onClick={() => setTick((t) => t + 1)}>
                  {translate('review.screen.reload')}
                </Button>
              }
            >
              {conflict}
            </Alert>
          )}
          {canReview ? (
            <Alert severity="info" sx={{ mt: 2 }}>
              {translate('review.screen.pin_intro')}
            </Alert>
          ) : (
            <Alert severity="info" sx={{ mt: 2 }}>
              {translate('review.screen.not_yours', { status: translate(`app.return_status.${detail.status}`) })}
            </Alert>
          )}
          <DeadlineBanner detail={detail} />
        </CardContent>
      </Card>

      {diff && (
        <Card sx={{ mb: 2 }} component="section" aria-labelledby="diff-title">
          <CardContent>
            <Typography id="diff-title" variant="h6" component="h2" gutterBottom>
              {translate('review.diff.title', { from: diff.from, to: diff.to })}
            </Typography>
            {diff.changes.length === 0 ? (
              <Typography color="text.secondary">{translate('review.diff.none')}</Typography>
            ) : (
              <Table size="small" aria-label={translate('review.diff.table')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('review.diff.where')}</TableCell>
                    <TableCell>{translate('review.diff.kind')}</TableCell>
                    <TableCell>{translate('review.diff.before')}</TableCell>
                    <TableCell>{translate('review.diff.after')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {diff.changes.map((c) => {
                    const field = c.path.split('.').pop();
                    const whole = c.kind !== 'changed';
                    return (
                      <TableRow
                        key={`${c.kind}:${c.path}`}
                        hover
                        onClick={() => scrollTo(c.kind === 'removed' ? c.section : c.path)}
                      >
                        <TableCell>{cellPathLabel(c.path, language, detail.content)}</TableCell>
                        <TableCell>{translate(`review.diff.kinds.${c.kind}`)}</TableCell>
                        <TableCell>
                          {whole
                            ? c.before
                              ? (c.key ?? '✓')
                              : '—'
                            : formatReviewValue(c.before, language, field, names)}
                        </TableCell>
                        <TableCell>
                          {whole
                            ? c.after
                              ? (c.key ?? '✓')
                              : '—'
                            : formatReviewValue(c.after, language, field, names)}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      )}

      {pending.length > 0 && (
        <Card sx={{ mb: 2 }} component="section" aria-labelledby="pending-title">
          <CardContent>
            <Typography id="pending-title" variant="h6" component="h2">
              {translate('review.screen.pending_title', { smart_count: pending.length })}
            </Typography>
            <List dense>
              {pending.map((c) => (
                <ListItem
                  key={c.path}
                  secondaryAction={
                    <IconButton
                      edge="end"
                      aria-label={translate('review.screen.unpin')}
                      onClick={() => setPending((all) => all.filter((x) => x.path !== c.path))}
                    >
                      <DeleteIcon />
                    </IconButton>
                  }
                >
                  <ListItemText
                    primary={`${cellPathLabel(c.path, language, detail.content)}：${c.text}`}
                    secondary={
                      c.proposedValue !== undefined
                        ? translate('review.screen.proposed', { value: formatCellValue(c.proposedValue, language) })
                        : undefined
                    }
                  />
                </ListItem>
              ))}
            </List>
          </CardContent>
        </Card>
      )}

      <ReviewContent
        content={detail.content}
        diff={map}
        findings={findings}
        comments={earlier}
        pending={pending}
        onPick={canReview ? setPicked : undefined}
        names={names}
        prior={prior}
      />
      {prior && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {translate('cycle.prior.hint', { year: prior.year.periodCode, quarter: prior.quarter.periodCode })}
        </Typography>
      )}

      <Card sx={{ mt: 2 }} component="section" aria-labelledby="findings-title">
        <CardContent>
          <Typography id="findings-title" variant="h6" component="h2" gutterBottom>
            {translate('review.findings.title')}
          </Typography>
          <ReturnFindings returnId={id} content={detail.content} reloadKey={tick} onCellClick={scrollTo} />
        </CardContent>
      </Card>

      <Card sx={{ mt: 2 }} component="section" aria-labelledby="comments-title">
        <CardContent>
          <Typography id="comments-title" variant="h6" component="h2" gutterBottom>
            {translate('review.comments.title')}
          </Typography>
          <ReviewComments returnId={id} content={detail.content} reloadKey={tick} />
        </CardContent>
      </Card>

      <Card sx={{ mt: 2 }} component="section" aria-labelledby="history-title">
        <CardContent>
          <Typography id="history-title" variant="h6" component="h2" gutterBottom>
            {translate('review.history.title')}
          </Typography>
          <TransitionHistory returnId={id} reloadKey={tick} />
        </CardContent>
      </Card>

      {picked && (
        <PinCommentDialog
          cell={picked}
          existing={pending.find((c) => c.path === picked.path)}
          onClose={() => setPicked(null)}
          onPin={(comment) => {
            setPending((all) => [...all.filter((c) => c.path !== comment.path), comment]);
            setPicked(null);
          }}
        />
      )}
      {acting && (
        <ReviewActionDialog
          action={acting}
          pending={pending.length}
          final={provincial}
          onClose={() => setActing(null)}
          onConfirm={(text) => act(acting, text)}
        />
      )}
    </Box>
  );
}
