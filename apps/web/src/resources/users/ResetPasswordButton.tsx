import LockResetIcon from '@mui/icons-material/LockReset';
import { Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { passwordMeetsPolicy } from '@portal/shared';
import { useState } from 'react';
import { Button, useDataProvider, useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { PortalDataProvider } from '../../providers/dataProvider';

/** Sets a new password chosen by the admin; the API ends the user's sessions at once. */
export function ResetPasswordButton() {
  const user = useRecordContext<{ id: string; username: string }>();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [saving, setSaving] = useState(false);

  if (!user) return null;
  const valid = passwordMeetsPolicy(password);

  const close = () => {
    setOpen(false);
    setPassword('');
  };

  const save = async () => {
    setSaving(true);
    try {
      await dataProvider.resetPassword('users', { id: user.id, password });
      notify('app.users.password_reset_done', { type: 'success' });
      close();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button label="app.users.reset_password" onClick={() => setOpen(true)}>
        <LockResetIcon />
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="xs">
        <DialogTitle>
          {translate('app.users.reset_password')} · {user.username}
        </DialogTitle>
        <DialogContent>
          <TextField
            type="password"
            autoComplete="new-password"
            label={translate('app.users.new_password')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={password !== '' && !valid}
            helperText={translate('app.users.password_policy')}
            fullWidth
            margin="dense"
          />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={close} />
          <Button label="ra.action.save" variant="contained" disabled={saving || !valid} onClick={save} />
        </DialogActions>
      </Dialog>
    </>
  );
}
