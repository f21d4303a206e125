import { Typography } from '@mui/material';
import { Login, LoginForm, useTranslate } from 'react-admin';

/** The stock login, with the portal's name above the form so users know where they are signing in. */
export function LoginPage() {
  const translate = useTranslate();
  return (
    <Login>
      <Typography variant="h6" component="h1" align="center" sx={{ px: 2, pb: 1, maxWidth: 320, mx: 'auto' }}>
        {translate('app.title')}
      </Typography>
      <LoginForm />
    </Login>
  );
}
