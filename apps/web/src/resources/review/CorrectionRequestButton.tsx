import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';

/** 申请更正: the firm reopens its approved return with a reason; both levels review the new revision again. */
export function CorrectionRequestButton({
  returnId,
  version,
  onDone,
}: {
  returnId: string;
  version: number;
  onDone: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await dataProvider.reviewAction('returns', {
        id: returnId,
        action: 'correction-request',
        version,
        reason: reason.trim(),
      });
      notify('review.correction.done', { type: 'success' });
      setOpen(false);
      onDone();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="outlined" onClick={() => setOpen(true)}>
        {translate('review.correction.button')}
      </Button>
      {open && (
        <Dialog open onClose={() => setOpen(false)} fullWidth maxWidth="sm" aria-labelledby="correction-title">
          <DialogTitle id="correction-title">{translate('review.correction.title')}</DialogTitle>
          <DialogContent>
            <Alert severity="info" sx={{ mb: 2 }}>
              {translate('review.correction.explain')}
            </Alert>
            <TextField
              autoFocus
              fullWidth
              multiline
              minRows={2}
              required
              label={translate('review.correction.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
            <Button variant="contained" disabled={busy || !reason.trim()} onClick={() => void submit()}>
              {translate('review.correction.submit')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}
