import EditCalendarIcon from '@mui/icons-material/EditCalendar';
import {
  Alert,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import {
  BooleanInput,
  DateInput,
  Form,
  HttpError,
  required,
  SaveButton,
  TextInput,
  useLocaleState,
  useNotify,
  useRefresh,
  useTranslate,
  type Validator,
} from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { todayIso, isIsoDay } from '../codes/dates';
import { codeLabel, useCodeList } from '../returns/CodePicker';
import { leafCodes } from './codeChoices';
import { CodeChoiceInput } from './CodeChoiceInput';
import type { ProfileVersion } from './enterprisesApi';
import { apiFieldErrors, toProfileChangePayload, type ProfileChangeValues } from './payloads';
import { Regions, type Scope } from './territory';
import { versionOn, versionStates } from './versions';

export const profilesKey = (id: string) => ['enterprises', id, 'profiles'];

const STATE_COLORS = { current: 'success', scheduled: 'info', past: 'default' } as const;

/**
 * The firm's profile versions (DOMAIN.md §2: tables of a period use the version valid then), and for the firm's
 * own users and admins (enterprises.edit) a dialog that records a change from a date.
 */
export function ProfileVersions({ enterpriseId }: { enterpriseId: string }) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const user = usePortalUser();
  const [locale = 'zh-CN'] = useLocaleState();
  const [editing, setEditing] = useState(false);
  const regions = useCodeList('regions');
  const natures = useCodeList('enterprise-natures');
  const industries = useCodeList('industries');
  const { data, error, isPending } = useQuery<ProfileVersion[], Error>({
    queryKey: profilesKey(enterpriseId),
    queryFn: async () => (await dataProvider.getProfileVersions('enterprises', { id: enterpriseId })).data,
  });
  const versions = data ?? [];
  const today = todayIso();
  const states = versionStates(versions, today);
  const canEdit = !!user?.permissions.includes('enterprises.edit');
  const yesNo = (flag: boolean) => translate(flag ? 'enterprises.profiles.yes' : 'enterprises.profiles.no');

  return (
    <Card sx={{ mt: 2 }} component="section" aria-labelledby="profiles-title">
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography id="profiles-title" variant="h6" component="h2" sx={{ flex: 1 }}>
            {translate('enterprises.profiles.title')}
          </Typography>
          {canEdit && versions.length > 0 && (
            <Button variant="outlined" startIcon={<EditCalendarIcon />} onClick={() => setEditing(true)}>
              {translate('enterprises.profiles.record_change')}
            </Button>
          )}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('enterprises.profiles.intro')}
        </Typography>
        {error && <Alert severity="error">{translate('enterprises.profiles.error', { message: error.message })}</Alert>}
        {!error && !isPending && versions.length === 0 && (
          <Typography variant="body2">{translate('enterprises.profiles.empty')}</Typography>
        )}
        {versions.length > 0 && (
          <Table size="small" aria-labelledby="profiles-title">
            <TableHead>
              <TableRow>
                {(
                  [
                    'validFrom',
                    'nameZh',
                    'regionCode',
                    'zoneCode',
                    'natureCode',
                    'industryCode',
                    'keyEnterprise',
                    'advancedTech',
                  ] as const
                ).map((field) => (
                  <TableCell key={field}>{translate(`enterprises.fields.${field}`)}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {versions.map((v, i) => (
                <TableRow key={v.id} selected={states[i] === 'current'}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {v.validFrom}{' '}
                    <Chip
                      size="small"
                      color={STATE_COLORS[states[i]]}
                      label={translate(`enterprises.profiles.${states[i]}`)}
                    />
                  </TableCell>
                  <TableCell>{v.nameZh}</TableCell>
                  <TableCell>{codeLabel(regions, v.regionCode, locale)}</TableCell>
                  <TableCell>{codeLabel(regions, v.zoneCode, locale) || '—'}</TableCell>
                  <TableCell>{codeLabel(natures, v.natureCode, locale)}</TableCell>
                  <TableCell>{codeLabel(industries, v.industryCode, locale)}</TableCell>
                  <TableCell>{yesNo(v.keyEnterprise)}</TableCell>
                  <TableCell>{yesNo(v.advancedTech)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {editing && (
          <ProfileChangeDialog enterpriseId={enterpriseId} versions={versions} onClose={() => setEditing(false)} />
        )}
      </CardContent>
    </Card>
  );
}

const validDay: Validator = (value: unknown) =>
  value && !isIsoDay(value) ? 'enterprises.profiles.date_format' : undefined;

function ProfileChangeDialog({
  enterpriseId,
  versions,
  onClose,
}: {
  enterpriseId: string;
  versions: ProfileVersion[];
  onClose: () => void;
}) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const [locale = 'zh-CN'] = useLocaleState();
  const today = todayIso();
  // The form starts from the version valid today; only what the user changes in it is sent, and the API takes the
  // other fields from the version valid on the chosen date.
  const start = versionOn(versions, today) ?? versions[versions.length - 1];
  const record = useMemo(
    () => ({
      id: 'profile-change',
      validFrom: today,
      nameZh: start.nameZh,
      regionCode: start.regionCode,
      zoneCode: start.zoneCode,
      natureCode: start.natureCode,
      industryCode: start.industryCode,
      keyEnterprise: start.keyEnterprise,
      advancedTech: start.advancedTech,
    }),
    [start, today],
  );

  const submit = async (values: ProfileChangeValues) => {
    const change = toProfileChangePayload(values, start);
    if (!change) return { nameZh: translate('enterprises.profiles.nothing_changed') };
    try {
      await dataProvider.changeProfile('enterprises', { id: enterpriseId, change });
      await queryClient.invalidateQueries({ queryKey: profilesKey(enterpriseId) });
      refresh();
      notify('enterprises.profiles.saved', { type: 'success', messageArgs: { date: change.validFrom } });
      onClose();
      return undefined;
    } catch (error) {
      const body = error instanceof HttpError ? error.body : undefined;
      const errors = apiFieldErrors(body, locale, {
        byCode: { NOT_FOUND: 'validFrom' },
        codeFields: {
          regionCode: change.regionCode,
          zoneCode: change.zoneCode,
          natureCode: change.natureCode,
          industryCode: change.industryCode,
        },
      });
      if (errors) return errors;
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
      return undefined;
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" aria-labelledby="profile-change-title">
      <Form record={record} onSubmit={submit} mode="onTouched">
        <DialogTitle id="profile-change-title">{translate('enterprises.profiles.change_title')}</DialogTitle>
        <DialogContent>
          <Alert severity="info" sx={{ mb: 2 }}>
            {translate('enterprises.profiles.change_hint')}
          </Alert>
          <DateInput source="validFrom" label="enterprises.fields.validFrom" validate={[required(), validDay]} />
          <ProfileInputs />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <SaveButton alwaysEnable />
        </DialogActions>
      </Form>
    </Dialog>
  );
}

/** A firm's own users place it anywhere: the territory rules of registration do not apply to its changes. */
const FIRM_SCOPE: Scope = { scopeKind: 'ENTERPRISE', scopeCode: null };

/** The profile fields of a change; a firm may move to any district or city, and into any zone there. */
function ProfileInputs() {
  const regionItems = useCodeList('regions');
  const natures = useCodeList('enterprise-natures');
  const industries = useCodeList('industries');
  const regions = useMemo(() => new Regions(regionItems), [regionItems]);
  const { setValue, getValues } = useFormContext<ProfileChangeValues>();
  const regionCode = useWatch<ProfileChangeValues, 'regionCode'>({ name: 'regionCode' }) ?? null;
  const zones = useMemo(() => regions.zonesFor(FIRM_SCOPE, regionCode), [regions, regionCode]);
  const natureLeaves = useMemo(() => leafCodes(natures), [natures]);
  return (
    <>
      <TextInput source="nameZh" label="enterprises.fields.nameZh" validate={required()} fullWidth />
      <CodeChoiceInput
        source="regionCode"
        label="enterprises.fields.regionCode"
        items={regions.districtsAndCities()}
        validate={required()}
        onChange={(code) => {
          const zone = getValues('zoneCode');
          if (zone && !regions.zonesFor(FIRM_SCOPE, code).some((z) => z.code === zone)) setValue('zoneCode', null);
        }}
      />
      <CodeChoiceInput
        source="zoneCode"
        label="enterprises.fields.zoneCode"
        items={zones}
        helperText="enterprises.register.zone_hint"
      />
      <CodeChoiceInput
        source="natureCode"
        label="enterprises.fields.natureCode"
        items={natureLeaves}
        validate={required()}
      />
      <CodeChoiceInput
        source="industryCode"
        label="enterprises.fields.industryCode"
        items={industries}
        validate={required()}
      />
      <BooleanInput source="keyEnterprise" label="enterprises.fields.keyEnterprise" />
      <BooleanInput source="advancedTech" label="enterprises.fields.advancedTech" />
    </>
  );
}
