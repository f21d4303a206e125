import type { FindingView, ReturnContent, ValidationView } from '@portal/shared';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Paper,
  Stack,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { cellPathLabel } from '../validation/cellLabels';
import { ExplanationFields, useExplanation } from '../validation/ExplainDialog';
import { SEVERITY_COLOR } from '../validation/FindingsTable';

const POLL_MS = 1000;

type Phase = 'confirm' | 'checking' | 'unsaved';

interface Props {
  open: boolean;
  returnId: string;
  period: string;
  /** The return's validation as the page reads it (the dialog asks for it again while the check runs). */
  view: ValidationView | null | undefined;
  content: ReturnContent;
  busy: boolean;
  /** Turns the draft into a zero return and saves it (its check is queued like any save's); whether it saved. */
  onCheck: () => Promise<boolean>;
  onRefresh: () => Promise<void>;
  /** Closed without submitting: the draft as it was before the dialog made it a zero return. */
  onCancel: (madeZero: boolean) => void;
  onSubmit: () => Promise<void>;
}

/**
 * 本期无业务 in one dialog: what a zero return means, then the rules that apply to it run on the saved zero draft
 * (the same validation job as for any draft) and their findings are shown here before anything is submitted; the
 * firm explains each explain-or-fix finding in place and submits once nothing stops it. A blocking finding keeps
 * 上报 disabled. So a zero return is not accepted only to come back as 草稿 第 2 版.
 */
export function ZeroReturnDialog({
  open,
  returnId,
  period,
  view,
  content,
  busy,
  onCheck,
  onRefresh,
  onCancel,
  onSubmit,
}: Props) {
  const translate = useTranslate();
  const [phase, setPhase] = useState<Phase>('confirm');
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (open) setPhase('confirm');
  }, [open]);

  const checked = phase === 'checking' && !!view && view.status === 'DONE' && view.current;
  const failed = phase === 'checking' && view?.status === 'FAILED';
  // Until the job has checked the zero draft, read its validation again (the page polls only a running job).
  useEffect(() => {
    if (!open || phase !== 'checking' || checked || failed) return;
    const timer = setTimeout(() => {
      void onRefresh().finally(() => setTick((t) => t + 1));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [open, phase, checked, failed, tick, onRefresh]);

  const check = async () => {
    setPhase((await onCheck()) ? 'checking' : 'unsaved');
  };

  const findings = checked ? view.findings : [];
  const blocking = findings.filter((f) => f.severity === 'BLOCKING');
  const explainable = findings.filter((f) => f.severity === 'EXPLAIN');
  const unexplained = explainable.filter((f) => f.status === 'OPEN').length;
  const canSubmit = checked && blocking.length === 0 && unexplained === 0;

  return (
    <Dialog
      open={open}
      onClose={() => !busy && onCancel(phase !== 'confirm')}
      fullWidth
      maxWidth="md"
      aria-labelledby="zero-return-title"
    >
      <DialogTitle id="zero-return-title">{translate('cycle.zero.dialog.title', { period })}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{translate('cycle.zero.dialog.intro')}</Typography>
        {phase === 'unsaved' && <Alert severity="error">{translate('cycle.zero.dialog.save_failed')}</Alert>}
        {phase === 'checking' && !checked && !failed && (
          <Box aria-live="polite">
            <Typography gutterBottom>{translate('cycle.zero.dialog.checking')}</Typography>
            <LinearProgress aria-label={translate('app.returns.validation.progress')} />
          </Box>
        )}
        {failed && <Alert severity="error">{translate('app.returns.validation.failed')}</Alert>}
        {checked && (
          <Stack spacing={2} aria-live="polite">
            {blocking.length > 0 ? (
              <Alert severity="error">
                {translate('cycle.zero.dialog.blocking', { smart_count: blocking.length })}
              </Alert>
            ) : unexplained > 0 ? (
              <Alert severity="warning">
                {translate('cycle.zero.dialog.explain_all', { smart_count: unexplained })}
              </Alert>
            ) : (
              <Alert severity="success">{translate('cycle.zero.dialog.passed')}</Alert>
            )}
            {findings.map((f) => (
              <ZeroFinding
                key={f.id}
                returnId={returnId}
                finding={f}
                others={findings.filter((o) => o.id !== f.id).map((o) => o.explanation)}
                content={content}
                onExplained={() => void onRefresh()}
              />
            ))}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button disabled={busy} onClick={() => onCancel(phase !== 'confirm')}>
          {translate(phase === 'confirm' ? 'ra.action.cancel' : 'cycle.zero.dialog.cancel')}
        </Button>
        {phase === 'confirm' ? (
          <Button variant="contained" disabled={busy} onClick={() => void check()}>
            {translate('cycle.zero.dialog.check')}
          </Button>
        ) : (
          <Button variant="contained" disabled={busy || !canSubmit} onClick={() => void onSubmit()}>
            {translate('cycle.zero.dialog.submit')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

/** One finding of the zero draft: its message and where; an explain-or-fix one with its explanation in place. */
function ZeroFinding({
  returnId,
  finding,
  others,
  content,
  onExplained,
}: {
  returnId: string;
  finding: FindingView;
  others: readonly (string | null)[];
  content: ReturnContent;
  onExplained: () => void;
}) {
  const translate = useTranslate();
  const explanation = useExplanation(returnId, finding, others, onExplained);
  const { language } = explanation;
  const explained = finding.status === 'EXPLAINED';
  return (
    <Paper variant="outlined" sx={{ p: 2 }} role="group" aria-label={finding.ruleId}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }} useFlexGap>
        <Chip
          size="small"
          color={SEVERITY_COLOR[finding.severity]}
          label={translate(`review.severity.${finding.severity}`)}
        />
        <code>{finding.ruleId}</code>
        {finding.cells.map((c) => (
          <Typography key={c} variant="body2" color="text.secondary">
            {cellPathLabel(c, language, content)}
          </Typography>
        ))}
        {explained && <Chip size="small" color="success" label={translate('cycle.zero.dialog.explained')} />}
      </Stack>
      <Typography>{language === 'zh' ? finding.message_zh : finding.message_en}</Typography>
      {finding.severity === 'EXPLAIN' && (
        <Box sx={{ mt: 1 }}>
          <ExplanationFields explanation={explanation} />
          <Button
            size="small"
            variant={explained ? 'text' : 'contained'}
            sx={{ mt: 1 }}
            disabled={explanation.blocked}
            onClick={() => void explanation.save()}
          >
            {translate(explained ? 'review.findings.re_explain' : 'review.findings.save_explanation')}
          </Button>
        </Box>
      )}
    </Paper>
  );
}
