import type { CommentInput } from '@portal/shared';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { formatCellValue, languageOf } from '../validation/cellLabels';
import { parseProposedValue } from './comments';
import type { PickedCell } from './ReviewContent';

/** 批注: a comment pinned to a cell or a line, with a value the reviewer proposes for a cell (optional). */
export function PinCommentDialog({
  cell,
  existing,
  onClose,
  onPin,
}: {
  cell: PickedCell;
  existing?: CommentInput;
  onClose: () => void;
  onPin: (comment: CommentInput) => void;
}) {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const language = languageOf(locale);
  const [text, setText] = useState(existing?.text ?? '');
  const [proposal, setProposal] = useState(existing?.proposedValue === undefined ? '' : String(existing.proposedValue));
  const proposedValue = cell.row ? undefined : parseProposedValue(proposal, cell.value);
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="pin-title">
      <DialogTitle id="pin-title">{translate('review.pin.title', { cell: cell.label })}</DialogTitle>
      <DialogContent>
        {!cell.row && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {translate('review.pin.current', {
              value: formatCellValue(cell.value, language, cell.path.split('.').pop()),
            })}
          </Alert>
        )}
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          margin="dense"
          label={translate('review.pin.text')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {!cell.row && (
          <TextField
            fullWidth
            margin="dense"
            label={translate('review.pin.proposed')}
            helperText={translate('review.pin.proposed_hint')}
            value={proposal}
            onChange={(e) => setProposal(e.target.value)}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button
          variant="contained"
          disabled={!text.trim()}
          onClick={() =>
            onPin({ path: cell.path, text: text.trim(), ...(proposedValue === undefined ? {} : { proposedValue }) })
          }
        >
          {translate('review.pin.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
