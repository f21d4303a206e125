import HandshakeIcon from '@mui/icons-material/Handshake';
import { ContractList } from './ContractList';
import { ContractPage } from './ContractPage';

/** Technology contract registrations: the list, the firm's form (create and show) and the reviewers' page. */
export const technologyContractResource = {
  list: ContractList,
  create: ContractPage,
  show: ContractPage,
  icon: HandshakeIcon,
  recordRepresentation: 'contractNo',
};
