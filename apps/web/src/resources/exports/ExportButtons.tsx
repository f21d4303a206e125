import DownloadIcon from '@mui/icons-material/Download';
import ReplayIcon from '@mui/icons-material/Replay';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import type { TableParams } from '../official-tables/params';
import { exportFileName } from './exportJob';
import { useExportJob } from './useExportJob';

/**
 * Excel exports of the period: this table (when `tableId` is given) or every table, with a progress bar while the
 * worker writes the workbook, then its download. Only for users who may export (tables.export).
 */
export function ExportButtons({ tableId, params }: { tableId?: string; params: TableParams }) {
  const translate = useTranslate();
  const user = usePortalUser();
  const { start, starting, running, job, error, downloadAgain, retry } = useExportJob();
  if (!user?.permissions.includes('tables.export')) return null;

  return (
    <Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {tableId && (
          <Button
            variant="contained"
            startIcon={<FileDownloadIcon />}
            disabled={running}
            onClick={() => void start(tableId, params)}
          >
            {translate('tables.export.table')}
          </Button>
        )}
        <Button
          variant={tableId ? 'outlined' : 'contained'}
          startIcon={<FileDownloadIcon />}
          disabled={running}
          onClick={() => void start('all', params)}
        >
          {translate('tables.export.all')}
        </Button>
      </Stack>
      {(starting || job) && (
        <Box sx={{ mt: 1.5, maxWidth: 520 }} aria-live="polite">
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
            <Typography variant="body2">{translate(`tables.export.status.${job?.status ?? 'QUEUED'}`)}</Typography>
            <Typography variant="body2" color="text.secondary">{`${job?.progress ?? 0}%`}</Typography>
          </Stack>
          <LinearProgress
            variant={!job || job.status === 'QUEUED' ? 'indeterminate' : 'determinate'}
            value={job?.progress ?? 0}
            color={job?.status === 'FAILED' ? 'error' : job?.status === 'SUCCEEDED' ? 'success' : 'primary'}
            aria-label={translate('tables.export.progress')}
            sx={{ height: 8, borderRadius: 1 }}
          />
          {job?.status === 'SUCCEEDED' && (
            <Button size="small" startIcon={<DownloadIcon />} sx={{ mt: 1 }} onClick={() => void downloadAgain()}>
              {translate('tables.export.download', { name: exportFileName(job) })}
            </Button>
          )}
          {job?.status === 'FAILED' && (
            <Alert
              severity="error"
              sx={{ mt: 1 }}
              action={
                <Button color="inherit" size="small" startIcon={<ReplayIcon />} onClick={() => void retry()}>
                  {translate('tables.export.retry')}
                </Button>
              }
            >
              {translate('tables.export.failed', { error: job.error ?? '' })}
            </Alert>
          )}
        </Box>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
}
