import BlockIcon from '@mui/icons-material/Block';
import { Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import type { CodeItem } from '@portal/shared';
import { useState } from 'react';
import {
  Button,
  useDataProvider,
  useNotify,
  useRecordContext,
  useRedirect,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { isCodeList, type PortalDataProvider } from '../../providers/dataProvider';
import { isIsoDay, todayIso } from './dates';

/**
 * Retiring ends the code's validity from a chosen date; the row stays so older periods keep resolving it.
 * The API's DELETE needs that date, which the stock delete button cannot send.
 */
export function RetireButton() {
  const record = useRecordContext<CodeItem>();
  const resource = useResourceContext();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [validFrom, setValidFrom] = useState(todayIso);
  const [saving, setSaving] = useState(false);

  if (!record || record.validTo !== null || !resource || !isCodeList(resource)) return null;

  const retire = async () => {
    setSaving(true);
    try {
      await dataProvider.retireCode(resource, { id: record.id, validFrom });
      notify('app.codes.retired', { type: 'success' });
      setOpen(false);
      redirect('list', resource);
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button label="app.codes.retire" color="error" onClick={() => setOpen(true)}>
        <BlockIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>{translate('app.codes.retire_title', { code: record.code })}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('app.codes.retire_hint')}</DialogContentText>
          <TextField
            type="date"
            label={translate(`resources.${resource}.fields.validFrom`)}
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
            label="app.codes.retire"
            color="error"
            variant="contained"
            disabled={saving || !isIsoDay(validFrom)}
            onClick={retire}
          />
        </DialogActions>
      </Dialog>
    </>
  );
}
