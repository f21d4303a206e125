import EditIcon from '@mui/icons-material/Edit';
import {
  Autocomplete,
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
import { Link, Title, useGetList, useGetOne, useNotify, useParams, useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout';
import { usePortalDataProvider } from '../../providers/dataProvider';
import type { PeriodRow } from '@portal/shared';
import { FieldsDialog } from './FieldsDialog';
import { type PeriodException } from './periodsApi';
import { beijingTime } from '../../common/beijingTime';
import { BeijingTime } from '../../common/DateTimeField';
import { periodPhase, shanghaiToday } from './periods';

type Kind = 'extensions' | 'exemptions';

/** One period: its calendar (editable by the province and the administrator), its extensions and exemptions. */
export function PeriodShow() {
  const { id = '' } = useParams<{ id: string }>();
  const translate = useTranslate();
  const user = usePortalUser();
  const { data: period, refetch } = useGetOne<PeriodRow>('periods', { id });
  const [editing, setEditing] = useState(false);
  const canEdit = !!user?.permissions.includes('periods.exceptions');
  if (!period) return null;
  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate('deadlines.period.title', { code: period.code })} />
      <Card sx={{ mt: 2, mb: 2 }} component="section" aria-label={translate('deadlines.period.calendar')}>
        <CardContent>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
            <Typography variant="h6" component="h2">
              {translate('deadlines.period.title', { code: period.code })}
            </Typography>
            <Chip size="small" label={translate(`app.periods.phases.${periodPhase(period, shanghaiToday())}`)} />
            <Box sx={{ flex: 1 }} />
            {canEdit && (
              <Button startIcon={<EditIcon />} onClick={() => setEditing(true)}>
                {translate('deadlines.period.edit')}
              </Button>
            )}
          </Stack>
          <Table size="small" sx={{ maxWidth: 560 }}>
            <TableBody>
              {(['openDate', 'dueDate', 'lockDate', 'cnyPerUsd'] as const).map((f) => (
                <TableRow key={f}>
                  <TableCell component="th">{translate(`resources.periods.fields.${f}`)}</TableCell>
                  <TableCell data-field={f}>{String(period[f])}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <ExceptionsCard code={period.code} kind="extensions" canEdit={canEdit} />
      <ExceptionsCard code={period.code} kind="exemptions" canEdit={canEdit} />
      {editing && (
        <EditPeriodDialog
          period={period}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void refetch();
          }}
        />
      )}
    </Box>
  );
}

function EditPeriodDialog({
  period,
  onClose,
  onSaved,
}: {
  period: PeriodRow;
  onClose: () => void;
  onSaved: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  return (
    <FieldsDialog
      id="edit-period"
      title={translate('deadlines.period.edit')}
      hint={translate('deadlines.period.edit_hint')}
      confirmLabel="ra.action.save"
      fields={[
        { name: 'dueDate', label: 'resources.periods.fields.dueDate', type: 'date', initial: period.dueDate },
        { name: 'lockDate', label: 'resources.periods.fields.lockDate', type: 'date', initial: period.lockDate },
        { name: 'cnyPerUsd', label: 'resources.periods.fields.cnyPerUsd', initial: String(period.cnyPerUsd) },
        { name: 'reason', label: 'deadlines.period.reason', required: true, multiline: true },
      ]}
      onClose={onClose}
      onSubmit={async (v) => {
        await dataProvider.updatePeriod('periods', {
          code: period.code,
          reason: v.reason,
          ...(v.dueDate !== period.dueDate ? { dueDate: v.dueDate } : {}),
          ...(v.lockDate !== period.lockDate ? { lockDate: v.lockDate } : {}),
          ...(Number(v.cnyPerUsd) !== period.cnyPerUsd ? { cnyPerUsd: Number(v.cnyPerUsd) } : {}),
        });
        notify('deadlines.period.saved', { type: 'success' });
        onSaved();
      }}
    />
  );
}

/** A firm of the caller's territory, picked by typing its name or USCC. */
function FirmPicker({ onChange }: { onChange: (id: string | null) => void }) {
  const translate = useTranslate();
  const [q, setQ] = useState('');
  const { data = [] } = useGetList<{ id: string; nameZh: string; uscc: string }>('enterprises', {
    filter: q ? { q } : {},
    pagination: { page: 1, perPage: 20 },
    sort: { field: 'nameZh', order: 'ASC' },
  });
  return (
    <Autocomplete
      options={data}
      getOptionLabel={(o) => `${o.nameZh}（${o.uscc}）`}
      onInputChange={(_e, v) => setQ(v.replace(/（.*$/, ''))}
      onChange={(_e, v) => onChange(v?.id ?? null)}
      noOptionsText={translate('ra.navigation.no_results')}
      renderInput={(params) => <TextField {...params} required label={translate('deadlines.exceptions.firm')} />}
    />
  );
}

function ExceptionsCard({ code, kind, canEdit }: { code: string; kind: Kind; canEdit: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = usePortalDataProvider();
  const [rows, setRows] = useState<PeriodException[] | null>(null);
  const [granting, setGranting] = useState(false);
  const [firm, setFirm] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<PeriodException | null>(null);

  const load = useCallback(async () => {
    const { data } = await dataProvider.getPeriodExceptions('periods', { code, kind });
    setRows(data);
  }, [code, dataProvider, kind]);
  useEffect(() => {
    load().catch(() => setRows([]));
  }, [load]);

  return (
    <Card sx={{ mb: 2 }} component="section" aria-label={translate(`deadlines.exceptions.${kind}`)}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2">
            {translate(`deadlines.exceptions.${kind}`)}
          </Typography>
          <Box sx={{ flex: 1 }} />
          {canEdit && (
            <Button onClick={() => setGranting(true)}>
              {translate(
                kind === 'extensions' ? 'deadlines.exceptions.grant_extension' : 'deadlines.exceptions.grant_exemption',
              )}
            </Button>
          )}
        </Stack>
        {rows && rows.length === 0 && (
          <Typography color="text.secondary">{translate('deadlines.exceptions.none')}</Typography>
        )}
        {rows && rows.length > 0 && (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('deadlines.exceptions.firm')}</TableCell>
                {kind === 'extensions' && <TableCell>{translate('deadlines.exceptions.until')}</TableCell>}
                <TableCell>{translate('deadlines.exceptions.reason')}</TableCell>
                <TableCell>{translate('deadlines.exceptions.granted_at')}</TableCell>
                <TableCell>{translate('deadlines.exceptions.state')}</TableCell>
                {canEdit && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((x) => (
                <TableRow key={x.id}>
                  <TableCell>
                    <Link to={`/enterprises/${x.enterpriseId}/show`}>{x.nameZh}</Link>
                  </TableCell>
                  {kind === 'extensions' && <TableCell>{x.until && <BeijingTime value={x.until} />}</TableCell>}
                  <TableCell>{x.reason}</TableCell>
                  <TableCell>
                    <BeijingTime value={x.createdAt} />
                  </TableCell>
                  <TableCell>
                    {x.revokedAt ? (
                      <Typography variant="body2" color="text.secondary">
                        {translate('deadlines.exceptions.revoked', {
                          at: `${beijingTime(x.revokedAt)} ${translate('deadlines.beijing')}`,
                          reason: x.revokeReason ?? '',
                        })}
                      </Typography>
                    ) : (
                      <Chip size="small" color="success" label={translate('deadlines.exceptions.live')} />
                    )}
                  </TableCell>
                  {canEdit && (
                    <TableCell>
                      {!x.revokedAt && (
                        <Button size="small" color="warning" onClick={() => setRevoking(x)}>
                          {translate('deadlines.exceptions.revoke')}
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      {granting && (
        <FieldsDialog
          id={`grant-${kind}`}
          title={translate(
            kind === 'extensions' ? 'deadlines.exceptions.grant_extension' : 'deadlines.exceptions.grant_exemption',
          )}
          hint={translate('deadlines.exceptions.grant_hint')}
          fields={[
            ...(kind === 'extensions'
              ? [{ name: 'until', label: 'deadlines.exceptions.until_date', type: 'date' as const, required: true }]
              : []),
            { name: 'reason', label: 'deadlines.exceptions.reason', required: true, multiline: true },
          ]}
          onClose={() => setGranting(false)}
          onSubmit={async (v) => {
            if (!firm) throw new Error(translate('deadlines.exceptions.firm'));
            await dataProvider.grantPeriodException('periods', {
              code,
              kind,
              enterpriseId: firm,
              reason: v.reason,
              ...(kind === 'extensions' ? { until: v.until } : {}),
            });
            notify('deadlines.exceptions.granted', { type: 'success' });
            setGranting(false);
            setFirm(null);
            await load();
          }}
        >
          <FirmPicker onChange={setFirm} />
        </FieldsDialog>
      )}
      {revoking && (
        <FieldsDialog
          id={`revoke-${kind}`}
          title={translate('deadlines.exceptions.revoke_title', {
            firm: revoking.nameZh,
            kind: translate(`deadlines.exceptions.kind_${kind}`),
          })}
          hint={translate('deadlines.exceptions.revoke_hint')}
          fields={[{ name: 'reason', label: 'deadlines.exceptions.reason', required: true, multiline: true }]}
          onClose={() => setRevoking(null)}
          onSubmit={async (v) => {
            await dataProvider.revokePeriodException('periods', { code, kind, id: revoking.id, reason: v.reason });
            notify('deadlines.exceptions.revoked_done', { type: 'success' });
            setRevoking(null);
            await load();
          }}
        />
      )}
    </Card>
  );
}
