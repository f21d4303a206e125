import GroupWorkIcon from '@mui/icons-material/GroupWork';
import { Datagrid, List, SearchInput, TextField, TextInput } from 'react-admin';
import { ValidToField } from '../codes/ValidToField';

const filters = [<SearchInput key="q" source="q" alwaysOn />, <TextInput key="groupCode" source="groupCode" />];

/** Partner groups (东盟, 欧盟, ...) as member rows: which economies a published table adds up per group. */
function PartnerGroupList() {
  return (
    <List filters={filters} sort={{ field: 'groupCode', order: 'ASC' }} perPage={50}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="groupCode" />
        <TextField source="groupNameZh" sortable={false} />
        <TextField source="member" />
        <TextField source="validFrom" />
        <ValidToField source="validTo" sortable={false} />
        <TextField source="note" sortable={false} emptyText="" />
      </Datagrid>
    </List>
  );
}

export const partnerGroupResource = { list: PartnerGroupList, icon: GroupWorkIcon };
