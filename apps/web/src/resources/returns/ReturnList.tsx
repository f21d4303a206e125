import { RETURN_STATUSES, type ReturnRow } from '@portal/shared';
import DownloadIcon from '@mui/icons-material/Download';
import ReceiptIcon from '@mui/icons-material/ReceiptLong';
import { Button, Chip, IconButton, Tooltip } from '@mui/material';
import {
  Datagrid,
  FilterButton,
  FunctionField,
  List,
  NullableBooleanInput,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useListContext,
  useTranslate,
} from 'react-admin';
import { DateTimeField } from '../../common/DateTimeField';
import { usePortalUser } from '../../layout';
import { FirmBundleButton } from './BundleDialog';
import { useDownload } from './download';
import { OpenReturnButton } from './OpenReturnButton';
import { ReturnStatusField } from './ReturnStatusField';

function ReceiptButton({ record }: { record: ReturnRow }) {
  const translate = useTranslate();
  const download = useDownload();
  if (!record.lastSubmittedAt) return null;
  return (
    <Tooltip title={translate('app.returns.receipt')}>
      <IconButton
        size="small"
        aria-label={translate('app.returns.receipt_of', { period: record.periodCode })}
        onClick={(e) => {
          e.stopPropagation();
          void download(`/api/returns/${record.id}/receipt`);
        }}
      >
        <ReceiptIcon fontSize="small" />
      </IconButton>
    </Tooltip>
  );
}

/** The exchange bundle (.zip) of the returns the list shows (same filters), latest revisions. */
function BundleButton() {
  const translate = useTranslate();
  const download = useDownload();
  const { filterValues } = useListContext();
  const query = new URLSearchParams({ filter: JSON.stringify(filterValues ?? {}), basis: 'current' });
  return (
    <Button size="small" startIcon={<DownloadIcon />} onClick={() => void download(`/api/exchange/bundle?${query}`)}>
      {translate('app.returns.bundle')}
    </Button>
  );
}

function LateField({ record }: { record: ReturnRow }) {
  const translate = useTranslate();
  return record.late ? (
    <Chip
      size="small"
      color="error"
      variant="outlined"
      label={
        record.daysLate > 0
          ? translate('deadlines.late_days', { smart_count: record.daysLate })
          : translate('app.returns.late')
      }
    />
  ) : null;
}

/**
 * 本企业报表 for a firm (its own returns; it opens new ones here), the territory's returns for reviewers and the
 * province, read-only (the API limits the rows to the caller's territory).
 */
export function ReturnList() {
  const user = usePortalUser();
  const translate = useTranslate();
  const isFirm = user?.scopeKind === 'ENTERPRISE';
  const statusChoices = RETURN_STATUSES.map((id) => ({ id, name: translate(`app.return_status.${id}`) }));
  const filters = [
    ...(isFirm ? [] : [<SearchInput key="q" source="q" alwaysOn />]),
    <TextInput key="periodCode" source="periodCode" />,
    <SelectInput key="status" source="status" choices={statusChoices} />,
    <NullableBooleanInput key="late" source="late" />,
  ];
  return (
    <List
      title={isFirm ? 'app.menu.my_returns' : undefined}
      filters={filters}
      sort={{ field: 'periodCode', order: 'DESC' }}
      perPage={25}
      actions={
        <TopToolbar>
          <FilterButton />
          {user?.permissions.includes('exports.create') && (isFirm ? <FirmBundleButton /> : <BundleButton />)}
          {isFirm && user?.permissions.includes('returns.edit') && <OpenReturnButton />}
        </TopToolbar>
      }
      empty={false}
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="periodCode" />
        {!isFirm && <TextField source="enterpriseName" />}
        {!isFirm && <TextField source="uscc" />}
        <ReturnStatusField source="status" />
        <TextField source="dueDate" sortable />
        <FunctionField source="late" sortable={false} render={(r: ReturnRow) => <LateField record={r} />} />
        <DateTimeField source="lastSubmittedAt" emptyText="—" />
        <TextField source="currentRevision" sortable={false} />
        <FunctionField
          label="app.returns.receipt"
          sortable={false}
          render={(r: ReturnRow) => <ReceiptButton record={r} />}
        />
      </Datagrid>
    </List>
  );
}
