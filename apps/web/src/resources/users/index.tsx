import PeopleIcon from '@mui/icons-material/People';
import { Chip, Stack } from '@mui/material';
import { passwordMeetsPolicy, type Role, type ScopeKind } from '@portal/shared';
import {
  BooleanField,
  BooleanInput,
  Create,
  Datagrid,
  Edit,
  email,
  FunctionField,
  Labeled,
  List,
  PasswordInput,
  regex,
  required,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { DateTimeField } from '../../common/DateTimeField';
import { ROLE_CHOICES, SCOPE_KIND_CHOICES } from './choices';
import { ResetPasswordButton } from './ResetPasswordButton';
import { AccessInputs } from './ScopeInputs';
import { ScopeField } from './ScopeField';

interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  scopeKind: ScopeKind;
  scopeCode: string | null;
  active: boolean;
  lastLoginAt: string | null;
}

type UserFormValues = Omit<UserRecord, 'id' | 'lastLoginAt'> & { password?: string };

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={ROLE_CHOICES} />,
  <SelectInput key="scopeKind" source="scopeKind" choices={SCOPE_KIND_CHOICES} />,
];

function RoleChips({ roles }: { roles: Role[] }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {roles.map((role) => (
        <Chip key={role} size="small" label={translate(`app.roles.${role}`)} />
      ))}
    </Stack>
  );
}

function UserList() {
  const translate = useTranslate();
  return (
    <List filters={filters} sort={{ field: 'username', order: 'ASC' }} perPage={25}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="username" />
        <TextField source="displayName" />
        <FunctionField<UserRecord> source="roles" sortable={false} render={(u) => <RoleChips roles={u.roles} />} />
        <FunctionField<UserRecord>
          source="scopeKind"
          sortable={false}
          render={(u) => translate(`app.scope_kinds.${u.scopeKind}`)}
        />
        <ScopeField source="scopeCode" sortable={false} />
        <BooleanField source="active" sortable={false} />
        <DateTimeField source="lastLoginAt" emptyText="—" />
      </Datagrid>
    </List>
  );
}

/** Only the fields the API accepts: it rejects unknown properties, and the record carries more than that. */
function toUserBody({ displayName, email: mail, roles, scopeKind, scopeCode }: UserFormValues) {
  return {
    displayName,
    email: mail || null,
    roles,
    scopeKind,
    scopeCode: scopeKind === 'SYSTEM' ? null : (scopeCode ?? null),
  };
}

const passwordPolicy = (value: string | undefined) =>
  value && !passwordMeetsPolicy(value) ? 'app.users.password_policy' : undefined;

function UserCreate() {
  return (
    <Create<UserRecord>
      redirect="list"
      transform={(values: UserFormValues) => ({
        ...toUserBody(values),
        username: values.username,
        password: values.password,
      })}
    >
      <SimpleForm defaultValues={{ roles: [], active: true }}>
        <TextInput source="username" validate={[required(), regex(/^[a-z0-9][a-z0-9._-]{1,63}$/)]} autoComplete="off" />
        <TextInput source="displayName" validate={required()} />
        <TextInput source="email" type="email" validate={email()} />
        <PasswordInput source="password" validate={[required(), passwordPolicy]} autoComplete="new-password" />
        <AccessInputs />
      </SimpleForm>
    </Create>
  );
}

function UserEdit() {
  return (
    <Edit<UserRecord>
      mutationMode="pessimistic"
      redirect="list"
      transform={(values: UserFormValues) => ({ ...toUserBody(values), active: values.active })}
      actions={
        <TopToolbar>
          <ResetPasswordButton />
        </TopToolbar>
      }
    >
      <SimpleForm>
        <Labeled source="username">
          <TextField source="username" />
        </Labeled>
        <TextInput source="displayName" validate={required()} />
        <TextInput source="email" type="email" validate={email()} />
        <AccessInputs />
        <BooleanInput source="active" />
      </SimpleForm>
    </Edit>
  );
}

export const userResource = {
  list: UserList,
  create: UserCreate,
  edit: UserEdit,
  icon: PeopleIcon,
  recordRepresentation: 'username',
};
