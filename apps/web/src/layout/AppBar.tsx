import { Box, Typography } from '@mui/material';
import { AppBar as RaAppBar, LoadingIndicator, LocalesMenuButton, TitlePortal, useTranslate } from 'react-admin';
import { NotificationBell } from '../resources/notifications/NotificationBell';
import { usePortalUser } from './usePortalUser';

export function AppBar() {
  const user = usePortalUser();
  const translate = useTranslate();
  return (
    <RaAppBar
      // The stock toolbar without the light/dark toggle: the portal has one theme.
      toolbar={
        <>
          {user && <NotificationBell />}
          <LocalesMenuButton />
          <LoadingIndicator />
        </>
      }
    >
      <TitlePortal />
      {user && (
        <Box sx={{ textAlign: 'right', mr: 1, lineHeight: 1.2 }}>
          <Typography variant="body2" component="div">
            {user.displayName}
          </Typography>
          <Typography variant="caption" component="div" sx={{ opacity: 0.8 }}>
            {user.scopeName ?? translate(`app.scope_kinds.${user.scopeKind}`)}
          </Typography>
        </Box>
      )}
    </RaAppBar>
  );
}
