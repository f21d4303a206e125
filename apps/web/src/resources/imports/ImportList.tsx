import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Button } from '@mui/material';
import {
  Datagrid,
  FunctionField,
  Link,
  List,
  NumberField,
  SelectInput,
  TextField,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { DateTimeField } from '../../common/DateTimeField';
import { IMPORT_STATUSES, type ImportJob } from '@portal/shared';
import { ImportStatusChip } from './ImportProgress';

function UploadButton() {
  const translate = useTranslate();
  return (
    <Button component={Link} to="/imports/create" size="small" startIcon={<UploadFileIcon />}>
      {translate('app.imports.new')}
    </Button>
  );
}

/** Past imports, newest first: the user's own (administrators see every one). */
export function ImportList() {
  const translate = useTranslate();
  const filters = [
    <SelectInput
      key="status"
      source="status"
      choices={IMPORT_STATUSES.map((id) => ({ id, name: translate(`app.imports.status.${id}`) }))}
    />,
  ];
  return (
    <List
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      actions={
        <TopToolbar>
          <UploadButton />
        </TopToolbar>
      }
      empty={false}
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <DateTimeField source="createdAt" />
        <TextField source="fileName" />
        <FunctionField source="kind" render={(r: ImportJob) => translate(`app.imports.kinds.${r.kind}`)} />
        <FunctionField source="status" render={(r: ImportJob) => <ImportStatusChip status={r.status} />} />
        <FunctionField source="progress" render={(r: ImportJob) => `${r.progress}%`} />
        <NumberField source="errorCount" />
        <TextField source="createdByUsername" />
        <DateTimeField source="finishedAt" emptyText="—" />
      </Datagrid>
    </List>
  );
}
