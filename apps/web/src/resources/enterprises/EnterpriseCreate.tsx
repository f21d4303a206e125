import { Alert } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import {
  Create,
  required,
  SimpleForm,
  TextInput,
  useNotify,
  useRedirect,
  useTranslate,
  type Validator,
} from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { codeFieldsOf, toRegisterPayload, type RegisterValues } from './payloads';
import { PlacementInputs } from './PlacementInputs';
import { ProfileAttributeInputs } from './ProfileAttributeInputs';
import { useSubmitErrors } from './submitErrors';
import type { Scope } from './territory';
import { normaliseUscc, usccMessage } from './uscc';

export const validateUscc: Validator = (value: string | undefined) => usccMessage(value);

/** Which field an API error of registration belongs to. */
const ERROR_FIELDS = { USCC_INVALID: 'uscc', DUPLICATE: 'uscc', FORBIDDEN: 'regionCode' };

/** The USCC with its GB 32100 check as the user types: progress until 18 characters, then the problem or ✓. */
function UsccInput() {
  const translate = useTranslate();
  const { trigger, getFieldState } = useFormContext();
  const value = normaliseUscc(useWatch<RegisterValues, 'uscc'>({ name: 'uscc' }));
  const helper =
    value.length === 0
      ? translate('enterprises.uscc.hint')
      : value.length < 18
        ? translate('enterprises.uscc.progress', { count: value.length })
        : usccMessage(value)
          ? false
          : `✓ ${translate('enterprises.uscc.valid')}`;
  return (
    <TextInput
      source="uscc"
      label="enterprises.fields.uscc"
      validate={[required(), validateUscc]}
      parse={normaliseUscc}
      helperText={helper}
      // Checked as soon as the code is complete, not only when the field is left; a shown problem follows the typing.
      onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
        if (normaliseUscc(event.target.value).length >= 18 || getFieldState('uscc').invalid) void trigger('uscc');
      }}
      slotProps={{ htmlInput: { maxLength: 24, autoComplete: 'off', spellCheck: false } }}
      sx={{ width: 360, fontFamily: 'monospace' }}
    />
  );
}

function RegisterForm() {
  const translate = useTranslate();
  const user = usePortalUser();
  const scope = useMemo<Scope>(
    () => ({ scopeKind: user?.scopeKind ?? 'ENTERPRISE', scopeCode: user?.scopeCode ?? null }),
    [user?.scopeKind, user?.scopeCode],
  );
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const submitErrors = useSubmitErrors();

  const submit = async (values: RegisterValues) => {
    const payload = toRegisterPayload(values);
    try {
      const { data } = await dataProvider.create('enterprises', { data: payload });
      await queryClient.invalidateQueries({ queryKey: ['enterprises'] });
      notify('enterprises.register.created', { type: 'success' });
      redirect('show', 'enterprises', data.id);
      return undefined;
    } catch (error) {
      return submitErrors(error, { byCode: ERROR_FIELDS, codeFields: codeFieldsOf(payload) });
    }
  };

  return (
    <SimpleForm
      onSubmit={submit}
      mode="onTouched"
      defaultValues={{ keyEnterprise: false, advancedTech: false, zoneCode: null }}
    >
      <Alert severity="info" sx={{ mb: 2, maxWidth: 720 }}>
        {translate('enterprises.register.intro')}
      </Alert>
      <UsccInput />
      <TextInput
        source="nameZh"
        label="enterprises.fields.nameZh"
        validate={required()}
        sx={{ width: 560, maxWidth: '100%' }}
      />
      {/* A municipal bureau registers only the firms it reviews. */}
      <PlacementInputs territory={scope} />
      <ProfileAttributeInputs />
    </SimpleForm>
  );
}

export function EnterpriseCreate() {
  return (
    <Create title="enterprises.register.title">
      <RegisterForm />
    </Create>
  );
}
