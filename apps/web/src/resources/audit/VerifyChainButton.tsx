import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import {
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import type { AuditChainBreak, AuditVerifyResult } from '@portal/shared';
import { useState } from 'react';
import { Button, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { PortalDataProvider } from '../../providers/dataProvider';

/** One break of the chain in words: an entry altered, entries deleted before it, or its predecessor rewritten. */
function breakMessage(b: AuditChainBreak): [string, Record<string, unknown>] {
  if (b.kind === 'ALTERED') return ['app.audit.break_altered', { id: b.id }];
  if (b.afterId == null) return ['app.audit.break_first', { id: b.id }];
  if (b.missing) return ['app.audit.break_missing', { id: b.id, after: b.afterId, missing: b.missing }];
  return ['app.audit.break_relinked', { id: b.id, after: b.afterId }];
}

/** Recomputes the hash chain on the server and reports every entry altered, removed or relinked. */
export function VerifyChainButton() {
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [running, setRunning] = useState(false);
  const [broken, setBroken] = useState<AuditVerifyResult | null>(null);

  const verify = async () => {
    setRunning(true);
    try {
      const { data } = await dataProvider.verifyAudit('audit');
      if (data.ok) notify('app.audit.verify_ok', { type: 'success', messageArgs: { checked: data.checked } });
      else setBroken(data);
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <Button label="app.audit.verify" onClick={verify} disabled={running}>
        <VerifiedUserIcon />
      </Button>
      <Dialog open={!!broken} onClose={() => setBroken(null)} maxWidth="md" fullWidth>
        {broken && (
          <>
            <DialogTitle color="error">
              {translate('app.audit.verify_broken', { count: broken.breakCount, checked: broken.checked })}
            </DialogTitle>
            <DialogContent dividers>
              <List dense aria-label={translate('app.audit.breaks')}>
                {broken.breaks.map((b) => {
                  const [key, args] = breakMessage(b);
                  return (
                    <ListItem key={`${b.kind}-${b.id}`} disableGutters>
                      <ListItemText primary={translate(key, args)} />
                    </ListItem>
                  );
                })}
              </List>
              {broken.breakCount > broken.breaks.length && (
                <Typography variant="body2" color="text.secondary">
                  {translate('app.audit.breaks_more', { count: broken.breakCount - broken.breaks.length })}
                </Typography>
              )}
            </DialogContent>
            <DialogActions>
              <Button label="ra.action.close" onClick={() => setBroken(null)} />
            </DialogActions>
          </>
        )}
      </Dialog>
    </>
  );
}
