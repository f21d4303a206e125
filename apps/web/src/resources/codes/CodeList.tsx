import type { CodeItem } from '@portal/shared';
import {
  BooleanInput,
  CreateButton,
  Datagrid,
  DateInput,
  FilterButton,
  FunctionField,
  List,
  NumberField,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { ValidToField } from './ValidToField';
import { REGION_KIND_CHOICES } from './regionKinds';

function listFilters(resource: string | undefined) {
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <BooleanInput key="history" source="history" alwaysOn />,
    <DateInput key="validOn" source="validOn" />,
    <TextInput key="parentCode" source="parentCode" />,
  ];
  if (resource === 'regions') {
    filters.push(<SelectInput key="kind" source="kind" choices={REGION_KIND_CHOICES} />);
  }
  return filters;
}

/** One list for every code list; the resource name is the list name. Today's versions unless 历史版本 is on. */
export function CodeList() {
  const resource = useResourceContext();
  return (
    <List
      filters={listFilters(resource)}
      sort={{ field: 'sortOrder', order: 'ASC' }}
      perPage={50}
      actions={
        <TopToolbar>
          <FilterButton />
          <CreateButton />
        </TopToolbar>
      }
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="code" />
        <TextField source="nameZh" />
        <TextField source="nameEn" sortable={false} />
        <TextField source="parentCode" sortable={false} />
        <NumberField source="level" />
        {resource === 'regions' && (
          <FunctionField<CodeItem>
            source="kind"
            sortable={false}
            render={(r) => (r.attrs.kind ? <RegionKind kind={String(r.attrs.kind)} /> : null)}
          />
        )}
        <TextField source="validFrom" />
        <ValidToField source="validTo" sortable={false} />
      </Datagrid>
    </List>
  );
}

function RegionKind({ kind }: { kind: string }) {
  const translate = useTranslate();
  return <>{translate(`app.codes.kinds.${kind}`, { _: kind })}</>;
}
