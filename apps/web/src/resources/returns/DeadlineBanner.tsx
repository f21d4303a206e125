import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import { Alert, Button, Stack } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout';
import { usePortalDataProvider } from '../../providers/dataProvider';
import type { ReturnRow } from '@portal/shared';
import { FieldsDialog } from '../periods/FieldsDialog';
import { type FirmStanding } from '../periods/periodsApi';
import { beijingLastDay, beijingTime } from '../../common/beijingTime';

/**
 * The deadline as it applies to this firm, at the top of its return: late by how many days, an extension or
 * exemption in force, the answer to its extension request; the firm asks for an extension here. Reviewers see the
 * same on the review screen, so a late-looking return with an extension is judged by the extended date.
 */
export function DeadlineBanner({ detail }: { detail: Pick<ReturnRow, 'periodCode' | 'enterpriseId' | 'status'> }) {
  const translate = useTranslate();
  const notify = useNotify();
  const user = usePortalUser();
  const dataProvider = usePortalDataProvider();
  const [standing, setStanding] = useState<FirmStanding | null>(null);
  const [asking, setAsking] = useState(false);
  const isFirm = user?.scopeKind === 'ENTERPRISE';

  const load = useCallback(async () => {
    const { data } = await dataProvider.getStanding('periods', {
      code: detail.periodCode,
      enterpriseId: isFirm ? undefined : detail.enterpriseId,
    });
    setStanding(data);
  }, [dataProvider, detail.enterpriseId, detail.periodCode, isFirm]);
  useEffect(() => {
    load().catch(() => setStanding(null));
  }, [load]);

  if (!standing) return null;
  const request = standing.request;
  const canAsk =
    isFirm &&
    !!user?.permissions.includes('returns.edit') &&
    detail.status !== 'APPROVED' &&
    !standing.exemption &&
    request?.status !== 'PENDING';
  return (
    <Stack spacing={1} sx={{ mt: 2 }} aria-label={translate('resources.periods.fields.dueDate')}>
      {standing.late && (
        <Alert severity="error" data-testid="late-banner">
          {translate('deadlines.standing.late', { smart_count: standing.daysLate })} ·{' '}
          {translate('deadlines.standing.due', { date: standing.dueDate })}
        </Alert>
      )}
      {standing.extension && (
        <Alert severity="info" data-testid="extension-banner">
          {translate(isFirm ? 'deadlines.standing.extended' : 'cycle.extension.reviewer', {
            until: beijingLastDay(standing.extension.until),
            reason: standing.extension.reason,
          })}
        </Alert>
      )}
      {standing.exemption && (
        <Alert severity="info">{translate('deadlines.standing.exempt', { reason: standing.exemption.reason })}</Alert>
      )}
      {request?.status === 'PENDING' && (
        <Alert severity="info">
          {translate('deadlines.standing.request_pending', { until: request.requestedUntil })}
        </Alert>
      )}
      {request?.status === 'REFUSED' && (
        <Alert severity="warning">
          {translate('deadlines.standing.request_refused', { note: request.decisionNote ?? '' })} (
          {request.decidedAt ? `${beijingTime(request.decidedAt)} ${translate('deadlines.beijing')}` : ''})
        </Alert>
      )}
      {canAsk && (
        <div>
          <Button size="small" startIcon={<EventRepeatIcon />} onClick={() => setAsking(true)}>
            {translate('deadlines.standing.ask')}
          </Button>
        </div>
      )}
      {asking && (
        <FieldsDialog
          id="ask-extension"
          title={translate('deadlines.standing.ask_title', { period: detail.periodCode })}
          hint={translate('deadlines.standing.ask_hint')}
          fields={[
            { name: 'until', label: 'deadlines.standing.ask_until', type: 'date', required: true },
            { name: 'reason', label: 'deadlines.standing.ask_reason', required: true, multiline: true },
          ]}
          onClose={() => setAsking(false)}
          onSubmit={async (v) => {
            await dataProvider.requestExtension('periods', {
              code: detail.periodCode,
              until: v.until,
              reason: v.reason,
            });
            notify('deadlines.standing.asked', { type: 'success' });
            setAsking(false);
            await load();
          }}
        />
      )}
    </Stack>
  );
}
