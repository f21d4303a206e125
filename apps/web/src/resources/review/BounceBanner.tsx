import type { ReturnStatus, TransitionView } from '@portal/shared';
import { Alert, AlertTitle, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { beijingTime } from '../../common/beijingTime';
import { lastBounce } from './bounce';

/** The latest send-back of a return still with the firm, loaded with its transitions (null while none). */
export function useBounce(returnId: string, status: ReturnStatus | undefined, reloadKey?: unknown) {
  const dataProvider = usePortalDataProvider();
  const [bounce, setBounce] = useState<TransitionView | null>(null);
  useEffect(() => {
    if (status !== 'RETURNED' && status !== 'DRAFT') {
      setBounce(null);
      return;
    }
    let live = true;
    dataProvider
      .getTransitions('returns', { id: returnId })
      .then(({ data }) => live && setBounce(lastBounce(data, status)))
      .catch(() => live && setBounce(null));
    return () => {
      live = false;
    };
  }, [dataProvider, returnId, status, reloadKey]);
  return bounce;
}

/** One line for lists: who sent it back, when (Beijing time) and why. */
export function useBounceText() {
  const translate = useTranslate();
  return (t: TransitionView) =>
    t.action === 'validation-failed'
      ? translate('cycle.bounce.home_validation', { at: beijingTime(t.at) })
      : translate('cycle.bounce.home', {
          reason: t.reason ?? '—',
          who: t.actorUsername ?? translate('cycle.bounce.system'),
          at: beijingTime(t.at),
        });
}

/**
 * At the top of a return sent back (by a reviewer or by the checks): who, when in Beijing time and why, so the
 * firm reads the reason where it starts fixing, not only in the history.
 */
export function BounceBanner({
  returnId,
  status,
  reloadKey,
}: {
  returnId: string;
  status: ReturnStatus;
  reloadKey?: unknown;
}) {
  const translate = useTranslate();
  const bounce = useBounce(returnId, status, reloadKey);
  if (!bounce) return null;
  const validation = bounce.action === 'validation-failed';
  return (
    <Alert severity="warning" sx={{ mt: 2 }} data-testid="bounce-banner">
      <AlertTitle>{translate(validation ? 'cycle.bounce.title_validation' : 'cycle.bounce.title_returned')}</AlertTitle>
      <div>
        {validation
          ? translate('cycle.bounce.validation', { at: beijingTime(bounce.at) })
          : translate('cycle.bounce.returned', {
              who: bounce.actorUsername ?? translate('cycle.bounce.system'),
              at: beijingTime(bounce.at),
              reason: bounce.reason ?? '—',
            })}
      </div>
      {!validation && <div>{translate('cycle.bounce.hint')}</div>}
    </Alert>
  );
}

/** The reason a return came back, as a line of the firm's to-do list (nothing when it is not back with the firm). */
export function BounceLine({ returnId, status }: { returnId: string; status: ReturnStatus }) {
  const bounce = useBounce(returnId, status);
  const text = useBounceText();
  if (!bounce) return null;
  return (
    <Typography variant="body2" color="warning.dark" sx={{ width: '100%' }}>
      {text(bounce)}
    </Typography>
  );
}
