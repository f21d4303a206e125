import TableChartIcon from '@mui/icons-material/TableChart';
import { TableCatalogue } from './TableCatalogue';
import { TablePreview } from './TablePreview';

export { ProvincialDashboard } from './ProvincialDashboard';

/** 统计报表: the catalogue of official tables, and one table's preview as its show page. */
export const officialTableResource = { list: TableCatalogue, show: TablePreview, icon: TableChartIcon };
