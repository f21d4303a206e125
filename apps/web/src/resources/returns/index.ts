import AssignmentIcon from '@mui/icons-material/Assignment';
import { ReturnList } from './ReturnList';
import { ReturnPage } from './ReturnPage';

/** Quarterly returns: the list, and one page per return (the firm's form, read-only for everyone else). */
export const returnResource = {
  list: ReturnList,
  show: ReturnPage,
  icon: AssignmentIcon,
  recordRepresentation: 'periodCode',
};
