import DownloadIcon from '@mui/icons-material/Download';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  FormGroup,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useGetList, useTranslate } from 'react-admin';
import type { ReturnRow } from '@portal/shared';
import { shanghaiToday } from '../periods/periods';
import { useDownload } from './download';

const EDITABLE = ['DRAFT', 'RETURNED', 'CORRECTION_REQUESTED'];

/** What uploading this period's rows again will do (the API decides on upload; this explains the choice before). */
export type UploadFate = 'import' | 'skipped' | 'refused';

/**
 * `import` into the draft; `skipped` when the return is approved or the period locked (not extended for the firm);
 * `refused` while the return is with the reviewers (an import cannot change it, as an edit cannot).
 */
export function uploadFate(r: Pick<ReturnRow, 'status' | 'lockDate' | 'extensionUntil'>, today: string): UploadFate {
  if (r.status === 'APPROVED') return 'skipped';
  const locked =
    r.lockDate !== null && today > r.lockDate && !(r.extensionUntil !== null && r.extensionUntil.slice(0, 10) >= today);
  if (locked) return 'skipped';
  return EDITABLE.includes(r.status) ? 'import' : 'refused';
}

/**
 * A firm's 下载数据包: it ticks the periods to download (those it can still change are ticked first); each period says
 * what uploading it again will do (imported into the draft, skipped as approved or locked, refused while in review).
 */
export function FirmBundleButton() {
  const translate = useTranslate();
  const download = useDownload();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const { data = [] } = useGetList<ReturnRow>(
    'returns',
    { pagination: { page: 1, perPage: 40 }, sort: { field: 'periodCode', order: 'DESC' }, filter: {} },
    { enabled: open },
  );
  const today = shanghaiToday();
  const chosen = picked ?? new Set(data.filter((r) => uploadFate(r, today) === 'import').map((r) => r.periodCode));
  const toggle = (period: string) => {
    const next = new Set(chosen);
    if (next.has(period)) next.delete(period);
    else next.add(period);
    setPicked(next);
  };
  const submit = () => {
    const query = new URLSearchParams({ periods: [...chosen].sort().join(','), basis: 'current' });
    setOpen(false);
    void download(`/api/exchange/bundle?${query}`);
  };

  return (
    <>
      <Button size="small" startIcon={<DownloadIcon />} onClick={() => setOpen(true)}>
        {translate('app.returns.bundle')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('app.returns.bundle_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 1 }}>{translate('app.returns.bundle_hint')}</DialogContentText>
          {data.length === 0 && <Typography color="text.secondary">{translate('app.returns.bundle_none')}</Typography>}
          <FormGroup>
            {data.map((r) => (
              <FormControlLabel
                key={r.periodCode}
                control={<Checkbox checked={chosen.has(r.periodCode)} onChange={() => toggle(r.periodCode)} />}
                label={translate(`app.returns.bundle_${uploadFate(r, today)}`, {
                  period: r.periodCode,
                  status: translate(`app.return_status.${r.status}`),
                })}
              />
            ))}
          </FormGroup>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" disabled={chosen.size === 0} onClick={submit}>
            {translate('app.returns.bundle_download', { smart_count: chosen.size })}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
