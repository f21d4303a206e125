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
 * The state of one finding's explanation (reason code and text) and its saving. The same check as the API's
 * (explanationProblem of @portal/rules) runs as the text is typed, so boilerplate like "情况属实" is refused
 * before anything is sent; the API's verdict (400 EXPLANATION_INVALID) is shown at the text too.
 */
export function useExplanation(
  returnId: string,
  finding: FindingView,
  others: readonly (string | null)[],
  onDone: (finding: FindingView) => void,
) {
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

  return {
    language,
    reasonCode,
    setReasonCode: (code: string) => {
      setReasonCode(code);
      setServerProblem(null);
    },
    text,
    setText: (value: string) => {
      setText(value);
      setTouched(true);
      setServerProblem(null);
    },
    problem,
    shown,
    busy,
    /** Saving is pointless now: a request in flight, or a text already found wanting. */
    blocked: busy || (touched && problem !== null),
    save,
  };
}

export type Explanation = ReturnType<typeof useExplanation>;

/** The reason code and the text of an explanation, with the check's verdict under the text. */
export function ExplanationFields({ explanation: e }: { explanation: Explanation }) {
  const translate = useTranslate();
  return (
    <>
      <TextField
        select
        fullWidth
        margin="dense"
        label={translate('review.findings.reason')}
        value={e.reasonCode}
        onChange={(event) => e.setReasonCode(event.target.value)}
      >
        {REASON_CODES.map((code) => (
          <MenuItem key={code} value={code}>
            {REASON_LABELS[code][e.language]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        fullWidth
        multiline
        minRows={3}
        margin="dense"
        label={translate('review.findings.explanation')}
        value={e.text}
        onChange={(event) => e.setText(event.target.value)}
        error={e.shown !== null}
        helperText={e.shown ?? translate('review.findings.explanation_hint')}
      />
      {!e.shown && !e.problem && e.text.trim() !== '' && (
        <Typography variant="body2" color="success.main" role="status">
          {translate('review.findings.explanation_ok')}
        </Typography>
      )}
    </>
  );
}

/** 填写说明: a reason code and a text for an explain-or-fix finding, in a dialog of its own. */
export function ExplainDialog({ returnId, finding, others, onClose, onDone }: Props) {
  const translate = useTranslate();
  const explanation = useExplanation(returnId, finding, others, onDone);

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="explain-title">
      <DialogTitle id="explain-title">{translate('review.findings.explain_title')}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {explanation.language === 'zh' ? finding.message_zh : finding.message_en}
        </Alert>
        <ExplanationFields explanation={explanation} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" disabled={explanation.blocked} onClick={() => void explanation.save()}>
          {translate('review.findings.save_explanation')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
