import type { FindingView, ValidationView } from '@portal/shared';
import {
  Alert,
  Box,
  Button,
  Chip,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { ExplainDialog } from '../validation/ExplainDialog';
import { cellLabel } from './content';

const SEVERITY_COLOR = { BLOCKING: 'error', EXPLAIN: 'warning', INFO: 'info' } as const;

interface Props {
  returnId: string;
  view: ValidationView | null | undefined;
  /** The firm may explain findings now (its editable draft). */
  canExplain: boolean;
  onChanged: () => void;
}

/**
 * 审核校验: where the validation job stands (queue position, progress) and its findings: blocking ones must be
 * fixed, explain-or-fix ones may be explained (填写说明后强制上报), notes only inform.
 */
export function ValidationPanel({ returnId, view, canExplain, onChanged }: Props) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const [explaining, setExplaining] = useState<FindingView | null>(null);

  if (view === undefined) return null;
  if (view === null) {
    return <Typography color="text.secondary">{translate('app.returns.validation.unavailable')}</Typography>;
  }
  const waiting = view.status === 'QUEUED' || view.status === 'RUNNING';
  const message = (f: FindingView) => (locale.startsWith('zh') ? f.message_zh : f.message_en);

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
        <Table size="small" aria-label={translate('app.returns.validation.findings')}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.returns.validation.severity')}</TableCell>
              <TableCell>{translate('app.returns.validation.message')}</TableCell>
              <TableCell>{translate('app.returns.validation.where')}</TableCell>
              <TableCell>{translate('app.returns.validation.state')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {view.findings.map((f) => (
              <TableRow key={f.id}>
                <TableCell>
                  <Chip
                    size="small"
                    color={SEVERITY_COLOR[f.severity]}
                    label={translate(`app.returns.validation.severities.${f.severity}`)}
                  />
                </TableCell>
                <TableCell>
                  {message(f)}
                  {f.explanation && (
                    <Typography variant="body2" color="text.secondary">
                      {translate('app.returns.validation.explanation')}: {f.explanation}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{f.cells.map((c) => cellLabel(c, translate)).join('；')}</TableCell>
                <TableCell>
                  {/* A note asks for nothing, so it has no state to show. */}
                  {f.severity === 'INFO' ? '—' : translate(`app.returns.validation.finding_status.${f.status}`)}
                </TableCell>
                <TableCell>
                  {canExplain && f.severity === 'EXPLAIN' && f.status !== 'FIXED' && (
                    <Button size="small" onClick={() => setExplaining(f)}>
                      {translate(
                        f.status === 'EXPLAINED'
                          ? 'app.returns.validation.re_explain'
                          : 'app.returns.validation.explain',
                      )}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {explaining && (
        <ExplainDialog
          returnId={returnId}
          finding={explaining}
          others={view.findings.filter((f) => f.id !== explaining.id).map((f) => f.explanation)}
          onClose={() => setExplaining(null)}
          onDone={() => {
            setExplaining(null);
            onChanged();
          }}
        />
      )}
    </Box>
  );
}
