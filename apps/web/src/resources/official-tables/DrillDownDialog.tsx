import type { DrillDownRow, ReturnStatus, TableRow as Row } from '@portal/shared';
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { ReturnStatusChip } from '../returns/ReturnStatusField';
import type { TableParams } from './params';

interface Props {
  tableId: string;
  tableTitle: string;
  periodLabel: string;
  territoryName: string;
  params: TableParams & { top?: number };
  row: Row | null;
  onClose: () => void;
}

/** The returns behind one row: approved ones in its figures and those of its territory waiting for review. */
export function DrillDownDialog({ tableId, tableTitle, periodLabel, territoryName, params, row, onClose }: Props) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const { data, error, isPending } = useQuery<DrillDownRow[], Error>({
    queryKey: ['official-tables', tableId, 'drill-down', params, row?.key],
    enabled: row !== null,
    queryFn: async () =>
      (await dataProvider.getTableDrillDown('official-tables', { id: tableId, row: row!.key, ...params })).data,
  });
  const included = data?.filter((d) => d.contributes).length ?? 0;

  return (
    <Dialog open={row !== null} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="drill-down-title">
      <DialogTitle id="drill-down-title">
        {translate('tables.drill.title', { row: row?.label ?? '' })}
        <Typography variant="body2" color="text.secondary">
          {translate('tables.drill.subtitle', { table: tableTitle, period: periodLabel, territory: territoryName })}
        </Typography>
      </DialogTitle>
      <DialogContent dividers>
        {row && isPending && <LinearProgress />}
        {error && <Alert severity="error">{error.message}</Alert>}
        {data && data.length === 0 && <Alert severity="info">{translate('tables.drill.empty')}</Alert>}
        {data && data.length > 0 && (
          <>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {translate('tables.drill.summary', { included, waiting: data.length - included })}
            </Typography>
            <Table size="small" aria-label={translate('tables.drill.title', { row: row?.label ?? '' })}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('tables.drill.enterprise')}</TableCell>
                  <TableCell>{translate('tables.drill.uscc')}</TableCell>
                  <TableCell>{translate('tables.drill.period')}</TableCell>
                  <TableCell>{translate('tables.drill.status')}</TableCell>
                  <TableCell>{translate('tables.drill.contributes')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {data.map((d) => (
                  <TableRow key={d.returnId} hover>
                    <TableCell>{d.enterpriseName}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{d.uscc}</TableCell>
                    <TableCell>{d.periodCode}</TableCell>
                    <TableCell>
                      <ReturnStatusChip status={d.status as ReturnStatus} />
                    </TableCell>
                    <TableCell>
                      <Chip
                        size="small"
                        variant="outlined"
                        color={d.contributes ? 'success' : 'warning'}
                        label={translate(d.contributes ? 'tables.drill.included' : 'tables.drill.waiting')}
                      />
                    </TableCell>
                    <TableCell>
                      <Link to={`/returns/${encodeURIComponent(d.returnId)}/show`}>
                        {translate('tables.drill.open')}
                      </Link>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
