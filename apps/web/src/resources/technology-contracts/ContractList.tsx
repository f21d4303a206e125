import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Button } from '@mui/material';
import {
  CreateButton,
  DatagridConfigurable,
  FunctionField,
  Link,
  List,
  NumberField,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { CONTRACT_REGISTRATION_STATUSES, type TechnologyContractListRow } from '@portal/shared';
import { usePortalUser } from '../../layout/usePortalUser';
import { useDownload } from '../returns/download';

/**
 * A firm's Excel route: the contract template (its drafts prefilled, codes as drop-downs) and the import page,
 * where the filled template becomes draft applications all or nothing.
 */
function ExcelButtons() {
  const t = useTranslate();
  const download = useDownload();
  return (
    <>
      <Button
        size="small"
        startIcon={<DownloadIcon />}
        onClick={() => void download('/api/exchange/templates/technology-contracts')}
      >
        {t('techContracts.excel.template')}
      </Button>
      <Button component={Link} to="/imports/create" size="small" startIcon={<UploadFileIcon />}>
        {t('techContracts.excel.import')}
      </Button>
    </>
  );
}

/** A firm's contracts with their status and registration numbers; a reviewer's contracts of its territory. */
export function ContractList() {
  const t = useTranslate();
  const user = usePortalUser();
  const firm = user?.scopeKind === 'ENTERPRISE';
  const filters = [
    <TextInput key="q" source="q" label={t('techContracts.fields.contractNo')} alwaysOn />,
    <SelectInput
      key="status"
      source="status"
      label={t('techContracts.fields.status')}
      choices={CONTRACT_REGISTRATION_STATUSES.map((s) => ({ id: s, name: t(`techContracts.status.${s}`) }))}
      alwaysOn
    />,
  ];
  return (
    <List
      filters={filters}
      // The toolbar's 登记合同 stays in place for a firm without contracts yet.
      empty={false}
      sort={firm ? { field: 'updatedAt', order: 'DESC' } : { field: 'materiality', order: 'DESC' }}
      actions={
        <TopToolbar>
          {firm && <CreateButton label={t('techContracts.create')} />}
          {firm && <ExcelButtons />}
        </TopToolbar>
      }
    >
      <DatagridConfigurable rowClick="show" bulkActionButtons={false}>
        <TextField source="contractNo" label={t('techContracts.fields.contractNo')} />
        {!firm && <TextField source="enterpriseName" label={t('techContracts.fields.enterpriseName')} />}
        <FunctionField<TechnologyContractListRow>
          label={t('techContracts.fields.direction')}
          render={(r) => t(`techContracts.direction.${r.direction}`)}
        />
        <TextField source="signedDate" label={t('techContracts.fields.signedDate')} />
        <NumberField source="contractAmount" label={t('techContracts.fields.contractAmount')} />
        <TextField source="currency" label={t('techContracts.fields.currency')} />
        <FunctionField<TechnologyContractListRow>
          source="status"
          label={t('techContracts.fields.status')}
          render={(r) => t(`techContracts.status.${r.status}`)}
        />
        <TextField source="registrationNo" label={t('techContracts.fields.registrationNo')} emptyText="—" />
        {!firm && (
          <NumberField
            source="materiality"
            label={t('techContracts.fields.materiality')}
            options={{ style: 'percent', maximumFractionDigits: 1 }}
          />
        )}
      </DatagridConfigurable>
    </List>
  );
}
