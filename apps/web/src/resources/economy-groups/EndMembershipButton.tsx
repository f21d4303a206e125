import EventBusyIcon from '@mui/icons-material/EventBusy';
import { Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import type { EconomyGroupMember } from '@portal/shared';
import { useState } from 'react';
import { Button, useNotify, useRecordContext, useRefresh, useResourceContext, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { isIsoDay, todayIso } from '../codes/dates';

/** Ends an open membership from a chosen date; earlier periods keep it (the API's DELETE needs that date). */
export function EndMembershipButton() {
  const record = useRecordContext<EconomyGroupMember>();
  const resource = useResourceContext();
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [validFrom, setValidFrom] = useState(todayIso);
  const [saving, setSaving] = useState(false);

  if (!record || record.validTo !== null || !resource) return null;

  const end = async () => {
    setSaving(true);
    try {
      await dataProvider.endMembership(resource, { id: record.id, validFrom });
      notify('app.economy_groups.ended', { type: 'success' });
      setOpen(false);
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button label="app.economy_groups.end" color="error" onClick={() => setOpen(true)}>
        <EventBusyIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>
          {translate('app.economy_groups.end_title', { member: record.member, group: record.groupCode })}
        </DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('app.economy_groups.end_hint')}</DialogContentText>
          <TextField
            type="date"
            label={translate(`resources.${resource}.fields.validTo`)}
            value={validFrom}
            onChange={(e) => setValidFrom(e.target.value)}
            error={!isIsoDay(validFrom)}
            helperText={isIsoDay(validFrom) ? ' ' : translate('app.codes.date_format')}
            slotProps={{ inputLabel: { shrink: true } }}
            fullWidth
          />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button
            label="app.economy_groups.end"
            color="error"
            variant="contained"
            disabled={saving || !isIsoDay(validFrom)}
            onClick={end}
          />
        </DialogActions>
      </Dialog>
    </>
  );
}
