import type { ExportJobView } from '@portal/shared';

/** The worker is done with a job, one way or the other: stop polling. */
export const isExportFinished = (job: Pick<ExportJobView, 'status'>) =>
  job.status === 'SUCCEEDED' || job.status === 'FAILED';

/** The workbook of a finished export (requester or administrator only). */
export const exportFileUrl = (id: string) => `/api/exports/${encodeURIComponent(id)}/file`;

/** The file name the API will send, for the download button before the file is fetched. */
export const exportFileName = (job: Pick<ExportJobView, 'fileName' | 'id'>) => job.fileName ?? `${job.id}.xlsx`;
