import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import type { ReactNode } from 'react';
import { Form, SaveButton, useTranslate, type RaRecord } from 'react-admin';

/**
 * A form of a firm's panel in a dialog (a profile change, a new colleague): its title, a hint above the inputs,
 * and 取消 / 保存. The form checks a field once it is left; `onSubmit` answers the API's refusal with messages by
 * field (see useSubmitErrors).
 */
export function FormDialog<V>({
  id,
  title,
  hint,
  record,
  onSubmit,
  onClose,
  maxWidth,
  children,
}: {
  /** The dialog's id: its title is `${id}-title`. */
  id: string;
  title: string;
  hint: string;
  /** The values the form starts from. */
  record: Partial<RaRecord>;
  onSubmit: (values: V) => Promise<Record<string, string> | undefined>;
  onClose: () => void;
  maxWidth: 'sm' | 'md';
  children: ReactNode;
}) {
  const translate = useTranslate();
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth={maxWidth} aria-labelledby={`${id}-title`}>
      <Form record={record} onSubmit={(values: unknown) => onSubmit(values as V)} mode="onTouched">
        <DialogTitle id={`${id}-title`}>{translate(title)}</DialogTitle>
        <DialogContent>
          <Alert severity="info" sx={{ mb: 2 }}>
            {translate(hint)}
          </Alert>
          {children}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <SaveButton alwaysEnable />
        </DialogActions>
      </Form>
    </Dialog>
  );
}
