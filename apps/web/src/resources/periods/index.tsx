import EventIcon from '@mui/icons-material/Event';
import { Chip } from '@mui/material';
import {
  BooleanInput,
  Create,
  CreateButton,
  Datagrid,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  regex,
  required,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { usePortalUser } from '../../layout';
import type { PeriodRow } from '@portal/shared';
import { HolidaysCard } from './HolidaysCard';
import { PeriodShow } from './PeriodShow';
import { periodPhase, shanghaiToday } from './periods';

const PHASE_COLORS = { upcoming: 'default', open: 'success', late: 'warning', locked: 'default' } as const;

function PhaseField({ record }: { record: PeriodRow }) {
  const translate = useTranslate();
  const phase = periodPhase(record, shanghaiToday());
  return <Chip size="small" color={PHASE_COLORS[phase]} label={translate(`app.periods.phases.${phase}`)} />;
}

/** Reporting periods with their calendar (open, due, lock) and the period's exchange rate; the holiday calendar. */
function PeriodList() {
  const user = usePortalUser();
  const canCreate = !!user?.permissions.includes('periods.manage');
  return (
    <>
      <List
        sort={{ field: 'code', order: 'DESC' }}
        perPage={25}
        actions={<TopToolbar>{canCreate && <CreateButton />}</TopToolbar>}
      >
        <Datagrid bulkActionButtons={false} rowClick="show">
          <TextField source="code" />
          <TextField source="openDate" />
          <TextField source="dueDate" />
          <TextField source="lockDate" sortable={false} />
          <NumberField source="cnyPerUsd" sortable={false} options={{ minimumFractionDigits: 4 }} />
          <FunctionField source="phase" sortable={false} render={(r: PeriodRow) => <PhaseField record={r} />} />
        </Datagrid>
      </List>
      <HolidaysCard canEdit={!!user?.permissions.includes('periods.exceptions')} />
    </>
  );
}

/** An administrator sets up a period: the due date follows the configured day unless given (API rules). */
function PeriodCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ rollForward: true }}>
        <TextInput source="code" validate={[required(), regex(/^\d{4}Q[1-4]$/, 'app.periods.code_format')]} />
        <NumberInput source="cnyPerUsd" validate={required()} step={0.0001} />
        <NumberInput source="dueDay" min={1} max={31} />
        <BooleanInput source="rollForward" />
        <TextInput source="lockDate" helperText="app.periods.lock_hint" />
      </SimpleForm>
    </Create>
  );
}

export const periodResource = {
  list: PeriodList,
  create: PeriodCreate,
  show: PeriodShow,
  icon: EventIcon,
  recordRepresentation: 'code',
};
