import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { usePortalUser } from '../layout';
import { ProvincialDashboard } from '../resources/official-tables';
import { HomeTodo } from './HomeTodo';

/**
 * The landing page: who the user is here, and over what territory their roles apply; users who read official
 * tables (provincial statisticians, city bureaus) also get the statistics overview of their territory.
 */
export function Dashboard() {
  const user = usePortalUser();
  return (
    <Box sx={{ pb: 4 }}>
      <Welcome />
      <HomeTodo />
      {user?.permissions.includes('tables.read') && <ProvincialDashboard />}
    </Box>
  );
}

function Welcome() {
  const user = usePortalUser();
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="ra.page.dashboard" />
      {user && (
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom>
            {translate('app.dashboard.welcome', { name: user.displayName })}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 3 }}>
            {translate('app.dashboard.intro')}
          </Typography>
          <Typography variant="subtitle2" component="h2" gutterBottom>
            {translate('app.dashboard.roles')}
          </Typography>
          <Stack
            direction="row"
            spacing={1}
            useFlexGap
            sx={{ flexWrap: 'wrap', mb: 3 }}
            aria-label={translate('app.dashboard.roles')}
          >
            {user.roles.map((role) => (
              <Chip key={role} color="primary" variant="outlined" label={translate(`app.roles.${role}`)} />
            ))}
          </Stack>
          <Typography variant="subtitle2" component="h2" gutterBottom>
            {translate('app.dashboard.scope')}
          </Typography>
          <Typography>
            {translate(`app.scope_kinds.${user.scopeKind}`)}
            {user.scopeName ? ` · ${user.scopeName}` : ''}
          </Typography>
        </CardContent>
      )}
    </Card>
  );
}
