import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import type { ProfileChangeView } from '@portal/shared';
import type { EnterpriseRecord } from './enterprisesApi';

type Decision = 'confirm' | 'reject';

/** What is decided: a firm's registration (the record is the firm) or a profile change waiting for a unit. */
type Subject = 'registration' | 'profile-change';
type DecisionRecord = EnterpriseRecord | ProfileChangeView;

const MESSAGES: Record<Subject, string> = {
  registration: 'enterprises.decision',
  'profile-change': 'enterprises.changes',
};

/** The API's minimum for a reason (RejectDto). */
export const REASON_MIN_LENGTH = 2;

/**
 * 确认 / 驳回 of a pending registration, for reviewers of the firm's territory, or of a pending profile change, for
 * the unit that receives the firm (the API checks the territory; the buttons only need the permission). Used in
 * the list's rows and on the show page.
 */
export function DecisionButtons({
  size = 'small',
  subject = 'registration',
}: {
  size?: 'small' | 'medium';
  subject?: Subject;
}) {
  const record = useRecordContext<DecisionRecord>();
  const user = usePortalUser();
  const translate = useTranslate();
  const [open, setOpen] = useState<Decision | null>(null);
  if (!record || record.status !== 'PENDING' || !user?.permissions.includes('enterprises.confirm')) return null;
  const openDialog = (decision: Decision) => (event: React.MouseEvent) => {
    // In a list row the click must not also open the row.
    event.stopPropagation();
    setOpen(decision);
  };
  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
      <Button size={size} variant="contained" color="success" startIcon={<CheckIcon />} onClick={openDialog('confirm')}>
        {translate('enterprises.decision.confirm')}
      </Button>
      <Button size={size} variant="outlined" color="error" startIcon={<CloseIcon />} onClick={openDialog('reject')}>
        {translate('enterprises.decision.reject')}
      </Button>
      {open && <DecisionDialog decision={open} subject={subject} record={record} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function DecisionDialog({
  decision,
  subject,
  record,
  onClose,
}: {
  decision: Decision;
  subject: Subject;
  record: DecisionRecord;
  onClose: () => void;
}) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonOk = reason.trim().length >= REASON_MIN_LENGTH;
  const names = {
    name: 'enterpriseName' in record ? record.enterpriseName : record.nameZh,
    uscc: record.uscc,
  };
  const messages = MESSAGES[subject];

  const decide = async () => {
    setBusy(true);
    setError(null);
    try {
      const id = record.id;
      if (subject === 'profile-change') {
        if (decision === 'confirm') await dataProvider.confirmProfileChange('enterprises', { id });
        else await dataProvider.rejectProfileChange('enterprises', { id, reason: reason.trim() });
      } else if (decision === 'confirm') await dataProvider.confirmEnterprise('enterprises', { id });
      else await dataProvider.rejectEnterprise('enterprises', { id, reason: reason.trim() });
      await queryClient.invalidateQueries({ queryKey: ['enterprises'] });
      await queryClient.invalidateQueries({ queryKey: ['profile-changes'] });
      refresh();
      notify(`${messages}.${decision === 'confirm' ? 'confirmed' : 'rejected'}`, {
        type: 'success',
        messageArgs: names,
      });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="decision-title"
      onClick={(e) => e.stopPropagation()}
    >
      <DialogTitle id="decision-title">{translate(`${messages}.${decision}_title`, names)}</DialogTitle>
      <DialogContent>
        <Alert severity={decision === 'confirm' ? 'info' : 'warning'} sx={{ mb: 2 }}>
          {translate(`${messages}.${decision}_text`, names)}
        </Alert>
        {decision === 'reject' && (
          <TextField
            autoFocus
            fullWidth
            multiline
            minRows={2}
            required
            label={translate('enterprises.decision.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={reason.length > 0 && !reasonOk}
            helperText={reason.length > 0 && !reasonOk ? translate('enterprises.decision.reason_short') : ' '}
            slotProps={{ htmlInput: { maxLength: 1000 } }}
          />
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          color={decision === 'confirm' ? 'success' : 'error'}
          disabled={busy || (decision === 'reject' && !reasonOk)}
          onClick={decide}
        >
          {translate(`enterprises.decision.${decision}`)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
