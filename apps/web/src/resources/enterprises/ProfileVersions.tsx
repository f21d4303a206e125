import EditCalendarIcon from '@mui/icons-material/EditCalendar';
import { Button, Chip, TableCell, TableRow } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CodeItem } from '@portal/shared';
import { useMemo, useState } from 'react';
import {
  DateInput,
  required,
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
import { EnterprisePanel, FieldsTable, useYesNo } from './EnterprisePanel';
import { FormDialog } from './FormDialog';
import { isPendingChange, type ProfileVersion } from './enterprisesApi';
import { codeFieldsOf, PROFILE_FIELDS, toProfileChangePayload, type ProfileChangeValues } from './payloads';
import { PlacementInputs } from './PlacementInputs';
import { ProfileAttributeInputs } from './ProfileAttributeInputs';
import { useSubmitErrors } from './submitErrors';
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
  const yesNo = useYesNo();
  const [locale = 'zh-CN'] = useLocaleState();
  const [editing, setEditing] = useState(false);
  const regions = useCodeList('regions');
  const natures = useCodeList('enterprise-natures');
  const industries = useCodeList('industries');
  const industries2002 = useCodeList('industries-2002');
  const { data, error, isPending } = useQuery<ProfileVersion[], Error>({
    queryKey: profilesKey(enterpriseId),
    queryFn: async () => (await dataProvider.getProfileVersions('enterprises', { id: enterpriseId })).data,
  });
  const versions = data ?? [];
  const today = todayIso();
  const states = versionStates(versions, today);
  const canEdit = !!user?.permissions.includes('enterprises.edit');

  return (
    <EnterprisePanel
      section="profiles"
      action={
        canEdit &&
        versions.length > 0 && (
          <Button variant="outlined" startIcon={<EditCalendarIcon />} onClick={() => setEditing(true)}>
            {translate('enterprises.profiles.record_change')}
          </Button>
        )
      }
      error={error}
      empty={!error && !isPending && versions.length === 0}
    >
      {versions.length > 0 && (
        <FieldsTable section="profiles" fields={['validFrom', ...PROFILE_FIELDS]}>
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
              <TableCell>{industryLabel(industries, v.industryCode, v.industrySection, locale)}</TableCell>
              <TableCell>
                {industryLabel(industries2002, v.industryCode2002, v.industrySection2002, locale) || '—'}
              </TableCell>
              <TableCell>{yesNo(v.keyEnterprise)}</TableCell>
              <TableCell>{yesNo(v.advancedTech)}</TableCell>
            </TableRow>
          ))}
        </FieldsTable>
      )}
      {editing && (
        <ProfileChangeDialog enterpriseId={enterpriseId} versions={versions} onClose={() => setEditing(false)} />
      )}
    </EnterprisePanel>
  );
}

/** 65 软件和信息技术服务业 · I: a division with the section the API found for it; a section as itself. */
function industryLabel(items: readonly CodeItem[], code: string | null, section: string | null, locale: string) {
  const label = codeLabel(items, code, locale);
  return section && section !== code ? `${label} · ${section}` : label;
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
  const submitErrors = useSubmitErrors();
  const today = todayIso();
  // The form starts from the version valid today; only what the user changes in it is sent, and the API takes the
  // other fields from the version valid on the chosen date.
  const start = versionOn(versions, today) ?? versions[versions.length - 1];
  const record = useMemo(
    () => ({
      id: 'profile-change',
      validFrom: today,
      ...Object.fromEntries(PROFILE_FIELDS.map((field) => [field, start[field]])),
    }),
    [start, today],
  );

  const submit = async (values: ProfileChangeValues) => {
    const change = toProfileChangePayload(values, start);
    if (!change) return { nameZh: translate('enterprises.profiles.nothing_changed') };
    try {
      const { data } = await dataProvider.changeProfile('enterprises', { id: enterpriseId, change });
      await queryClient.invalidateQueries({ queryKey: profilesKey(enterpriseId) });
      await queryClient.invalidateQueries({ queryKey: ['profile-changes'] });
      refresh();
      if (isPendingChange(data)) {
        notify('enterprises.changes.submitted', {
          type: 'info',
          messageArgs: { date: change.validFrom, unit: data.toReviewUnitCode },
        });
      } else notify('enterprises.profiles.saved', { type: 'success', messageArgs: { date: change.validFrom } });
      onClose();
      return undefined;
    } catch (error) {
      return submitErrors(error, {
        byCode: { NOT_FOUND: 'validFrom', PROFILE_VALID_FROM_RANGE: 'validFrom' },
        codeFields: codeFieldsOf(change),
      });
    }
  };

  return (
    <FormDialog
      id="profile-change"
      title="enterprises.profiles.change_title"
      hint="enterprises.profiles.change_hint"
      record={record}
      onSubmit={submit}
      onClose={onClose}
      maxWidth="md"
    >
      <DateInput source="validFrom" label="enterprises.fields.validFrom" validate={[required(), validDay]} />
      <TextInput source="nameZh" label="enterprises.fields.nameZh" validate={required()} fullWidth />
      {/* A firm's own users place it anywhere: the territory rules of registration do not apply. */}
      <PlacementInputs />
      <ProfileAttributeInputs />
    </FormDialog>
  );
}
