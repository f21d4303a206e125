export { ExportButtons } from './ExportButtons';
export { exportFileName, exportFileUrl, isExportFinished } from './exportJob';
export { useExportJob } from './useExportJob';
