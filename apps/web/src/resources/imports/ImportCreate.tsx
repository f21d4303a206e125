import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Link, Title, useNotify, useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { ImportProgress } from './ImportProgress';
import { ACCEPTED_FILES, isAcceptedFile } from './imports';

/**
 * 数据导入: upload a bundle (.zip / .csv) or a filled Excel template; the worker checks the whole file and writes
 * all or nothing, and the page follows it with a progress bar and the list of problems. Administrators may load
 * historical data (approved on arrival) with a note of where it came from.
 */
export function ImportCreate() {
  const translate = useTranslate();
  const notify = useNotify();
  const user = usePortalUser();
  const dataProvider = usePortalDataProvider();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<'FIRM' | 'HISTORICAL'>('FIRM');
  const [sourceNote, setSourceNote] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const mayImportHistory = !!user?.permissions.includes('imports.historical');
  const mayImportFirm = user?.scopeKind === 'ENTERPRISE';
  const effectiveKind = mayImportFirm ? kind : 'HISTORICAL';
  const noteMissing = effectiveKind === 'HISTORICAL' && !sourceNote.trim();

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const { data } = await dataProvider.uploadImport('imports', {
        file,
        kind: effectiveKind,
        sourceNote: effectiveKind === 'HISTORICAL' ? sourceNote.trim() : undefined,
        dryRun,
      });
      setImportId(data.id);
      notify('app.imports.uploaded', { type: 'info' });
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="app.imports.title" />
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          {translate('app.imports.title')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {translate('app.imports.hint')}
        </Typography>
        {mayImportFirm && mayImportHistory && (
          <RadioGroup row value={kind} onChange={(e) => setKind(e.target.value as 'FIRM' | 'HISTORICAL')}>
            <FormControlLabel value="FIRM" control={<Radio />} label={translate('app.imports.kinds.FIRM')} />
            <FormControlLabel
              value="HISTORICAL"
              control={<Radio />}
              label={translate('app.imports.kinds.HISTORICAL')}
            />
          </RadioGroup>
        )}
        {!mayImportFirm && !mayImportHistory && <Alert severity="info">{translate('app.imports.not_allowed')}</Alert>}
        {effectiveKind === 'HISTORICAL' && mayImportHistory && (
          <TextField
            fullWidth
            margin="dense"
            required
            label={translate('app.imports.source_note')}
            helperText={translate('app.imports.source_note_hint')}
            value={sourceNote}
            onChange={(e) => setSourceNote(e.target.value)}
          />
        )}
        <FormControlLabel
          control={<Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />}
          label={translate('app.imports.dry_run')}
        />
        <Typography variant="body2" color="text.secondary">
          {translate('app.imports.dry_run_hint')}
        </Typography>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', my: 2 }}>
          <Button variant="outlined" component="label" startIcon={<UploadFileIcon />}>
            {translate('app.imports.choose_file')}
            <input
              hidden
              type="file"
              accept={ACCEPTED_FILES}
              aria-label={translate('app.imports.choose_file')}
              onChange={(e) => {
                const chosen = e.target.files?.[0] ?? null;
                if (chosen && !isAcceptedFile(chosen.name)) {
                  notify('app.imports.wrong_type', { type: 'warning' });
                  return;
                }
                setFile(chosen);
                setImportId(null);
              }}
            />
          </Button>
          <Typography>
            {file ? `${file.name} (${Math.ceil(file.size / 1024)} KB)` : translate('app.imports.no_file')}
          </Typography>
          <Button
            variant="contained"
            disabled={!file || busy || noteMissing || (!mayImportFirm && !mayImportHistory)}
            onClick={() => void upload()}
          >
            {translate('app.imports.upload')}
          </Button>
        </Stack>
        {importId && (
          <Box sx={{ mt: 2 }}>
            <ImportProgress id={importId} />
          </Box>
        )}
        <Button component={Link} to="/imports" sx={{ mt: 2 }}>
          {translate('app.imports.history')}
        </Button>
      </CardContent>
    </Card>
  );
}
