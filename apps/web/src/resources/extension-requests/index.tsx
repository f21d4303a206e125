import { EXTENSION_REQUEST_STATUSES, type ExtensionRequestRow } from '@portal/shared';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import { Button, Chip, Stack } from '@mui/material';
import { useState } from 'react';
import {
  Datagrid,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { usePortalUser } from '../../layout';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { FieldsDialog } from '../periods/FieldsDialog';
import { BeijingTime } from '../../common/DateTimeField';

const STATUS_COLORS = { PENDING: 'warning', GRANTED: 'success', REFUSED: 'default' } as const;

function DecideButtons({ row }: { row: ExtensionRequestRow }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = usePortalDataProvider();
  const [grant, setGrant] = useState<boolean | null>(null);
  if (row.status !== 'PENDING') return null;
  return (
    <>
      <Stack direction="row" spacing={1}>
        <Button size="small" variant="contained" onClick={() => setGrant(true)}>
          {translate('deadlines.requests.grant')}
        </Button>
        <Button size="small" onClick={() => setGrant(false)}>
          {translate('deadlines.requests.refuse')}
        </Button>
      </Stack>
      {grant !== null && (
        <FieldsDialog
          id="decide-request"
          title={translate('deadlines.requests.decide_title', { firm: row.nameZh, period: row.periodCode })}
          hint={`${translate('deadlines.requests.decide_hint')} ${translate('deadlines.requests.reason')}：${row.reason}`}
          confirmLabel={grant ? 'deadlines.requests.grant' : 'deadlines.requests.refuse'}
          fields={[
            ...(grant
              ? [
                  {
                    name: 'until',
                    label: 'deadlines.requests.grant_until',
                    type: 'date' as const,
                    required: true,
                    initial: row.requestedUntil,
                  },
                ]
              : []),
            { name: 'note', label: 'deadlines.requests.note', required: true, multiline: true },
          ]}
          onClose={() => setGrant(null)}
          onSubmit={async (v) => {
            await dataProvider.decideExtensionRequest('extension-requests', {
              id: row.id,
              grant,
              note: v.note,
              ...(grant ? { until: v.until } : {}),
            });
            notify('deadlines.requests.decided', { type: 'success' });
            setGrant(null);
            refresh();
          }}
        />
      )}
    </>
  );
}

/** 延期申请: the province answers firms' requests for more time; a firm sees its own. */
function ExtensionRequestList() {
  const translate = useTranslate();
  const user = usePortalUser();
  const canDecide = !!user?.permissions.includes('periods.exceptions');
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput
      key="status"
      source="status"
      alwaysOn
      choices={EXTENSION_REQUEST_STATUSES.map((id) => ({ id, name: translate(`deadlines.requests.statuses.${id}`) }))}
    />,
    <TextInput key="periodCode" source="periodCode" />,
  ];
  return (
    <List
      title={translate('deadlines.requests.title')}
      filters={filters}
      filterDefaultValues={canDecide ? { status: 'PENDING' } : {}}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={false}
      empty={false}
    >
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="nameZh" label="deadlines.requests.firm" sortable={false} />
        <TextField source="periodCode" label="deadlines.requests.period" />
        <TextField source="requestedUntil" label="deadlines.requests.until" sortable={false} />
        <TextField source="reason" label="deadlines.requests.reason" sortable={false} />
        <FunctionField<ExtensionRequestRow>
          source="createdAt"
          label="deadlines.requests.created"
          render={(r) => <BeijingTime value={r.createdAt} />}
        />
        <FunctionField<ExtensionRequestRow>
          source="status"
          label="deadlines.requests.status"
          render={(r) => (
            <Chip
              size="small"
              color={STATUS_COLORS[r.status]}
              label={translate(`deadlines.requests.statuses.${r.status}`)}
            />
          )}
        />
        <TextField source="decisionNote" label="deadlines.requests.note" sortable={false} emptyText="—" />
        {canDecide && (
          <FunctionField<ExtensionRequestRow> label="" sortable={false} render={(r) => <DecideButtons row={r} />} />
        )}
      </Datagrid>
    </List>
  );
}

export const extensionRequestResource = {
  list: ExtensionRequestList,
  icon: EventRepeatIcon,
};
