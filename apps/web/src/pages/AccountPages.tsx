import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { passwordMeetsPolicy } from '@portal/shared';
import { useState, type ReactNode } from 'react';
import { fetchUtils, HttpError, Link, useLocaleState, useLocation, useTranslate } from 'react-admin';
import { apiErrorMessage } from '../providers/apiError';

/**
 * Pages outside the login for the account's mailed one-time links: asking for a password-reset or unlock link, and
 * the two pages the links open (#/reset-password?token=…, #/unlock?token=…). They work without a session.
 */

function AccountCard({ title, children }: { title: string; children: ReactNode }) {
  const translate = useTranslate();
  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', p: 2 }}>
      <Card sx={{ width: 420, maxWidth: '100%' }}>
        <CardContent>
          <Stack spacing={2} component="main" aria-label={title}>
            <Typography variant="subtitle2" color="text.secondary">
              {translate('app.title')}
            </Typography>
            <Typography variant="h6" component="h1">
              {title}
            </Typography>
            {children}
            <Link to="/login">{translate('app.account.back_to_login')}</Link>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}

/** Posts to the API; a refusal comes back as its message in the reader's language. */
function useAccountCall() {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const call = async (path: string, body: unknown): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await fetchUtils.fetchJson(path, { method: 'POST', body: JSON.stringify(body) });
      return true;
    } catch (e) {
      const fallback = translate('ra.notification.http_error');
      setError(e instanceof HttpError ? apiErrorMessage(e.body, locale, fallback) : fallback);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { call, busy, error };
}

function useToken(): string {
  return new URLSearchParams(useLocation().search).get('token') ?? '';
}

/** #/account-help: mails a password-reset or an unlock link; the answer is the same whether the account exists. */
export function AccountHelpPage() {
  const translate = useTranslate();
  const { call, busy, error } = useAccountCall();
  const [username, setUsername] = useState('');
  const [sent, setSent] = useState(false);
  const request = async (kind: 'password-reset' | 'unlock') => {
    setSent(await call(`/api/auth/${kind}`, { username: username.trim() }));
  };
  return (
    <AccountCard title={translate('app.account.help_title')}>
      <Typography variant="body2">{translate('app.account.help_intro')}</Typography>
      <TextField
        label={translate('app.account.username')}
        name="username"
        autoComplete="username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        fullWidth
      />
      <Stack direction="row" spacing={1}>
        <Button variant="outlined" disabled={busy || !username.trim()} onClick={() => request('unlock')}>
          {translate('app.account.send_unlock')}
        </Button>
        <Button variant="outlined" disabled={busy || !username.trim()} onClick={() => request('password-reset')}>
          {translate('app.account.send_reset')}
        </Button>
      </Stack>
      {sent && <Alert severity="success">{translate('app.account.sent')}</Alert>}
      {error && <Alert severity="error">{error}</Alert>}
    </AccountCard>
  );
}

/** #/reset-password?token=…: sets a new password with the mailed link. */
export function ResetPasswordPage() {
  const translate = useTranslate();
  const token = useToken();
  const { call, busy, error } = useAccountCall();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const valid = passwordMeetsPolicy(password) && password === repeat;
  return (
    <AccountCard title={translate('app.account.reset_title')}>
      {!token && <Alert severity="error">{translate('app.account.missing_token')}</Alert>}
      {token && !done && (
        <>
          <TextField
            type="password"
            label={translate('app.users.new_password')}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={password !== '' && !passwordMeetsPolicy(password)}
            helperText={translate('app.users.password_policy')}
            fullWidth
          />
          <TextField
            type="password"
            label={translate('app.account.repeat_password')}
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            error={repeat !== '' && repeat !== password}
            helperText={repeat !== '' && repeat !== password ? translate('app.account.mismatch') : ' '}
            fullWidth
          />
          <Button
            variant="contained"
            disabled={busy || !valid}
            onClick={async () => setDone(await call('/api/auth/password-reset/confirm', { token, password }))}
          >
            {translate('app.account.reset_action')}
          </Button>
        </>
      )}
      {done && <Alert severity="success">{translate('app.account.reset_done')}</Alert>}
      {error && <Alert severity="error">{error}</Alert>}
    </AccountCard>
  );
}

/**
 * #/unlock?token=…: a button rather than a request on opening, so a mail scanner that fetches the link does not
 * use it up.
 */
export function UnlockPage() {
  const translate = useTranslate();
  const token = useToken();
  const { call, busy, error } = useAccountCall();
  const [done, setDone] = useState(false);
  return (
    <AccountCard title={translate('app.account.unlock_title')}>
      {!token && <Alert severity="error">{translate('app.account.missing_token')}</Alert>}
      {token && !done && (
        <>
          <Typography variant="body2">{translate('app.account.unlock_intro')}</Typography>
          <Button
            variant="contained"
            disabled={busy}
            onClick={async () => setDone(await call('/api/auth/unlock/confirm', { token }))}
          >
            {translate('app.account.unlock_action')}
          </Button>
        </>
      )}
      {done && <Alert severity="success">{translate('app.account.unlock_done')}</Alert>}
      {error && <Alert severity="error">{error}</Alert>}
    </AccountCard>
  );
}
