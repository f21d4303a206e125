import type { CodeItem } from '@portal/shared';
import { NumberInput, required, SelectInput, TextInput, useResourceContext } from 'react-admin';
import { REGION_KIND_CHOICES } from './regionKinds';

/** Fields an admin may set on a code version; the code itself and validity are handled by create and edit. */
export function CodeVersionInputs() {
  const resource = useResourceContext();
  return (
    <>
      <TextInput source="nameZh" validate={required()} />
      <TextInput source="nameEn" />
      <TextInput source="parentCode" />
      <NumberInput source="level" step={1} />
      <NumberInput source="sortOrder" step={1} />
      {resource === 'regions' && (
        <SelectInput source="attrs.kind" label="resources.regions.fields.kind" choices={REGION_KIND_CHOICES} />
      )}
    </>
  );
}

type CodeVersionValues = Pick<CodeItem, 'nameZh' | 'nameEn' | 'parentCode' | 'level' | 'sortOrder' | 'attrs'>;

/** The API's change body; cleared text inputs become null so a value can be removed. */
export function codeVersionBody(values: Partial<CodeVersionValues>) {
  return {
    nameZh: values.nameZh,
    nameEn: values.nameEn || null,
    parentCode: values.parentCode || null,
    level: values.level ?? null,
    sortOrder: values.sortOrder ?? undefined,
    attrs: values.attrs ?? undefined,
  };
}
