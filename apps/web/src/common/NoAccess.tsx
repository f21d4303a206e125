import LockIcon from '@mui/icons-material/LockOutlined';
import { Box, Button, Typography } from '@mui/material';
import { HttpError, Link, Title, useTranslate } from 'react-admin';

/** The API refused the caller (403): a page the user may not see, not a failure to retry. */
export const isForbidden = (error: unknown): boolean => error instanceof HttpError && error.status === 403;

/**
 * 无权访问: shown instead of a page the user's role or territory does not cover, whether the menu's access table
 * or the API said so, so the user is never left with a spinner or a bare error.
 */
export function NoAccess() {
  const translate = useTranslate();
  return (
    <Box sx={{ py: 8, textAlign: 'center' }} component="section" aria-labelledby="no-access-title">
      <Title title={translate('cycle.no_access.title')} />
      <LockIcon sx={{ fontSize: 64, color: 'text.secondary' }} />
      <Typography id="no-access-title" variant="h5" component="h1" sx={{ mt: 2 }}>
        {translate('cycle.no_access.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mt: 1 }}>
        {translate('cycle.no_access.body')}
      </Typography>
      <Button component={Link} to="/" sx={{ mt: 3 }} variant="outlined">
        {translate('cycle.no_access.home')}
      </Button>
    </Box>
  );
}
