import { Alert, Box, Button, Card, CardContent, Chip, List, ListItem, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link, useGetList, useTranslate } from 'react-admin';
import { usePortalUser } from '../layout';
import { usePortalDataProvider } from '../providers/dataProvider';
import type { PeriodRow, ReturnRow } from '@portal/shared';
import { type FirmStanding } from '../resources/periods/periodsApi';
import { beijingLastDay } from '../common/beijingTime';
import { openPeriods, shanghaiToday } from '../resources/periods/periods';
import { ReturnStatusChip } from '../resources/returns/ReturnStatusField';
import { BounceLine } from '../resources/review';

/** Statuses in which a return waits for the firm: sent back to fix or explain, or a correction asked for. */
const TO_FIX = ['RETURNED', 'CORRECTION_REQUESTED'];

/**
 * 待办事项 on the home page. A firm: each open period with its deadline, where its return stands and whether it is
 * late, and returns sent back to it. The province: extension requests waiting for an answer.
 */
export function HomeTodo() {
  const user = usePortalUser();
  if (!user) return null;
  if (user.scopeKind === 'ENTERPRISE' && user.permissions.includes('returns.read')) return <FirmTodo />;
  if (user.permissions.includes('periods.exceptions') && user.scopeKind === 'PROVINCE') return <ProvinceTodo />;
  return null;
}

function FirmTodo() {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const today = shanghaiToday();
  const { data: periods = [] } = useGetList<PeriodRow>('periods', {
    pagination: { page: 1, perPage: 8 },
    sort: { field: 'code', order: 'DESC' },
  });
  const { data: returns = [] } = useGetList<ReturnRow>('returns', {
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'periodCode', order: 'DESC' },
  });
  const open = openPeriods(periods, today);
  const [standings, setStandings] = useState<Record<string, FirmStanding>>({});
  const openCodes = open.map((p) => p.code).join(',');
  useEffect(() => {
    if (!openCodes) return;
    void Promise.all(
      openCodes.split(',').map((code) =>
        dataProvider
          .getStanding('periods', { code })
          .then(({ data }) => [code, data] as const)
          .catch(() => null),
      ),
    ).then((all) => setStandings(Object.fromEntries(all.filter((x) => x !== null))));
  }, [dataProvider, openCodes]);
  const toFix = returns.filter((r) => TO_FIX.includes(r.status));

  return (
    <Card sx={{ mt: 2 }} component="section" aria-label={translate('deadlines.todo.title')}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('deadlines.todo.title')}
        </Typography>
        {open.length === 0 && toFix.length === 0 && (
          <Typography color="text.secondary">{translate('deadlines.todo.none')}</Typography>
        )}
        <List dense disablePadding>
          {open.map((p) => {
            const ret = returns.find((r) => r.periodCode === p.code);
            const s = standings[p.code];
            const due = s?.extension ? beijingLastDay(s.extension.until) : p.dueDate;
            return (
              <ListItem key={p.code} disableGutters data-testid={`todo-${p.code}`}>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
                  <Typography>{translate('deadlines.todo.period_line', { period: p.code, due })}</Typography>
                  {ret ? (
                    <ReturnStatusChip status={ret.status} />
                  ) : (
                    <Chip size="small" label={translate('deadlines.todo.not_started')} />
                  )}
                  {s?.late && (
                    <Chip
                      size="small"
                      color="error"
                      variant="outlined"
                      label={translate('deadlines.late_days', { smart_count: s.daysLate })}
                    />
                  )}
                  {s?.exemption && <Chip size="small" label={translate('deadlines.exceptions.exemptions')} />}
                  <Box>
                    <Button size="small" component={Link} to={ret ? `/returns/${ret.id}/show` : '/returns'}>
                      {translate(ret ? 'deadlines.todo.open' : 'deadlines.todo.start')}
                    </Button>
                  </Box>
                  {/* A return sent back is listed below with its reason; a draft the checks bounced, here. */}
                  {ret && !TO_FIX.includes(ret.status) && <BounceLine returnId={ret.id} status={ret.status} />}
                </Stack>
              </ListItem>
            );
          })}
          {toFix.map((r) => (
            <ListItem key={r.id} disableGutters>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
                <Typography>{r.periodCode}</Typography>
                <ReturnStatusChip status={r.status} />
                <Button size="small" component={Link} to={`/returns/${r.id}/show`}>
                  {translate('deadlines.todo.open')}
                </Button>
                <BounceLine returnId={r.id} status={r.status} />
              </Stack>
            </ListItem>
          ))}
        </List>
      </CardContent>
    </Card>
  );
}

function ProvinceTodo() {
  const translate = useTranslate();
  const { total } = useGetList('extension-requests', {
    filter: { status: 'PENDING' },
    pagination: { page: 1, perPage: 1 },
  });
  if (!total) return null;
  return (
    <Alert
      severity="warning"
      sx={{ mt: 2 }}
      action={
        <Button size="small" component={Link} to="/extension-requests">
          {translate('deadlines.todo.requests_open')}
        </Button>
      }
    >
      {translate('deadlines.todo.requests_pending', { smart_count: total })}
    </Alert>
  );
}
