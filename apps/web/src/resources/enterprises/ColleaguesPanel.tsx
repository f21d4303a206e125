import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Alert, Button, Chip, FormControlLabel, Stack, Switch, TableCell, TableRow, Typography } from '@mui/material';
import { passwordMeetsPolicy } from '@portal/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  CheckboxGroupInput,
  email,
  PasswordInput,
  regex,
  required,
  TextInput,
  useNotify,
  useTranslate,
  type Validator,
} from 'react-admin';
import { BeijingTime } from '../../common/DateTimeField';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { hasActiveSignatory } from './accounts';
import { EnterprisePanel, FieldsTable, useYesNo } from './EnterprisePanel';
import { FormDialog } from './FormDialog';
import { FIRM_ROLES, type Colleague, type EnterpriseRecord } from './enterprisesApi';
import { toColleaguePayload, type ColleagueValues } from './payloads';
import { useSubmitErrors } from './submitErrors';

export const colleaguesKey = (id: string) => ['enterprises', id, 'users'];

/**
 * The firm's own accounts and its maker-checker switch, for its signatories (enterprises.manage; admins hold it
 * too). The API keeps the firm's users to the firm itself.
 */
export function ColleaguesPanel({ record }: { record: EnterpriseRecord }) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const yesNo = useYesNo();
  const [inviting, setInviting] = useState(false);
  const { data, error } = useQuery<Colleague[], Error>({
    queryKey: colleaguesKey(record.id),
    queryFn: async () => (await dataProvider.getColleagues('enterprises', { id: record.id })).data,
  });
  const colleagues = data ?? [];
  return (
    <EnterprisePanel
      section="colleagues"
      above={<MakerCheckerSwitch record={record} colleagues={data} />}
      action={
        <Button variant="outlined" startIcon={<PersonAddIcon />} onClick={() => setInviting(true)}>
          {translate('enterprises.colleagues.invite')}
        </Button>
      }
      error={error}
      empty={!!data && colleagues.length === 0}
    >
      {colleagues.length > 0 && (
        <FieldsTable
          section="colleagues"
          fields={['username', 'displayName', 'email', 'roles', 'active', 'lastLoginAt']}
        >
          {colleagues.map((c) => (
            <TableRow key={c.id}>
              <TableCell>{c.username}</TableCell>
              <TableCell>{c.displayName}</TableCell>
              <TableCell>{c.email ?? '—'}</TableCell>
              <TableCell>
                <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                  {c.roles.map((role) => (
                    <Chip key={role} size="small" label={translate(`app.roles.${role}`)} />
                  ))}
                </Stack>
              </TableCell>
              <TableCell>{yesNo(c.active)}</TableCell>
              <TableCell>
                {c.lastLoginAt ? <BeijingTime value={c.lastLoginAt} /> : translate('enterprises.colleagues.never')}
              </TableCell>
            </TableRow>
          ))}
        </FieldsTable>
      )}
      {inviting && <InviteDialog enterpriseId={record.id} onClose={() => setInviting(false)} />}
    </EnterprisePanel>
  );
}

function MakerCheckerSwitch({ record, colleagues }: { record: EnterpriseRecord; colleagues?: Colleague[] }) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const queryClient = useQueryClient();
  // The position asked for, shown while the API and the reloaded record catch up.
  const [asked, setAsked] = useState<boolean | null>(null);
  const on = asked ?? record.makerChecker;
  const toggle = async (makerChecker: boolean) => {
    setAsked(makerChecker);
    try {
      await dataProvider.setMakerChecker('enterprises', { id: record.id, makerChecker });
      await queryClient.invalidateQueries({ queryKey: ['enterprises', 'getOne'] });
      notify(`enterprises.maker_checker.${makerChecker ? 'switched_on' : 'switched_off'}`, { type: 'success' });
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setAsked(null);
    }
  };
  return (
    <section aria-labelledby="maker-checker-title">
      <Typography id="maker-checker-title" variant="h6" component="h2">
        {translate('enterprises.maker_checker.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ my: 1, maxWidth: 820 }}>
        {translate('enterprises.maker_checker.explain')}
      </Typography>
      <FormControlLabel
        control={<Switch checked={on} disabled={asked !== null} onChange={(_e, checked) => void toggle(checked)} />}
        label={translate('enterprises.maker_checker.label')}
      />
      <Typography variant="body2" sx={{ fontWeight: 500 }}>
        {translate(on ? 'enterprises.maker_checker.on' : 'enterprises.maker_checker.off')}
      </Typography>
      {colleagues && !hasActiveSignatory(colleagues) && (
        <Alert severity={on ? 'error' : 'warning'} sx={{ mt: 1 }}>
          {translate('enterprises.maker_checker.no_signatory')}
        </Alert>
      )}
    </section>
  );
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

const passwordPolicy: Validator = (value: string | undefined) =>
  value && !passwordMeetsPolicy(value) ? 'enterprises.colleagues.password_policy' : undefined;

const ROLE_CHOICES = FIRM_ROLES.map((role) => ({ id: role, name: `app.roles.${role}` }));

function InviteDialog({ enterpriseId, onClose }: { enterpriseId: string; onClose: () => void }) {
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const submitErrors = useSubmitErrors();

  const submit = async (values: ColleagueValues) => {
    const colleague = toColleaguePayload(values);
    try {
      await dataProvider.inviteColleague('enterprises', { id: enterpriseId, colleague });
      await queryClient.invalidateQueries({ queryKey: colleaguesKey(enterpriseId) });
      notify('enterprises.colleagues.invited', { type: 'success', messageArgs: { username: colleague.username } });
      onClose();
      return undefined;
    } catch (error) {
      return submitErrors(error, {
        byCode: { DUPLICATE: 'username', PASSWORD_POLICY: 'password', SCOPE_MISMATCH: 'roles' },
      });
    }
  };

  return (
    <FormDialog
      id="invite"
      title="enterprises.colleagues.invite_title"
      hint="enterprises.colleagues.invite_hint"
      record={{ id: 'new-colleague', roles: ['ENTERPRISE_FILER'] }}
      onSubmit={submit}
      onClose={onClose}
      maxWidth="sm"
    >
      <TextInput
        source="username"
        label="enterprises.fields.username"
        validate={[required(), regex(USERNAME, 'enterprises.colleagues.username_invalid')]}
        helperText="enterprises.colleagues.username_hint"
        parse={(v: string) => v.trim().toLowerCase()}
        autoComplete="off"
        fullWidth
      />
      <TextInput source="displayName" label="enterprises.fields.displayName" validate={required()} fullWidth />
      <TextInput source="email" label="enterprises.fields.email" type="email" validate={email()} fullWidth />
      <PasswordInput
        source="password"
        label="enterprises.fields.password"
        validate={[required(), passwordPolicy]}
        helperText="enterprises.colleagues.password_hint"
        autoComplete="new-password"
        fullWidth
      />
      <CheckboxGroupInput
        source="roles"
        label="enterprises.fields.roles"
        choices={ROLE_CHOICES}
        validate={required()}
        helperText="enterprises.colleagues.roles_hint"
      />
    </FormDialog>
  );
}
