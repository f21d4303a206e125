import type { CodeItem } from '@portal/shared';
import {
  EditButton,
  FunctionField,
  Labeled,
  NumberField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { RetireButton } from './RetireButton';
import { ValidToField } from './ValidToField';

/** Only the version in force can change; older versions are history and stay as they were. */
function CodeShowActions() {
  const record = useRecordContext<CodeItem>();
  return (
    <TopToolbar>
      {record?.validTo === null && <EditButton />}
      <RetireButton />
    </TopToolbar>
  );
}

export function CodeShow() {
  const resource = useResourceContext();
  return (
    <Show actions={<CodeShowActions />}>
      <SimpleShowLayout>
        <TextField source="code" />
        <TextField source="nameZh" />
        <TextField source="nameEn" emptyText="—" />
        <TextField source="parentCode" emptyText="—" />
        <NumberField source="level" emptyText="—" />
        <NumberField source="sortOrder" />
        <TextField source="validFrom" />
        <Labeled source="validTo">
          <ValidToField source="validTo" />
        </Labeled>
        <FunctionField<CodeItem>
          source="attrs"
          render={(r) => <AttributeList attrs={r.attrs} isRegion={resource === 'regions'} />}
        />
      </SimpleShowLayout>
    </Show>
  );
}

/** The list-specific columns from the source CSV, as key: value lines. */
function AttributeList({ attrs, isRegion }: { attrs: CodeItem['attrs']; isRegion: boolean }) {
  const entries = Object.entries(attrs).filter(([, v]) => v !== null && v !== '');
  if (entries.length === 0) return <>—</>;
  return (
    <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content auto', columnGap: 16 }}>
      {entries.map(([key, value]) => (
        <AttributeRow key={key} name={key} value={value} translateKind={isRegion && key === 'kind'} />
      ))}
    </dl>
  );
}

function AttributeRow({
  name,
  value,
  translateKind,
}: {
  name: string;
  value: string | number | boolean | null;
  translateKind: boolean;
}) {
  const translate = useTranslate();
  const text =
    typeof value === 'boolean'
      ? translate(value ? 'ra.boolean.true' : 'ra.boolean.false')
      : translateKind
        ? translate(`app.codes.kinds.${value}`, { _: String(value) })
        : String(value);
  return (
    <>
      <dt style={{ color: 'rgba(0,0,0,0.6)' }}>{name}</dt>
      <dd style={{ margin: 0 }}>{text}</dd>
    </>
  );
}
