import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import ReplayIcon from '@mui/icons-material/Replay';
import {
  Alert,
  Box,
  Button,
  Chip,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useGetOne, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { beijingTime } from '../../common/beijingTime';
import type { ImportJob, ImportJobDetail, ImportPreviewReturn } from '@portal/shared';
import { errorMessage, isFinished, orderedCounts } from './imports';

const POLL_MS = 1000;

const STATUS_COLORS = {
  QUEUED: 'default',
  RUNNING: 'info',
  SUCCEEDED: 'success',
  FAILED: 'error',
  PREVIEWED: 'warning',
  DISCARDED: 'default',
  EXPIRED: 'default',
} as const;

const ACTION_COLORS = {
  CREATE: 'success',
  UPDATE: 'info',
  UNCHANGED: 'default',
  SKIPPED: 'warning',
  REFUSED: 'error',
} as const;

/** Per firm and period, what the import would do (dry run) or did. */
function PreviewTable({ rows }: { rows: ImportPreviewReturn[] }) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const col = (key: string) => translate(`app.imports.preview.${key}`);
  return (
    <Table size="small" aria-label={col('title')} sx={{ mb: 2 }}>
      <TableHead>
        <TableRow>
          <TableCell>{col('uscc')}</TableCell>
          <TableCell>{col('enterprise')}</TableCell>
          <TableCell>{col('period')}</TableCell>
          <TableCell>{col('action')}</TableCell>
          <TableCell align="right">{col('rows')}</TableCell>
          <TableCell align="right">{col('errors')}</TableCell>
          <TableCell>{col('reason')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={`${r.uscc} ${r.period}`}>
            <TableCell sx={{ fontFamily: 'monospace' }}>{r.uscc}</TableCell>
            <TableCell>{r.enterpriseName ?? '—'}</TableCell>
            <TableCell>{r.period}</TableCell>
            <TableCell>
              <Chip
                size="small"
                color={ACTION_COLORS[r.action]}
                label={translate(`app.imports.preview.actions.${r.action}`)}
              />
            </TableCell>
            <TableCell align="right">{r.rows}</TableCell>
            <TableCell align="right">{r.errors}</TableCell>
            <TableCell>{(locale.startsWith('zh') ? r.reason_zh : r.reason_en) ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ImportStatusChip({ status }: { status: ImportJob['status'] }) {
  const translate = useTranslate();
  return <Chip size="small" color={STATUS_COLORS[status]} label={translate(`app.imports.status.${status}`)} />;
}

/**
 * One import as the worker processes it: polled until it has finished, with a progress bar, the counts of what
 * was read and written, and every problem found (file, line, column, value, message in the language on screen).
 */
export function ImportProgress({ id }: { id: string }) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const {
    data: job,
    error,
    refetch,
  } = useGetOne<ImportJobDetail>(
    'imports',
    { id },
    { refetchInterval: (query) => (query.state.data && isFinished(query.state.data) ? false : POLL_MS) },
  );
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  const retry = async () => {
    try {
      await dataProvider.retryImport('imports', { id });
      await refetch();
    } catch (e) {
      notify(e instanceof Error ? e.message : 'ra.notification.http_error', { type: 'error' });
    }
  };
  const settle = async (action: 'confirm' | 'discard') => {
    try {
      await dataProvider.settleDryRun('imports', { id, action });
      if (action === 'confirm') notify('app.imports.confirmed', { type: 'info' });
      await refetch();
    } catch (e) {
      notify(e instanceof Error ? e.message : 'ra.notification.http_error', { type: 'error' });
    }
  };
  if (!job) return <LinearProgress />;
  const isDryRun = job.dryRun && !job.confirmedAt;
  const errors = job.errors ?? [];
  const col = (key: string) => translate(`app.imports.errors.${key}`);

  return (
    <Box aria-live="polite">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography sx={{ fontWeight: 500 }}>{job.fileName}</Typography>
        <ImportStatusChip status={job.status} />
        {job.dryRun && <Chip size="small" variant="outlined" label={translate('app.imports.dry_run_chip')} />}
        <Typography color="text.secondary">{`${job.progress}%`}</Typography>
      </Stack>
      <LinearProgress
        variant={job.status === 'QUEUED' ? 'indeterminate' : 'determinate'}
        value={job.progress}
        color={
          job.status === 'FAILED'
            ? 'error'
            : job.status === 'SUCCEEDED'
              ? 'success'
              : job.status === 'PREVIEWED'
                ? 'warning'
                : 'primary'
        }
        aria-label={translate('app.imports.progress')}
        sx={{ height: 8, borderRadius: 1, mb: 2 }}
      />
      {job.status === 'SUCCEEDED' && (
        <Alert severity="success" sx={{ mb: 2 }}>
          {translate('app.imports.succeeded')}
        </Alert>
      )}
      {job.status === 'PREVIEWED' && (
        <Alert
          severity="warning"
          sx={{ mb: 2 }}
          action={
            <Stack direction="row" spacing={1}>
              <Button variant="contained" size="small" startIcon={<CheckIcon />} onClick={() => void settle('confirm')}>
                {translate('app.imports.confirm')}
              </Button>
              <Button color="inherit" size="small" startIcon={<CloseIcon />} onClick={() => void settle('discard')}>
                {translate('app.imports.discard')}
              </Button>
            </Stack>
          }
        >
          {translate('app.imports.previewed')}
          {job.expiresAt && ` ${translate('app.imports.expires', { at: beijingTime(job.expiresAt) })}`}
        </Alert>
      )}
      {job.status === 'EXPIRED' && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('app.imports.expired_note', { at: job.expiresAt ? beijingTime(job.expiresAt) : '' })}
        </Alert>
      )}
      {job.status === 'DISCARDED' && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('app.imports.discarded_note')}
        </Alert>
      )}
      {job.status === 'FAILED' && !job.retryable && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {translate(isDryRun ? 'app.imports.previewed_refused' : 'app.imports.failed', {
            smart_count: job.errorCount,
          })}
        </Alert>
      )}
      {job.status === 'FAILED' && job.retryable && (
        <Alert
          severity="error"
          sx={{ mb: 2 }}
          action={
            <Button color="inherit" size="small" startIcon={<ReplayIcon />} onClick={() => void retry()}>
              {translate('app.imports.retry')}
            </Button>
          }
        >
          {translate('app.imports.interrupted')}
        </Alert>
      )}
      {Object.keys(job.counts).length > 0 && (
        <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap' }} useFlexGap>
          {orderedCounts(job.counts).map(([key, n]) => (
            <Chip key={key} variant="outlined" label={`${translate(`app.imports.counts.${key}`, { _: key })}: ${n}`} />
          ))}
        </Stack>
      )}
      {job.preview && job.preview.length > 0 && (
        <>
          <Typography variant="subtitle1" component="h2" sx={{ mb: 1 }}>
            {translate('app.imports.preview.title')}
          </Typography>
          <PreviewTable rows={job.preview} />
        </>
      )}
      {errors.length > 0 && (
        <Table size="small" aria-label={translate('app.imports.errors.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{col('file')}</TableCell>
              <TableCell>{col('line')}</TableCell>
              <TableCell>{col('column')}</TableCell>
              <TableCell>{col('value')}</TableCell>
              <TableCell>{col('message')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {errors.map((e, i) => (
              <TableRow key={i}>
                <TableCell>{e.file ?? '—'}</TableCell>
                <TableCell>{e.line ?? '—'}</TableCell>
                <TableCell>{e.column ?? '—'}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{e.value ?? '—'}</TableCell>
                <TableCell>{errorMessage(e, locale)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {job.errorCount > errors.length && (
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          {translate('app.imports.more_errors', { shown: errors.length, total: job.errorCount })}
        </Typography>
      )}
    </Box>
  );
}
