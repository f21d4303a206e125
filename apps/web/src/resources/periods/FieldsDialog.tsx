import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';

export interface DialogField {
  name: string;
  /** i18n key of the label. */
  label: string;
  type?: 'text' | 'date' | 'number';
  required?: boolean;
  multiline?: boolean;
  initial?: string;
}

/**
 * A small form in a dialog (a reason, a date): the API's refusal is shown in the dialog, in the language on
 * screen, and the dialog stays open so nothing typed is lost.
 */
export function FieldsDialog({
  id,
  title,
  hint,
  fields,
  confirmLabel = 'ra.action.confirm',
  onSubmit,
  onClose,
  children,
}: {
  id: string;
  /** Translated title. */
  title: string;
  /** Translated hint above the fields. */
  hint: string;
  fields: DialogField[];
  confirmLabel?: string;
  onSubmit: (values: Record<string, string>) => Promise<void>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const translate = useTranslate();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.initial ?? ''])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const missing = fields.some((f) => f.required && !values[f.name]?.trim());
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby={`${id}-title`}>
      <DialogTitle id={`${id}-title`}>{title}</DialogTitle>
      <DialogContent>
        <Alert severity="info" sx={{ mb: 2 }}>
          {hint}
        </Alert>
        <Stack spacing={2}>
          {children}
          {fields.map((f) => (
            <TextField
              key={f.name}
              fullWidth
              required={f.required}
              type={f.type ?? 'text'}
              multiline={f.multiline}
              minRows={f.multiline ? 2 : undefined}
              label={translate(f.label)}
              value={values[f.name]}
              slotProps={{ inputLabel: f.type === 'date' ? { shrink: true } : undefined }}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          ))}
          {error && <Alert severity="error">{error}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          disabled={busy || missing}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await onSubmit(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])));
            } catch (e) {
              setError(e instanceof Error ? e.message : String(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          {translate(confirmLabel)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
