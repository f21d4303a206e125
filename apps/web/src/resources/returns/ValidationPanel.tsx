import type { ReturnContent, ValidationView } from '@portal/shared';
import { Alert, Box, LinearProgress, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { FindingsTable } from '../validation/FindingsTable';

interface Props {
  returnId: string;
  view: ValidationView | null | undefined;
  /** The firm may explain findings now (its editable draft). */
  canExplain: boolean;
  /** The draft on screen: labels name contract lines by number. */
  content?: ReturnContent;
  onChanged: () => void;
}

/**
 * 审核校验: where the validation job stands (queue position, progress) and its findings: blocking ones must be
 * fixed, explain-or-fix ones may be explained (填写说明后强制上报), notes only inform.
 */
export function ValidationPanel({ returnId, view, canExplain, content, onChanged }: Props) {
  const translate = useTranslate();

  if (view === undefined) return null;
  if (view === null) {
    return <Typography color="text.secondary">{translate('app.returns.validation.unavailable')}</Typography>;
  }
  const waiting = view.status === 'QUEUED' || view.status === 'RUNNING';

  return (
    <Box aria-live="polite">
      {view.status === 'NONE' && (
        <Typography color="text.secondary">{translate('app.returns.validation.none')}</Typography>
      )}
      {waiting && (
        <Box sx={{ mb: 2 }}>
          <Typography gutterBottom>
            {view.status === 'QUEUED'
              ? view.queuePosition === null
                ? translate('app.returns.validation.queued_now')
                : translate('app.returns.validation.queued', { smart_count: view.queuePosition })
              : translate('app.returns.validation.running', { progress: view.progress })}
          </Typography>
          <LinearProgress
            variant={view.status === 'RUNNING' ? 'determinate' : 'indeterminate'}
            value={view.progress}
            aria-label={translate('app.returns.validation.progress')}
          />
        </Box>
      )}
      {view.status === 'FAILED' && <Alert severity="error">{translate('app.returns.validation.failed')}</Alert>}
      {view.status === 'DONE' && (
        <Alert
          severity={view.counts.blocking ? 'error' : view.counts.unexplained ? 'warning' : 'success'}
          sx={{ mb: 2 }}
        >
          {view.findings.length === 0
            ? translate('app.returns.validation.passed')
            : translate('app.returns.validation.counts', {
                blocking: view.counts.blocking,
                unexplained: view.counts.unexplained,
                info: view.counts.info,
              })}
          {!view.current && ` ${translate('app.returns.validation.stale')}`}
        </Alert>
      )}
      {view.findings.length > 0 && (
        <FindingsTable
          returnId={returnId}
          findings={view.findings}
          canExplain={canExplain}
          content={content}
          onExplained={onChanged}
        />
      )}
    </Box>
  );
}
