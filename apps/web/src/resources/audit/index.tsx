import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import {
  Datagrid,
  DateTimeInput,
  FilterButton,
  FunctionField,
  List,
  TextField,
  TextInput,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { DateTimeField } from '../../common/DateTimeField';
import { VerifyChainButton } from './VerifyChainButton';

interface AuditEntry {
  id: string;
  at: string;
  actorUsername: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  details: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

/** The input gives local wall-clock time; the API compares instants, so send it with the zone. */
const localToIso = (value: string) => (value ? new Date(value).toISOString() : null);

const filters = [
  <TextInput key="action" source="action" alwaysOn />,
  <TextInput key="actorUsername" source="actorUsername" alwaysOn />,
  <TextInput key="entityType" source="entityType" />,
  <TextInput key="entityId" source="entityId" />,
  <DateTimeInput key="from" source="from" parse={localToIso} />,
  <DateTimeInput key="to" source="to" parse={localToIso} />,
];

function AuditDetails() {
  const entry = useRecordContext<AuditEntry>();
  if (!entry) return null;
  return (
    <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {JSON.stringify({ details: entry.details, prevHash: entry.prevHash, hash: entry.hash }, null, 2)}
    </pre>
  );
}

/** Append-only: no edit, no delete. Rows expand to the full details and hashes. */
function AuditList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'id', order: 'DESC' }}
      perPage={50}
      actions={
        <TopToolbar>
          <FilterButton />
          <VerifyChainButton />
        </TopToolbar>
      }
    >
      <Datagrid bulkActionButtons={false} rowClick="expand" expand={<AuditDetails />}>
        <TextField source="id" />
        <DateTimeField source="at" />
        <TextField source="actorUsername" emptyText="—" />
        <TextField source="action" />
        <TextField source="entityType" sortable={false} emptyText="—" />
        <TextField source="entityId" sortable={false} emptyText="—" />
        <FunctionField<AuditEntry>
          source="details"
          sortable={false}
          render={(e) => (e.details ? summarize(e.details) : '—')}
        />
        <FunctionField<AuditEntry>
          source="hash"
          sortable={false}
          render={(e) => <code title={e.hash}>{e.hash.slice(0, 12)}</code>}
        />
      </Datagrid>
    </List>
  );
}

/** One line for the table; the expanded row has the rest. */
function summarize(details: Record<string, unknown>): string {
  const text = JSON.stringify(details);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export const auditResource = { list: AuditList, icon: HistoryEduIcon };
