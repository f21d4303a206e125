import type { ReturnContent, ValidationView, ReturnDetail, ReturnRow } from '@portal/shared';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import CheckCircleIcon from '@mui/icons-material/CheckCircleOutlined';
import ErrorIcon from '@mui/icons-material/ErrorOutlined';
import SyncIcon from '@mui/icons-material/Sync';
import { Alert, Box, Button, Card, CardContent, Chip, CircularProgress, Stack, Typography } from '@mui/material';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Confirm,
  HttpError,
  Link,
  Title,
  useBlocker,
  useLocaleState,
  useNotify,
  useParams,
  useTranslate,
} from 'react-admin';
import { usePortalUser } from '../../layout';
import { isForbidden, NoAccess } from '../../common/NoAccess';
import { usePortalDataProvider, type ReturnAction } from '../../providers/dataProvider';
import { BounceBanner, FirmReviewPanel, useReviewCommentMessages } from '../review';
import {
  findingsByPath,
  isEditableStatus,
  issuesByPath,
  mergeMessages,
  onDraftRows,
  type FieldMessages,
} from './content';
import { DeadlineBanner } from './DeadlineBanner';
import { useDownload } from './download';
import { ReturnSections } from './ReturnSections';
import { ReturnStatusChip } from './ReturnStatusField';
import { RevisionHistory } from './RevisionHistory';
import { useDraftAutosave, type SaveState } from './useDraftAutosave';
import { ValidationPanel } from './ValidationPanel';
import { ZeroReturnDialog } from './ZeroReturnDialog';

const POLL_MS = 1500;
/** Earlier returns read for the contract register offered in 执行情况 (two years of quarters). */
const REGISTER_RETURNS = 8;

const SAVE_COLORS: Record<SaveState, 'default' | 'success' | 'info' | 'error' | 'warning'> = {
  saved: 'success',
  pending: 'default',
  saving: 'info',
  invalid: 'warning',
  failed: 'error',
  conflict: 'error',
};

function SaveIndicator({
  state,
  incomplete,
  onReload,
}: {
  state: SaveState;
  /** Cells of the saved draft still to complete (flagged at the fields). */
  incomplete: number;
  onReload: () => void;
}) {
  const translate = useTranslate();
  const label =
    state === 'saved' && incomplete > 0
      ? translate('app.returns.save.saved_incomplete', { smart_count: incomplete })
      : translate(`app.returns.save.${state}`);
  const icon =
    state === 'saved' ? <CheckCircleIcon /> : state === 'saving' || state === 'pending' ? <SyncIcon /> : <ErrorIcon />;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} role="status" aria-live="polite">
      <Chip
        icon={icon}
        color={state === 'saved' && incomplete > 0 ? 'warning' : SAVE_COLORS[state]}
        variant="outlined"
        label={label}
      />
      {state === 'conflict' && (
        <Button size="small" onClick={onReload}>
          {translate('app.returns.reload')}
        </Button>
      )}
    </Stack>
  );
}

const errorCode = (error: unknown) =>
  error instanceof HttpError && typeof error.body === 'object' && error.body !== null
    ? (error.body as { code?: string }).code
    : undefined;

/**
 * The quarterly return of one firm and period: the form (editable while the firm's draft, read-only once submitted),
 * autosave, the firm's workflow actions, validation and the revision history.
 */
