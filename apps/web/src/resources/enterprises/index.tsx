import BusinessIcon from '@mui/icons-material/Business';
import { Alert, Box } from '@mui/material';
import {
  BooleanField,
  Datagrid,
  FunctionField,
  Labeled,
  List,
  SearchInput,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { DateTimeField } from '../../common/DateTimeField';
import { usePortalUser } from '../../layout/usePortalUser';
import { RegionField } from '../codes';
import { ColleaguesPanel } from './ColleaguesPanel';
import { DecisionButtons } from './DecisionButtons';
import { EnterpriseCreate } from './EnterpriseCreate';
import { ENTERPRISE_STATUS_CHOICES, EnterpriseStatusField } from './EnterpriseStatusField';
import type { EnterpriseRecord } from './enterprisesApi';
import { PendingProfileChanges } from './PendingProfileChanges';
import { ProfileVersions } from './ProfileVersions';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={ENTERPRISE_STATUS_CHOICES} />,
];

/**
 * The API limits the rows to the user's territory (属地管理); the list shows whatever it is given. Reviewers
 * confirm or reject pending registrations in the row; municipal bureaus and admins register firms.
 */
function EnterpriseList() {
  const translate = useTranslate();
  const user = usePortalUser();
  const canDecide = !!user?.permissions.includes('enterprises.confirm');
  return (
    <>
      {/* Changes of firms moving in (not in the list yet: they are still the other unit's) or backdated. */}
      {canDecide && (
        <Box sx={{ mt: 2 }}>
          <PendingProfileChanges />
        </Box>
      )}
      <List filters={filters} sort={{ field: 'nameZh', order: 'ASC' }} perPage={25}>
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="nameZh" />
          <TextField source="uscc" />
          <RegionField source="regionCode" />
          <RegionField source="reviewUnitCode" />
          <EnterpriseStatusField source="status" />
          <DateTimeField source="createdAt" showTime={false} />
          {canDecide && (
            <FunctionField
              label={translate('enterprises.fields.actions')}
              sortable={false}
              render={() => <DecisionButtons />}
            />
          )}
        </Datagrid>
      </List>
    </>
  );
}

function ShowActions() {
  return (
    <TopToolbar>
      <DecisionButtons size="medium" />
    </TopToolbar>
  );
}

/** Why the registration waits or was refused, above the details. */
function RegistrationState() {
  const record = useRecordContext<EnterpriseRecord>();
  const translate = useTranslate();
  if (record?.status === 'PENDING') {
    return <Alert severity="warning">{translate('enterprises.decision.pending_hint')}</Alert>;
  }
  if (record?.status === 'REJECTED') {
    return (
      <Alert severity="error">
        {translate('enterprises.decision.rejected_hint', { reason: record.rejectionReason ?? '—' })}
      </Alert>
    );
  }
  return null;
}

/** The profile versions for everyone who sees the firm; its accounts and settings for its signatories. */
function EnterprisePanels() {
  const record = useRecordContext<EnterpriseRecord>();
  const user = usePortalUser();
  if (!record) return null;
  return (
    <>
      <Box sx={{ mt: 2 }}>
        <PendingProfileChanges enterpriseId={record.id} />
      </Box>
      <ProfileVersions enterpriseId={record.id} />
      {user?.permissions.includes('enterprises.manage') && <ColleaguesPanel record={record} />}
    </>
  );
}

function EnterpriseShow() {
  return (
    <Show actions={<ShowActions />}>
      <SimpleShowLayout>
        <RegistrationState />
        <TextField source="nameZh" />
        <TextField source="uscc" />
        <Labeled source="regionCode">
          <RegionField source="regionCode" />
        </Labeled>
        <Labeled source="zoneCode">
          <RegionField source="zoneCode" />
        </Labeled>
        <Labeled source="reviewUnitCode">
          <RegionField source="reviewUnitCode" />
        </Labeled>
        <Labeled source="status">
          <EnterpriseStatusField source="status" />
        </Labeled>
        <BooleanField source="makerChecker" />
        <DateTimeField source="confirmedAt" emptyText="—" />
        <DateTimeField source="createdAt" />
      </SimpleShowLayout>
      <Box sx={{ px: 2, pb: 2 }}>
        <EnterprisePanels />
      </Box>
    </Show>
  );
}

export const enterpriseResource = {
  list: EnterpriseList,
  show: EnterpriseShow,
  create: EnterpriseCreate,
  icon: BusinessIcon,
  recordRepresentation: 'nameZh',
};
