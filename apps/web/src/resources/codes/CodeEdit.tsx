import { Alert } from '@mui/material';
import type { CodeItem } from '@portal/shared';
import { DateInput, Edit, Labeled, required, SimpleForm, TextField, useTranslate, type Validator } from 'react-admin';
import { codeVersionBody, CodeVersionInputs } from './CodeForm';
import { isIsoDay, todayIso } from './dates';

type CodeEditValues = CodeItem & { effectiveFrom: string };

/** A change is a new version: it must start after the version in force did (the API enforces it too). */
const afterCurrentVersion: Validator = (value, values: CodeEditValues) => {
  if (!isIsoDay(value)) return 'app.codes.date_format';
  if (value <= values.validFrom) return { message: 'app.codes.effective_after', args: { date: values.validFrom } };
  return undefined;
};

function toChange(values: CodeEditValues) {
  return { ...codeVersionBody(values), validFrom: values.effectiveFrom };
}

export function CodeEdit() {
  const translate = useTranslate();
  return (
    <Edit<CodeItem> mutationMode="pessimistic" redirect="show" transform={toChange}>
      <SimpleForm>
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('app.codes.edit_hint')}
        </Alert>
        <Labeled source="code">
          <TextField source="code" />
        </Labeled>
        <CodeVersionInputs />
        <Labeled source="currentValidFrom">
          <TextField source="validFrom" />
        </Labeled>
        <DateInput source="effectiveFrom" defaultValue={todayIso()} validate={[required(), afterCurrentVersion]} />
      </SimpleForm>
    </Edit>
  );
}