export function ReturnPage() {
  const { id = '' } = useParams<{ id: string }>();
  const dataProvider = usePortalDataProvider();
  const translate = useTranslate();
  const notify = useNotify();
  const [locale = 'zh-CN'] = useLocaleState();
  const user = usePortalUser();
  const download = useDownload();

  const [detail, setDetail] = useState<ReturnDetail | null>(null);
  const [content, setContent] = useState<ReturnContent | null>(null);
  const contentRef = useRef<ReturnContent | null>(null);
  const [saveIssues, setSaveIssues] = useState<unknown>(null);
  const [blocking, setBlocking] = useState<unknown>(null);
  const [validation, setValidation] = useState<ValidationView | null | undefined>(undefined);
  const [register, setRegister] = useState<string[]>([]);
  const [confirming, setConfirming] = useState<ReturnAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);

  const autosave = useDraftAutosave({
    id,
    onSaved: (saved) => {
      setDetail(saved);
      // The findings on screen are of the content before this save until the new check is read.
      setValidation((v) => (v ? { ...v, current: false } : v));
    },
    onIssues: setSaveIssues,
  });
  const { reset } = autosave;

  const apply = useCallback(
    (loaded: ReturnDetail) => {
      setDetail(loaded);
      // The draft as typed when some of it is incomplete (flagged), else the complete content.
      const shown = loaded.draft ?? loaded.content;
      setContent(shown);
      contentRef.current = shown;
      setSaveIssues(loaded.contentIssues);
      reset(loaded);
    },
    [reset],
  );

  const load = useCallback(async () => {
    const { data } = await dataProvider.getOne<ReturnDetail>('returns', { id });
    apply(data);
    return data;
  }, [apply, dataProvider, id]);

  useEffect(() => {
    load().catch((e: Error) => setLoadError(e));
  }, [load]);

  const refreshValidation = useCallback(async () => {
    try {
      const { data } = await dataProvider.getReturnValidation('returns', { id });
      setValidation(data);
    } catch {
      // Keep what is shown; the next save or poll asks again.
    }
  }, [dataProvider, id]);

  const version = detail?.version;
  useEffect(() => {
    if (version !== undefined) void refreshValidation();
  }, [version, refreshValidation]);

  const status = detail?.status;
  const validating = status === 'VALIDATING';
  const checking = validation?.status === 'QUEUED' || validation?.status === 'RUNNING';
  useEffect(() => {
    if (!validating && !checking) return;
    const timer = setTimeout(async () => {
      await refreshValidation();
      if (validating) {
        try {
          const { data } = await dataProvider.getOne<ReturnDetail>('returns', { id });
          if (data.status !== 'VALIDATING') {
            apply(data);
            notify(data.status === 'DRAFT' ? 'app.returns.back_to_draft' : 'app.returns.accepted', {
              type: data.status === 'DRAFT' ? 'warning' : 'success',
              messageArgs: { status: translate(`app.return_status.${data.status}`) },
            });
          }
        } catch {
          // Polled again below.
        }
      }
      setTick((t) => t + 1);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [validating, checking, tick, refreshValidation, dataProvider, id, apply, notify, translate]);

  const isFirm = user?.scopeKind === 'ENTERPRISE';
  const can = (p: 'returns.edit' | 'returns.submit') => !!user?.permissions.includes(p);
  const editable = !!detail && isFirm && can('returns.edit') && isEditableStatus(detail.status);
  const signatoryNeeded = !!detail?.makerChecker && !user?.roles.includes('ENTERPRISE_SIGNATORY');
  const canSubmit = editable && can('returns.submit') && !signatoryNeeded;

  const periodCode = detail?.periodCode;
  useEffect(() => {
    if (!editable || !periodCode) return;
    let live = true;
    (async () => {
      const { data } = await dataProvider.getList<ReturnRow>('returns', {
        pagination: { page: 1, perPage: 50 },
        sort: { field: 'periodCode', order: 'DESC' },
        filter: {},
      });
      const earlier = data.filter((r) => r.id !== id && r.periodCode < periodCode).slice(0, REGISTER_RETURNS);
      const details = await Promise.all(earlier.map((r) => dataProvider.getOne<ReturnDetail>('returns', { id: r.id })));
      if (live) setRegister([...new Set(details.flatMap((d) => d.data.content.contracts.map((c) => c.contractNo)))]);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [editable, periodCode, dataProvider, id]);

  const { change } = autosave;
  const update = useCallback(
    (edit: (c: ReturnContent) => ReturnContent) => {
      if (!contentRef.current) return;
      const next = edit(contentRef.current);
      contentRef.current = next;
      setContent(next);
      setBlocking(null);
      change(next);
    },
    [change],
  );

  // Nothing typed is lost silently: incomplete rows are saved as draft content; leaving saves what waits for the
  // pause in typing (or is being saved), and warns when the server does not have it (refused, failed, conflict);
  // closing the tab with anything unsaved asks the browser to warn.
  const unsaved = editable && autosave.state !== 'saved';
  const blocker = useBlocker(unsaved);
  const [leaving, setLeaving] = useState(false);
  const blockerRef = useRef(blocker);
  blockerRef.current = blocker;
  const { flush } = autosave;
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    let live = true;
    void flush().then((saved) => {
      if (!live) return;
      if (saved) blockerRef.current.proceed?.();
      else setLeaving(true);
    });
    return () => {
      live = false;
    };
  }, [blocker.state, flush]);
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  const draftRows = detail?.draftRows ?? null;
  const reviewComments = useReviewCommentMessages(id, !!status && isEditableStatus(status), detail?.version);
  const messages: FieldMessages = useMemo(
    () =>
      mergeMessages(
        issuesByPath(saveIssues, locale),
        onDraftRows(
          mergeMessages(
            findingsByPath(Array.isArray(blocking) ? blocking : [], locale),
            blocking ? {} : findingsByPath(validation?.findings ?? [], locale),
          ),
          draftRows,
        ),
        reviewComments,
      ),
    [saveIssues, blocking, validation, locale, reviewComments, draftRows],
  );

  const run = async (action: ReturnAction) => {
    setConfirming(null);
    setBusy(true);
    try {
      const saved = await autosave.flush();
      if (!saved && action === 'submit') {
        notify('app.returns.fix_before_submit', { type: 'warning' });
        return;
      }
      const { data } = await dataProvider.returnAction('returns', { id, action, version: autosave.version.current });
      apply(data);
      setBlocking(null);
      notify(`app.returns.done.${action}`, { type: 'info', messageArgs: { period: data.periodCode } });
    } catch (error) {
      const code = errorCode(error);
      if (code === 'VALIDATION_BLOCKING' && error instanceof HttpError) {
        setBlocking((error.body as { details?: unknown }).details ?? null);
        void refreshValidation();
      }
      if ((code === 'RETURN_CONTENT_INVALID' || code === 'RETURN_DRAFT_INCOMPLETE') && error instanceof HttpError) {
        setSaveIssues((error.body as { details?: unknown }).details ?? null);
      }
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  /**
   * 本期无业务 (ZeroReturnDialog): the draft becomes a zero return and is saved, so the checks that apply to a zero
   * return run on it as on any draft and the dialog shows them before anything is submitted. Undone there, the draft
   * gets back what it held.
   */
  const [zeroOpen, setZeroOpen] = useState(false);
  const beforeZero = useRef<ReturnContent | null>(null);
  const makeZero = async () => {
    beforeZero.current = contentRef.current;
    update((c) => ({
      ...c,
      zeroReturn: true,
      servicesTrade: [],
      contracts: [],
      executions: [],
      profile: c.profile && { ...c.profile, confirmed: true },
    }));
    return autosave.flush();
  };
  const cancelZero = (madeZero: boolean) => {
    setZeroOpen(false);
    const before = beforeZero.current;
    beforeZero.current = null;
    if (madeZero && before) update(() => before);
  };
  const submitZero = async () => {
    await run('submit');
    beforeZero.current = null;
    setZeroOpen(false);
  };

  if (loadError) return isForbidden(loadError) ? <NoAccess /> : <Alert severity="error">{loadError.message}</Alert>;
  if (!detail || !content) {
    return (
      <Box sx={{ p: 4, textAlign: 'center' }}>
        <CircularProgress />
      </Box>
    );
  }

  const hasReceipt = detail.revisions.some((r) => r.receiptNo);
  const title = translate('app.returns.title', {
    period: detail.periodCode,
    name: detail.enterpriseName ?? '',
  });

  return (
    <Box sx={{ pb: 4 }}>
      <Title title={title} />
      <Card sx={{ mt: 2, mb: 2 }}>
        <CardContent>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'center' } }}>
            <Box sx={{ flex: 1 }}>
              <Typography variant="h5" component="h1">
                {title}
              </Typography>
              <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
                <ReturnStatusChip status={detail.status} size="medium" />
                {detail.late && (
                  <Chip
                    color="error"
                    variant="outlined"
                    label={
                      detail.daysLate > 0
                        ? translate('deadlines.late_days', { smart_count: detail.daysLate })
                        : translate('app.returns.late')
                    }
                  />
                )}
                <Typography color="text.secondary">
                  {translate('app.returns.period_info', {
                    due: detail.dueDate ?? '—',
                    lock: detail.lockDate ?? '—',
                    rate: detail.cnyPerUsd,
                    revision: detail.currentRevision,
                  })}
                </Typography>
              </Stack>
            </Box>
            {editable && (
              <SaveIndicator
                state={autosave.state}
                incomplete={Array.isArray(saveIssues) ? saveIssues.length : 0}
                onReload={() => void load()}
              />
            )}
          </Stack>
          <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap' }} useFlexGap>
            <Button component={Link} to="/returns" startIcon={<ArrowBackIcon />}>
              {translate('app.returns.back')}
            </Button>
            {editable && (
              <Button variant="outlined" disabled={busy} onClick={() => setConfirming('copy-previous')}>
                {translate('app.returns.copy_previous')}
              </Button>
            )}
            {canSubmit && !content.zeroReturn && (
              <Button variant="outlined" disabled={busy} onClick={() => setZeroOpen(true)}>
                {translate('app.returns.zero')}
              </Button>
            )}
            {canSubmit && (
              <Button variant="contained" disabled={busy} onClick={() => setConfirming('submit')}>
                {translate('app.returns.submit')}
              </Button>
            )}
            {hasReceipt && (
              <Button onClick={() => void download(`/api/returns/${detail.id}/receipt`)}>
                {translate('app.returns.receipt')}
              </Button>
            )}
            <Button onClick={() => void download(`/api/returns/${detail.id}/template`)}>
              {translate('app.returns.template')}
            </Button>
          </Stack>
          {editable && signatoryNeeded && (
            <Alert severity="info" sx={{ mt: 2 }}>
              {translate('app.returns.signatory_needed')}
            </Alert>
          )}
          {!isEditableStatus(detail.status) && (
            <Alert severity="info" sx={{ mt: 2 }}>
              {translate('app.returns.read_only', { status: translate(`app.return_status.${detail.status}`) })}
            </Alert>
          )}
          {content.zeroReturn && (
            <Alert
              severity="info"
              sx={{ mt: 2 }}
              action={
                editable && (
                  <Button color="inherit" size="small" onClick={() => update((c) => ({ ...c, zeroReturn: false }))}>
                    {translate('cycle.zero.undo')}
                  </Button>
                )
              }
            >
              {translate('app.returns.zero_return')}
              {editable && ` ${translate('cycle.zero.then_submit')}`}
            </Alert>
          )}
          <BounceBanner returnId={detail.id} status={detail.status} reloadKey={detail.currentRevision} />
          <DeadlineBanner detail={detail} />
        </CardContent>
      </Card>

      <ReturnSections
        content={content}
        update={update}
        messages={messages}
        readOnly={!editable}
        periodCode={detail.periodCode}
        cnyPerUsd={detail.cnyPerUsd}
        register={register}
      />

      <Card sx={{ mt: 2 }}>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {translate('app.returns.validation.title')}
          </Typography>
          <ValidationPanel
            returnId={detail.id}
            view={validation}
            canExplain={editable}
            content={content}
            onChanged={() => void refreshValidation()}
          />
        </CardContent>
      </Card>

      <FirmReviewPanel
        returnId={detail.id}
        status={detail.status}
        version={detail.version}
        onChanged={() => void load()}
      />

      <Card sx={{ mt: 2 }}>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {translate('app.returns.revisions.title')}
          </Typography>
          <RevisionHistory detail={detail} />
        </CardContent>
      </Card>

      <Confirm
        isOpen={leaving}
        title="cycle.unsaved_title"
        content="cycle.unsaved"
        confirm="cycle.leave"
        cancel="cycle.stay"
        onConfirm={() => {
          setLeaving(false);
          blocker.proceed?.();
        }}
        onClose={() => {
          setLeaving(false);
          blocker.reset?.();
        }}
      />
      <Confirm
        isOpen={confirming !== null}
        loading={busy}
        title={`app.returns.confirm.${confirming ?? 'submit'}_title`}
        content={`app.returns.confirm.${confirming ?? 'submit'}`}
        translateOptions={{ period: detail.periodCode }}
        onConfirm={() => {
          if (confirming) void run(confirming);
        }}
        onClose={() => setConfirming(null)}
      />
      <ZeroReturnDialog
        open={zeroOpen}
        returnId={detail.id}
        period={detail.periodCode}
        view={validation}
        content={content}
        busy={busy}
        onCheck={makeZero}
        onRefresh={refreshValidation}
        onCancel={cancelZero}
        onSubmit={submitZero}
      />
    </Box>
  );
}
