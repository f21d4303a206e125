import type { TransitionView } from '@portal/shared';
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { BeijingTime } from '../../common/DateTimeField';
import { usePortalDataProvider } from '../../providers/dataProvider';

/** Every state change of the return: who, when, from → to, and why (审核流转记录). */
export function TransitionHistory({ returnId, reloadKey }: { returnId: string; reloadKey?: unknown }) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const [rows, setRows] = useState<TransitionView[] | null>(null);
  useEffect(() => {
    let live = true;
    dataProvider
      .getTransitions('returns', { id: returnId })
      .then(({ data }) => live && setRows(data))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [dataProvider, returnId, reloadKey]);

  if (!rows) return null;
  if (!rows.length) return <Typography color="text.secondary">{translate('review.history.none')}</Typography>;
  return (
    <Table size="small" aria-label={translate('review.history.title')}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('review.history.at')}</TableCell>
          <TableCell>{translate('review.history.who')}</TableCell>
          <TableCell>{translate('review.history.action')}</TableCell>
          <TableCell>{translate('review.history.from_to')}</TableCell>
          <TableCell>{translate('review.history.revision')}</TableCell>
          <TableCell>{translate('review.history.reason')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((t) => (
          <TableRow key={t.id}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <BeijingTime value={t.at} />
            </TableCell>
            <TableCell>{t.actorUsername ?? translate('review.history.system')}</TableCell>
            <TableCell>{translate(`review.actions.${t.action}`)}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              {translate(`app.return_status.${t.fromStatus}`)} → {translate(`app.return_status.${t.toStatus}`)}
            </TableCell>
            <TableCell>{t.revision}</TableCell>
            <TableCell>{t.reason ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
