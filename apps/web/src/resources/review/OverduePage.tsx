import { PERIOD_PATTERN, periodOfDate, previousPeriod } from '@portal/shared';
import SendIcon from '@mui/icons-material/Send';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Confirm, Link, Title, useNotify, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { type ReminderRecord } from '../periods/periodsApi';
import { BeijingTime } from '../../common/DateTimeField';
import { useRegionNames } from '../codes/useRegionNames';
import type { OverdueReport, OverdueUnit } from './reviewApi';

/** The quarter being filed now: the one before today's (as the API defaults). */
export const filingPeriod = (today = new Date()) => previousPeriod(periodOfDate(today.toISOString().slice(0, 10)));

/** 催报: per review unit of the caller's territory, the firms owing the period that have not filed, and reminders. */
export function OverduePage() {
  const translate = useTranslate();
  const regionNames = useRegionNames();
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  const [period, setPeriod] = useState(filingPeriod);
  const [report, setReport] = useState<OverdueReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const valid = PERIOD_PATTERN.test(period);

  const load = useCallback(async () => {
    if (!valid) return;
    try {
      const { data } = await dataProvider.getOverdue('review/inbox', { periodCode: period });
      setReport(data);
      setError(null);
    } catch (e) {
      setReport(null);
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [dataProvider, period, valid]);

  useEffect(() => {
    void load();
  }, [load]);

  const [confirming, setConfirming] = useState<OverdueUnit[] | null>(null);
  const [historyTick, setHistoryTick] = useState(0);
  const remind = async (units: OverdueUnit[]) => {
    setBusy(true);
    try {
      const enterpriseIds = units.flatMap((u) => u.notFiled.map((f) => f.enterpriseId));
      const { data } = await dataProvider.sendReminders('review/inbox', { periodCode: period, enterpriseIds });
      notify('review.overdue.sent', { type: 'success', messageArgs: { smart_count: data.notified.length } });
      const recent = data.skipped.filter((x) => x.reason === 'RECENTLY_REMINDED').length;
      if (recent > 0)
        notify('deadlines.reminders.skipped_recent', { type: 'info', messageArgs: { smart_count: recent } });
      await load();
      setHistoryTick((t) => t + 1);
    } catch (e) {
      notify(e instanceof Error ? e.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  const owing = report?.units.filter((u) => u.notFiled.length > 0) ?? [];
  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate('review.overdue.title')} />
      <Card sx={{ mt: 2, mb: 2 }}>
        <CardContent>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
            <TextField
              size="small"
              label={translate('review.overdue.period')}
              value={period}
              onChange={(e) => setPeriod(e.target.value.trim().toUpperCase())}
              error={!valid}
              helperText={valid ? undefined : translate('review.overdue.period_hint')}
            />
            {report && (
              <Typography color="text.secondary">
                {translate('review.overdue.deadline', { due: report.dueDate, lock: report.lockDate })}
              </Typography>
            )}
            {report?.pastDue && <Chip color="error" label={translate('review.overdue.past_due')} />}
            <Box sx={{ flex: 1 }} />
            <Button
              variant="contained"
              startIcon={<SendIcon />}
              disabled={busy || owing.length === 0}
              onClick={() => setConfirming(owing)}
            >
              {translate('review.overdue.remind_all')}
            </Button>
          </Stack>
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </CardContent>
      </Card>
      {report && report.units.length === 0 && <Alert severity="info">{translate('review.overdue.no_units')}</Alert>}
      {report?.units.map((unit) => (
        <Card
          key={unit.reviewUnitCode}
          sx={{ mb: 2 }}
          component="section"
          aria-label={regionNames.get(unit.reviewUnitCode) ?? unit.reviewUnitName ?? unit.reviewUnitCode}
        >
          <CardContent>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
              <Typography variant="h6" component="h2">
                {regionNames.get(unit.reviewUnitCode) ?? unit.reviewUnitName ?? unit.reviewUnitCode}
              </Typography>
              <Typography color="text.secondary">
                {translate('review.overdue.rate', {
                  filed: unit.filed,
                  owing: unit.owing,
                  late: unit.late.length,
                })}
              </Typography>
              <Box sx={{ flex: 1 }} />
              <Button
                size="small"
                startIcon={<SendIcon />}
                disabled={busy || unit.notFiled.length === 0}
                onClick={() => setConfirming([unit])}
              >
                {translate('review.overdue.remind', { smart_count: unit.notFiled.length })}
              </Button>
            </Stack>
            {unit.notFiled.length === 0 ? (
              <Typography color="success.main">{translate('review.overdue.all_filed')}</Typography>
            ) : (
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('review.overdue.firm')}</TableCell>
                    <TableCell>{translate('review.overdue.uscc')}</TableCell>
                    <TableCell>{translate('review.overdue.status')}</TableCell>
                    <TableCell>{translate('review.overdue.days')}</TableCell>
                    <TableCell>{translate('deadlines.reminders.last')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {unit.notFiled.map((f) => (
                    <TableRow key={f.enterpriseId}>
                      <TableCell>
                        <Link to={`/enterprises/${f.enterpriseId}/show`}>{f.nameZh}</Link>
                      </TableCell>
                      <TableCell>{f.uscc}</TableCell>
                      <TableCell>
                        {f.returnStatus === 'NONE'
                          ? translate('review.overdue.not_opened')
                          : translate(`app.return_status.${f.returnStatus}`)}
                      </TableCell>
                      <TableCell>{f.daysOverdue > 0 ? f.daysOverdue : '—'}</TableCell>
                      <TableCell>
                        {f.lastRemindedAt ? (
                          <>
                            <BeijingTime value={f.lastRemindedAt} /> ({f.reminders})
                          </>
                        ) : (
                          translate('deadlines.reminders.never')
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      ))}
      {valid && <ReminderHistory period={period} tick={historyTick} />}
      <Confirm
        isOpen={confirming !== null}
        loading={busy}
        title="deadlines.reminders.confirm_title"
        content="deadlines.reminders.confirm_body"
        translateOptions={{
          smart_count: confirming?.reduce((n, u) => n + u.notFiled.length, 0) ?? 0,
          period,
          hours: report?.intervalHours ?? 24,
        }}
        onConfirm={() => confirming && void remind(confirming)}
        onClose={() => setConfirming(null)}
      />
    </Box>
  );
}

/** Who was reminded when for the period (催报记录), newest first, in Beijing time. */
function ReminderHistory({ period, tick }: { period: string; tick: number }) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const [rows, setRows] = useState<ReminderRecord[]>([]);
  useEffect(() => {
    dataProvider
      .getReminderHistory('review/inbox', { periodCode: period })
      .then(({ data }) => setRows(data))
      .catch(() => setRows([]));
  }, [dataProvider, period, tick]);
  return (
    <Card component="section" aria-label={translate('deadlines.reminders.history')}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('deadlines.reminders.history')}
        </Typography>
        {rows.length === 0 ? (
          <Typography color="text.secondary">{translate('deadlines.reminders.history_empty')}</Typography>
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('deadlines.reminders.at')}</TableCell>
                <TableCell>{translate('deadlines.reminders.firm')}</TableCell>
                <TableCell>{translate('deadlines.reminders.by')}</TableCell>
                <TableCell>{translate('deadlines.reminders.users')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <BeijingTime value={r.sentAt} />
                  </TableCell>
                  <TableCell>{r.nameZh}</TableCell>
                  <TableCell>{r.sentByUsername}</TableCell>
                  <TableCell>{r.users}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
