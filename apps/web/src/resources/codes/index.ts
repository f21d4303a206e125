import ViewListIcon from '@mui/icons-material/ViewList';
import type { CodeItem } from '@portal/shared';
import { CodeCreate } from './CodeCreate';
import { CodeEdit } from './CodeEdit';
import { CodeList } from './CodeList';
import { CodeShow } from './CodeShow';

/** The same screens serve every code list: the resource name is the list name (regions, industries, ...). */
export const codeListResource = {
  list: CodeList,
  show: CodeShow,
  edit: CodeEdit,
  create: CodeCreate,
  icon: ViewListIcon,
  recordRepresentation: (code: CodeItem) => `${code.code} ${code.nameZh}`,
};

export { RegionField } from './RegionField';
export { useRegionNames, useRegions } from './useRegionNames';
