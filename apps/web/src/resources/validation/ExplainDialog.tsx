import type { FindingView } from '@portal/shared';
import { explanationProblem, REASON_CODES, REASON_LABELS } from '@portal/rules';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { HttpError, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { languageOf } from './cellLabels';

interface Props {
  returnId: string;
  finding: FindingView;
  /** The explanations of the return's other findings: a copied text is refused. */
  others: readonly (string | null)[];
  onClose: () => void;
  onDone: (finding: FindingView) => void;
}

/**
 * 填写说明: a reason code and a text for an explain-or-fix finding. The same check as the API's
 * (explanationProblem of @portal/rules) runs as the text is typed, so boilerplate like "情况属实" is refused
 * before anything is sent; the API's verdict (400 EXPLANATION_INVALID) is shown at the text too.
 */
export function ExplainDialog({ returnId, finding, others, onClose, onDone }: Props) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  const [reasonCode, setReasonCode] = useState<string>(finding.reasonCode ?? 'OTHER');
  const [text, setText] = useState(finding.explanation ?? '');
  const [touched, setTouched] = useState(false);
  const [serverProblem, setServerProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const problem = explanationProblem(text, others, reasonCode);
  const instant = problem ? (language === 'zh' ? problem.message_zh : problem.message_en) : null;
  const shown = serverProblem ?? (touched ? instant : null);

  const save = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    try {
      const { data } = await dataProvider.explainFinding('returns', {
        id: returnId,
        findingId: finding.id,
        reasonCode,
        text: text.trim() || undefined,
      });
      notify('review.findings.explained', { type: 'success' });
      onDone(data);
    } catch (error) {
      setServerProblem(error instanceof HttpError ? error.message : translate('ra.notification.http_error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="explain-title">
      <DialogTitle id="explain-title">{translate('review.findings.explain_title')}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {language === 'zh' ? finding.message_zh : finding.message_en}
        </Alert>
        <TextField
          select
          fullWidth
          margin="dense"
          label={translate('review.findings.reason')}
          value={reasonCode}
          onChange={(e) => {
            setReasonCode(e.target.value);
            setServerProblem(null);
          }}
        >
          {REASON_CODES.map((code) => (
            <MenuItem key={code} value={code}>
              {REASON_LABELS[code][language]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          fullWidth
          multiline
          minRows={3}
          margin="dense"
          label={translate('review.findings.explanation')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setTouched(true);
            setServerProblem(null);
          }}
          error={shown !== null}
          helperText={shown ?? translate('review.findings.explanation_hint')}
        />
        {!shown && !problem && text.trim() !== '' && (
          <Typography variant="body2" color="success.main" role="status">
            {translate('review.findings.explanation_ok')}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" disabled={busy || (touched && problem !== null)} onClick={() => void save()}>
          {translate('review.findings.save_explanation')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
