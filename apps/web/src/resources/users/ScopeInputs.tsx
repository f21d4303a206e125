import { ROLE_SCOPES, type Role, type ScopeKind } from '@portal/shared';
import { useMemo } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import {
  AutocompleteInput,
  ReferenceInput,
  required,
  SelectArrayInput,
  SelectInput,
  useLocaleState,
  useTranslate,
  type Validator,
} from 'react-admin';
import { useRegions } from '../codes';
import { codeName } from '../returns/CodePicker';
import { ROLE_CHOICES, SCOPE_KIND_CHOICES } from './choices';

interface AccessValues {
  roles?: Role[];
  scopeKind?: ScopeKind;
}

/**
 * Roles, scope kind and scope together, because each constrains the others: every role binds to one scope kind
 * (ROLE_SCOPES), and the scope is a review unit, the province or a firm depending on that kind.
 */
export function AccessInputs() {
  const translate = useTranslate();
  const { setValue } = useFormContext();
  const scopeKind = useWatch<AccessValues, 'scopeKind'>({ name: 'scopeKind' });

  const rolesFitScope = useMemo<Validator>(
    () => (roles: Role[] | undefined, values: AccessValues) => {
      const misfit = roles?.find((role) => values.scopeKind && ROLE_SCOPES[role] !== values.scopeKind);
      if (!misfit) return undefined;
      return {
        message: 'app.users.role_scope_mismatch',
        args: {
          role: translate(`app.roles.${misfit}`),
          scope: translate(`app.scope_kinds.${ROLE_SCOPES[misfit]}`),
        },
      };
    },
    [translate],
  );

  return (
    <>
      <SelectArrayInput source="roles" choices={ROLE_CHOICES} validate={[required(), rolesFitScope]} />
      <SelectInput
        source="scopeKind"
        choices={SCOPE_KIND_CHOICES}
        validate={required()}
        // A scope code of one kind means nothing under another.
        onChange={() => setValue('scopeCode', null, { shouldDirty: true })}
      />
      <ScopeCodeInput scopeKind={scopeKind} />
    </>
  );
}

function ScopeCodeInput({ scopeKind }: { scopeKind: ScopeKind | undefined }) {
  const regions = useRegions();
  const [locale = 'zh-CN'] = useLocaleState();
  const choices = useMemo(() => {
    const fits = (attrs: Record<string, unknown>) =>
      scopeKind === 'PROVINCE' ? attrs.kind === 'province' : attrs.reviewUnit === true;
    const zh = locale.startsWith('zh');
    return regions
      .filter((r) => fits(r.attrs))
      .map((r) => ({
        id: r.code,
        name: zh ? `${codeName(r, locale)}（${r.code}）` : `${codeName(r, locale)} (${r.code})`,
      }));
  }, [regions, scopeKind, locale]);

  if (scopeKind === 'ENTERPRISE') {
    return (
      <ReferenceInput source="scopeCode" reference="enterprises">
        <AutocompleteInput
          optionText="nameZh"
          filterToQuery={(q: string) => ({ q })}
          validate={required('app.users.scope_code_required')}
        />
      </ReferenceInput>
    );
  }
  if (scopeKind === 'REGION' || scopeKind === 'PROVINCE') {
    return (
      <AutocompleteInput
        source="scopeCode"
        choices={choices}
        translateChoice={false}
        validate={required('app.users.scope_code_required')}
      />
    );
  }
  return null;
}
