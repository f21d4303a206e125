import GroupWorkIcon from '@mui/icons-material/GroupWork';
import PublicIcon from '@mui/icons-material/Public';
import { Alert } from '@mui/material';
import type { EconomyGroupKind, EconomyGroupMember, PartnerGroupMember } from '@portal/shared';
import { useMemo } from 'react';
import {
  Create,
  CreateButton,
  Datagrid,
  DateInput,
  Edit,
  EditButton,
  FilterButton,
  FunctionField,
  Labeled,
  List,
  required,
  SearchInput,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  useLocaleState,
  useResourceContext,
  useTranslate,
  type Validator,
} from 'react-admin';
import { isIsoDay, todayIso } from '../codes/dates';
import { ValidToField } from '../codes/ValidToField';
import { CodeChoiceInput } from '../enterprises/CodeChoiceInput';
import { codeLabel, useCodeList } from '../returns/CodePicker';
import { EndMembershipButton } from './EndMembershipButton';

type Row = EconomyGroupMember & Partial<Pick<PartnerGroupMember, 'groupNameZh'>>;

const kindOf = (resource: string | undefined): EconomyGroupKind =>
  resource === 'continent-members' ? 'continent-members' : 'partner-groups';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <DateInput key="validOn" source="validOn" alwaysOn />,
  <TextInput key="groupCode" source="groupCode" />,
  <TextInput key="member" source="member" />,
];

/** The group's name: a partner group carries it on its rows, a continent is a code of the `continents` list. */
function GroupName({ row }: { row: Row }) {
  const [locale = 'zh-CN'] = useLocaleState();
  const continents = useCodeList('continents');
  return <>{row.groupNameZh ?? codeLabel(continents, row.groupCode, locale)}</>;
}

function MemberName({ row }: { row: Row }) {
  const [locale = 'zh-CN'] = useLocaleState();
  const economies = useCodeList('partner-economies');
  return <>{codeLabel(economies, row.member, locale)}</>;
}

/**
 * Economy groupings as member rows valid from a date: partner groups (东盟, 欧盟, 一带一路: an economy may be in
 * several) and continents (an economy is in one at a time). Filter 有效日期 shows the membership of a day; a
 * membership is added from a date, moved to another group from a date (编辑), or ended from a date.
 */
function EconomyGroupList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'groupCode', order: 'ASC' }}
      perPage={50}
      actions={
        <TopToolbar>
          <FilterButton />
          <CreateButton />
        </TopToolbar>
      }
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="groupCode" />
        <FunctionField<Row> source="groupNameZh" sortable={false} render={(r) => <GroupName row={r} />} />
        <FunctionField<Row> source="member" render={(r) => <MemberName row={r} />} />
        <TextField source="validFrom" />
        <ValidToField source="validTo" sortable={false} />
        <TextField source="note" sortable={false} emptyText="" />
        <FunctionField<Row> render={(r) => (r.validTo === null ? <EditButton /> : null)} />
        <EndMembershipButton />
      </Datagrid>
    </List>
  );
}

/** The group input: a continent from its code list, or a partner group's code. */
function GroupInput({ kind }: { kind: EconomyGroupKind }) {
  const continents = useCodeList('continents');
  if (kind === 'continent-members') {
    return (
      <CodeChoiceInput
        source="groupCode"
        label="resources.continent-members.fields.groupCode"
        items={continents}
        validate={required()}
      />
    );
  }
  return <TextInput source="groupCode" validate={required()} />;
}

function EconomyGroupCreate() {
  const kind = kindOf(useResourceContext());
  const translate = useTranslate();
  const economies = useCodeList('partner-economies');
  const record = useMemo(() => ({ validFrom: todayIso() }), []);
  return (
    <Create redirect="list" record={record}>
      <SimpleForm>
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate(`app.economy_groups.create_hint.${kind}`)}
        </Alert>
        <GroupInput kind={kind} />
        {kind === 'partner-groups' && <TextInput source="groupNameZh" helperText="app.economy_groups.name_hint" />}
        <CodeChoiceInput
          source="member"
          label={`resources.${kind}.fields.member`}
          items={economies}
          validate={required()}
        />
        <DateInput source="validFrom" validate={required()} />
        <DateInput source="validTo" />
        <TextInput source="note" fullWidth />
      </SimpleForm>
    </Create>
  );
}

type ChangeValues = Row & { effectiveFrom: string };

const afterCurrent: Validator = (value, values: ChangeValues) => {
  if (!isIsoDay(value)) return 'app.codes.date_format';
  if (value <= values.validFrom) return { message: 'app.codes.effective_after', args: { date: values.validFrom } };
  return undefined;
};

/** Only what the API takes for a change: the date it applies from, the group and the note. */
const toChange = ({ effectiveFrom, groupCode, note }: ChangeValues) => ({ validFrom: effectiveFrom, groupCode, note });

function EconomyGroupEdit() {
  const kind = kindOf(useResourceContext());
  const translate = useTranslate();
  return (
    <Edit<Row> mutationMode="pessimistic" redirect="list" transform={toChange}>
      <SimpleForm>
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('app.economy_groups.edit_hint')}
        </Alert>
        <Labeled source="member">
          <FunctionField<Row> render={(r) => <MemberName row={r} />} />
        </Labeled>
        <Labeled source="validFrom">
          <TextField source="validFrom" />
        </Labeled>
        <GroupInput kind={kind} />
        <TextInput source="note" fullWidth />
        <DateInput source="effectiveFrom" defaultValue={todayIso()} validate={[required(), afterCurrent]} />
      </SimpleForm>
    </Edit>
  );
}

const screens = { list: EconomyGroupList, create: EconomyGroupCreate, edit: EconomyGroupEdit };

export const economyGroupResources: Record<EconomyGroupKind, typeof screens & { icon: typeof GroupWorkIcon }> = {
  'partner-groups': { ...screens, icon: GroupWorkIcon },
  'continent-members': { ...screens, icon: PublicIcon },
};
