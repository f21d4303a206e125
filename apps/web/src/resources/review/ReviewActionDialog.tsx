import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';

export type ReviewerAction = 'approve' | 'return' | 'send-back';

/**
 * Confirms a reviewer's action: approving takes an optional note, returning to the firm and sending back to the
 * city need a reason (the API refuses them without one). The provincial approval says it is final.
 */
export function ReviewActionDialog({
  action,
  pending,
  onClose,
  onConfirm,
  final = false,
}: {
  action: ReviewerAction;
  /** Approving at the provincial level: the last one, after which the figures are official. */
  final?: boolean;
  /** Comments pinned to cells that go with a return. */
  pending: number;
  onClose: () => void;
  onConfirm: (text: string) => Promise<void>;
}) {
  const translate = useTranslate();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const needsReason = action !== 'approve';
  const finalApproval = final && action === 'approve';
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="action-title">
      <DialogTitle id="action-title">
        {translate(finalApproval ? 'cycle.final.title' : `review.confirm.${action}_title`)}
      </DialogTitle>
      <DialogContent>
        <Alert severity={action === 'approve' ? 'success' : 'warning'} sx={{ mb: 2 }}>
          {translate(finalApproval ? 'cycle.final.body' : `review.confirm.${action}`, { smart_count: pending })}
        </Alert>
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          required={needsReason}
          label={translate(needsReason ? 'review.confirm.reason' : 'review.confirm.note')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          disabled={busy || (needsReason && !text.trim())}
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm(text.trim());
            } finally {
              setBusy(false);
            }
          }}
        >
          {translate('ra.action.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
