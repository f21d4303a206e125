import { Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState, type ReactElement } from 'react';
import { Button, useNotify, useTranslate } from 'react-admin';
import { isIsoDay, todayIso } from './dates';

export interface DatedEndButtonProps {
  /** Message key of the button and of the confirming action. */
  label: string;
  icon: ReactElement;
  /** Already translated dialog title. */
  title: string;
  /** Message key of the explanation under the title. */
  hint: string;
  /** Already translated label of the date field. */
  dateLabel: string;
  /** Message key notified on success. */
  done: string;
  /** Sends the chosen day (YYYY-MM-DD) to the API. */
  end: (day: string) => Promise<unknown>;
  /** What to do after a success (go back to the list, refresh the page). */
  then: () => void;
}

/**
 * Ends something that has a validity (a code, a group membership) from a chosen day: the row stays, so older
 * periods keep resolving it. The API's DELETE needs that day, which the stock delete button cannot send.
 */
export function DatedEndButton({ label, icon, title, hint, dateLabel, done, end, then }: DatedEndButtonProps) {
  const notify = useNotify();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [day, setDay] = useState(todayIso);
  const [saving, setSaving] = useState(false);

  const confirm = async () => {
    setSaving(true);
    try {
      await end(day);
      notify(done, { type: 'success' });
      setOpen(false);
      then();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button label={label} color="error" onClick={() => setOpen(true)}>
        {icon}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate(hint)}</DialogContentText>
          <TextField
            type="date"
            label={dateLabel}
            value={day}
            onChange={(e) => setDay(e.target.value)}
            error={!isIsoDay(day)}
            helperText={isIsoDay(day) ? ' ' : translate('app.codes.date_format')}
            slotProps={{ inputLabel: { shrink: true } }}
            fullWidth
          />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button
            label={label}
            color="error"
            variant="contained"
            disabled={saving || !isIsoDay(day)}
            onClick={confirm}
          />
        </DialogActions>
      </Dialog>
    </>
  );
}
