import { Box, Typography } from '@mui/material';
import { Link, Login, LoginForm, useTranslate } from 'react-admin';

/**
 * The stock login, with the portal's name above the form so users know where they are signing in, and the way to
 * a mailed reset or unlock link below it.
 */
export function LoginPage() {
  const translate = useTranslate();
  return (
    <Login>
      <Typography variant="h6" component="h1" align="center" sx={{ px: 2, pb: 1, maxWidth: 320, mx: 'auto' }}>
        {translate('app.title')}
      </Typography>
      <LoginForm />
      <Box sx={{ px: 2, pb: 2, textAlign: 'center' }}>
        <Link to="/account-help">{translate('app.account.help_link')}</Link>
      </Box>
    </Login>
  );
}
