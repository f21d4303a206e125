import type { ExportJobView } from '@portal/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNotify } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import type { TableParams } from '../official-tables/params';
import type { ExportTarget } from '../official-tables/tablesApi';
import { useDownload } from '../returns/download';
import { exportFileUrl, isExportFinished } from './exportJob';

const POLL_MS = 1000;

/**
 * One export at a time: POST /api/exports, then GET /api/exports/:id every second until the worker has finished,
 * then the workbook is downloaded once (and can be downloaded again from the panel).
 */
export function useExportJob() {
  const dataProvider = usePortalDataProvider();
  const notify = useNotify();
  const download = useDownload();
  const [jobId, setJobId] = useState<string | null>(null);
  const [target, setTarget] = useState<ExportTarget | null>(null);
  const [starting, setStarting] = useState(false);
  const downloaded = useRef(new Set<string>());

  const {
    data: job,
    error,
    refetch,
  } = useQuery<ExportJobView, Error>({
    queryKey: ['exports', jobId],
    enabled: jobId !== null,
    queryFn: async () => (await dataProvider.getExport('official-tables', { id: jobId! })).data,
    refetchInterval: (query) => (query.state.data && isExportFinished(query.state.data) ? false : POLL_MS),
  });

  const start = useCallback(
    async (next: ExportTarget, params: TableParams) => {
      setStarting(true);
      try {
        const { data } = await dataProvider.createExport('official-tables', { target: next, ...params });
        setTarget(next);
        setJobId(data.id);
      } catch (e) {
        notify(e instanceof Error ? e.message : 'ra.notification.http_error', { type: 'error' });
      } finally {
        setStarting(false);
      }
    },
    [dataProvider, notify],
  );

  /** A failed export runs again (same id); polling resumes with its new status. */
  const retry = useCallback(async () => {
    if (!jobId) return;
    try {
      await dataProvider.retryExport('official-tables', { id: jobId });
      await refetch();
    } catch (e) {
      notify(e instanceof Error ? e.message : 'ra.notification.http_error', { type: 'error' });
    }
  }, [dataProvider, jobId, notify, refetch]);

  const current = job && job.id === jobId ? job : undefined;
  useEffect(() => {
    if (current?.status === 'SUCCEEDED' && !downloaded.current.has(current.id)) {
      downloaded.current.add(current.id);
      void download(exportFileUrl(current.id));
    }
  }, [current, download]);

  return {
    start,
    starting,
    target,
    job: current,
    running: starting || (jobId !== null && (!current || !isExportFinished(current))),
    error: error?.message ?? null,
    downloadAgain: () => current && download(exportFileUrl(current.id)),
    retry,
  };
}
