import BusinessIcon from '@mui/icons-material/Business';
import {
  BooleanField,
  Datagrid,
  Labeled,
  List,
  SearchInput,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
} from 'react-admin';
import { DateTimeField } from '../../common/DateTimeField';
import { RegionField } from '../codes';
import { ENTERPRISE_STATUS_CHOICES, EnterpriseStatusField } from './EnterpriseStatusField';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={ENTERPRISE_STATUS_CHOICES} />,
];

/** The API limits the rows to the user's territory (属地管理); the list shows whatever it is given. */
function EnterpriseList() {
  return (
    <List filters={filters} sort={{ field: 'nameZh', order: 'ASC' }} perPage={25}>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="nameZh" />
        <TextField source="uscc" />
        <RegionField source="regionCode" />
        <RegionField source="reviewUnitCode" />
        <EnterpriseStatusField source="status" />
        <DateTimeField source="createdAt" showTime={false} />
      </Datagrid>
    </List>
  );
}

function EnterpriseShow() {
  return (
    <Show>
      <SimpleShowLayout>
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
    </Show>
  );
}

export const enterpriseResource = {
  list: EnterpriseList,
  show: EnterpriseShow,
  icon: BusinessIcon,
  recordRepresentation: 'nameZh',
};
