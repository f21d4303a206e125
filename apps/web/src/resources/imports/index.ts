import UploadFileIcon from '@mui/icons-material/UploadFile';
import { ImportCreate } from './ImportCreate';
import { ImportList } from './ImportList';
import { ImportShow } from './ImportShow';

/** Bulk data import (bundles and Excel templates), processed by the worker. */
export const importResource = {
  list: ImportList,
  create: ImportCreate,
  show: ImportShow,
  icon: UploadFileIcon,
  recordRepresentation: 'fileName',
};
