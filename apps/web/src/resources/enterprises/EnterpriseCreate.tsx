import { Alert } from '@mui/material';
import type { CodeItem } from '@portal/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import {
  BooleanInput,
  Create,
  HttpError,
  required,
  SimpleForm,
  TextInput,
  useLocaleState,
  useNotify,
  useRedirect,
  useTranslate,
  type Validator,
} from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { useCodeList } from '../returns/CodePicker';
import { leafCodes } from './codeChoices';
import { CodeChoiceInput } from './CodeChoiceInput';
import { apiFieldErrors, toRegisterPayload, type RegisterValues } from './payloads';
import { Regions, type Scope } from './territory';
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

/** Region and zone of the user's territory: a municipal bureau registers only the firms it reviews. */
function PlacementInputs({ regions, scope }: { regions: Regions<CodeItem>; scope: Scope }) {
  const { setValue, getValues } = useFormContext<RegisterValues>();
  const regionCode = useWatch<RegisterValues, 'regionCode'>({ name: 'regionCode' }) ?? null;
  const regionItems = useMemo(() => regions.registrableRegions(scope), [regions, scope]);
  const zoneItems = useMemo(() => regions.zonesFor(scope, regionCode), [regions, scope, regionCode]);
  const zoneRequired = regions.zoneRequired(scope, regionCode);

  const placementFits = useMemo<Validator>(
    () => (zone: string | null | undefined, values: RegisterValues) => {
      if (!values.regionCode || regions.all.length === 0) return undefined;
      if (!zone && zoneRequired) return 'enterprises.register.zone_required';
      return regions.inTerritory(scope, values.regionCode, zone || null)
        ? undefined
        : 'enterprises.register.out_of_territory';
    },
    [regions, scope, zoneRequired],
  );

  return (
    <>
      <CodeChoiceInput
        source="regionCode"
        label="enterprises.fields.regionCode"
        items={regionItems}
        validate={required()}
        onChange={(code) => {
          // A zone of another city means nothing for the new region.
          const zone = getValues('zoneCode');
          if (zone && !regions.zonesFor(scope, code).some((z) => z.code === zone)) setValue('zoneCode', null);
        }}
      />
      <CodeChoiceInput
        source="zoneCode"
        label="enterprises.fields.zoneCode"
        items={zoneItems}
        validate={placementFits}
        helperText={zoneRequired ? 'enterprises.register.zone_required' : 'enterprises.register.zone_hint'}
      />
    </>
  );
}

function RegisterForm() {
  const translate = useTranslate();
  const user = usePortalUser();
  const regionItems = useCodeList('regions');
  const natures = useCodeList('enterprise-natures');
  const industries = useCodeList('industries');
  const regions = useMemo(() => new Regions(regionItems), [regionItems]);
  const natureLeaves = useMemo(() => leafCodes(natures), [natures]);
  const scope = useMemo<Scope>(
    () => ({ scopeKind: user?.scopeKind ?? 'ENTERPRISE', scopeCode: user?.scopeCode ?? null }),
    [user?.scopeKind, user?.scopeCode],
  );
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const queryClient = useQueryClient();
  const [locale = 'zh-CN'] = useLocaleState();

  const submit = async (values: RegisterValues) => {
    const payload = toRegisterPayload(values);
    try {
      const { data } = await dataProvider.create('enterprises', { data: payload });
      await queryClient.invalidateQueries({ queryKey: ['enterprises'] });
      notify('enterprises.register.created', { type: 'success' });
      redirect('show', 'enterprises', data.id);
      return undefined;
    } catch (error) {
      const body = error instanceof HttpError ? error.body : undefined;
      const errors = apiFieldErrors(body, locale, { byCode: ERROR_FIELDS, codeFields: codeFieldsOf(payload) });
      if (errors) return errors;
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
      return undefined;
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
      <PlacementInputs regions={regions} scope={scope} />
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
    </SimpleForm>
  );
}

export const codeFieldsOf = (p: {
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  industryCode: string;
}) => ({
  regionCode: p.regionCode,
  zoneCode: p.zoneCode,
  natureCode: p.natureCode,
  industryCode: p.industryCode,
});

export function EnterpriseCreate() {
  return (
    <Create title="enterprises.register.title">
      <RegisterForm />
    </Create>
  );
}
