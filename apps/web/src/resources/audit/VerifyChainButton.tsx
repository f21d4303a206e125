import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { useState } from 'react';
import { Button, useDataProvider, useNotify } from 'react-admin';
import type { PortalDataProvider } from '../../providers/dataProvider';

/** Recomputes the hash chain on the server and reports whether any entry was altered or removed. */
export function VerifyChainButton() {
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const [running, setRunning] = useState(false);

  const verify = async () => {
    setRunning(true);
    try {
      const { data } = await dataProvider.verifyAudit('audit');
      if (data.ok) {
        notify('app.audit.verify_ok', { type: 'success', messageArgs: { checked: data.checked } });
      } else {
        notify('app.audit.verify_broken', {
          type: 'error',
          autoHideDuration: null,
          messageArgs: { id: data.firstBrokenId, checked: data.checked },
        });
      }
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setRunning(false);
    }
  };

  return (
    <Button label="app.audit.verify" onClick={verify} disabled={running}>
      <VerifiedUserIcon />
    </Button>
  );
}
