import type { CodeItem } from '@portal/shared';
import { Create, DateInput, regex, required, SimpleForm, TextInput } from 'react-admin';
import { codeVersionBody, CodeVersionInputs } from './CodeForm';
import { todayIso } from './dates';

function toCreate(values: CodeItem) {
  return { ...codeVersionBody(values), code: values.code, validFrom: values.validFrom };
}

export function CodeCreate() {
  return (
    <Create<CodeItem> redirect="show" transform={toCreate}>
      <SimpleForm>
        <TextInput source="code" validate={[required(), regex(/^[A-Za-z0-9-]{1,20}$/)]} />
        <CodeVersionInputs />
        <DateInput source="validFrom" defaultValue={todayIso()} validate={required()} />
      </SimpleForm>
    </Create>
  );
}
