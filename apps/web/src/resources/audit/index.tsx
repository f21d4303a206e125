import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import { Table, TableBody, TableCell, TableRow, Tooltip } from '@mui/material';
import { AUDIT_ACTION_GROUPS } from '@portal/shared';
import {
  Datagrid,
  DateTimeInput,
  FilterButton,
  FunctionField,
  List,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { DateTimeField } from '../../common/DateTimeField';
import { usePortalUser } from '../../layout/usePortalUser';
import { languageOf } from '../validation/cellLabels';
import { auditActionLabel, auditDetailPairs, auditGroupLabel } from './labels';
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

/** By group (the part of the action before its dot: 登录与账号安全 finds every auth.* event), user, object and time. */
function useFilters() {
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  return [
    <SelectInput
      key="group"
      source="group"
      alwaysOn
      choices={AUDIT_ACTION_GROUPS.map((g) => ({ id: g, name: auditGroupLabel(g, language) ?? g }))}
    />,
    <TextInput key="actorUsername" source="actorUsername" alwaysOn />,
    <TextInput key="action" source="action" />,
    <TextInput key="entityType" source="entityType" />,
    <TextInput key="entityId" source="entityId" />,
    <DateTimeInput key="from" source="from" parse={localToIso} />,
    <DateTimeInput key="to" source="to" parse={localToIso} />,
  ];
}

/** The action in words, its code on hover. */
function useActionLabel() {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  return (action: string) =>
    auditActionLabel(action, language, (step) => translate(`review.actions.${step}`, { _: '' }) || step);
}

function AuditDetails() {
  const entry = useRecordContext<AuditEntry>();
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  if (!entry) return null;
  const rows: [string, string][] = [
    [translate('resources.audit.fields.action'), entry.action],
    ...auditDetailPairs(entry.details ?? {}, languageOf(locale)),
    [translate('resources.audit.fields.prevHash'), entry.prevHash],
    [translate('resources.audit.fields.hash'), entry.hash],
  ];
  return (
    <Table size="small" sx={{ maxWidth: 960 }}>
      <TableBody>
        {rows.map(([key, value], i) => (
          <TableRow key={`${i}:${key}`}>
            <TableCell component="th" scope="row" sx={{ width: 160, color: 'text.secondary' }}>
              {key}
            </TableCell>
            <TableCell
              sx={{ wordBreak: 'break-all', fontFamily: i === 0 || i >= rows.length - 2 ? 'monospace' : undefined }}
            >
              {value}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Append-only: no edit, no delete. Actions and details in words; rows expand to every detail and the hashes. */
function AuditList() {
  const filters = useFilters();
  // A province reads its territory's entries only; checking the whole chain is the operator's.
  const wholeLog = usePortalUser()?.scopeKind === 'SYSTEM';
  const actionLabel = useActionLabel();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  return (
    <List
      filters={filters}
      sort={{ field: 'id', order: 'DESC' }}
      perPage={50}
      actions={
        <TopToolbar>
          <FilterButton />
          {wholeLog && <VerifyChainButton />}
        </TopToolbar>
      }
    >
      <Datagrid bulkActionButtons={false} rowClick="expand" expand={<AuditDetails />}>
        <TextField source="id" />
        <DateTimeField source="at" />
        <TextField source="actorUsername" emptyText="—" />
        <FunctionField<AuditEntry>
          source="action"
          render={(e) => (
            <Tooltip title={e.action}>
              <span>{actionLabel(e.action)}</span>
            </Tooltip>
          )}
        />
        <TextField source="entityType" sortable={false} emptyText="—" />
        <TextField source="entityId" sortable={false} emptyText="—" />
        <FunctionField<AuditEntry>
          source="details"
          sortable={false}
          render={(e) => (e.details ? summarize(e.details, language) : '—')}
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
function summarize(details: Record<string, unknown>, language: 'zh' | 'en'): string {
  const text = auditDetailPairs(details, language)
    .map(([key, value]) => `${key}：${value}`)
    .join('；');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export const auditResource = { list: AuditList, icon: HistoryEduIcon };
