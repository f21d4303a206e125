import AddIcon from '@mui/icons-material/Add';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from '@mui/material';
import { useState } from 'react';
import { useGetList, useNotify, useRedirect, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import type { PeriodRow } from '@portal/shared';
import { openPeriods, shanghaiToday } from '../periods/periods';

/** 填报新一期: the firm picks one of the periods open now; an existing return for it is simply opened. */
export function OpenReturnButton() {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const dataProvider = usePortalDataProvider();
  const [open, setOpen] = useState(false);
  const [periodCode, setPeriodCode] = useState('');
  const [busy, setBusy] = useState(false);
  const { data = [] } = useGetList<PeriodRow>(
    'periods',
    { pagination: { page: 1, perPage: 12 }, sort: { field: 'code', order: 'DESC' } },
    { enabled: open },
  );
  const choices = openPeriods(data, shanghaiToday());
  const selected = periodCode || choices[0]?.code || '';

  const submit = async () => {
    setBusy(true);
    try {
      const { data: opened } = await dataProvider.openReturn('returns', { periodCode: selected });
      setOpen(false);
      notify('app.returns.opened', { type: 'info', messageArgs: { period: opened.periodCode } });
      redirect('show', 'returns', opened.id);
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" startIcon={<AddIcon />} onClick={() => setOpen(true)}>
        {translate('app.returns.open')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>{translate('app.returns.open_title')}</DialogTitle>
        <DialogContent>
          <TextField
            select
            fullWidth
            margin="dense"
            label={translate('app.returns.open_period')}
            value={selected}
            onChange={(e) => setPeriodCode(e.target.value)}
            disabled={choices.length === 0}
            helperText={choices.length === 0 ? translate('app.returns.open_none') : undefined}
          >
            {choices.map((p) => (
              <MenuItem key={p.code} value={p.code}>
                {translate('app.returns.open_choice', { period: p.code, due: p.dueDate, lock: p.lockDate })}
              </MenuItem>
            ))}
          </TextField>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" disabled={busy || !selected} onClick={() => void submit()}>
            {translate('app.returns.open_confirm')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
