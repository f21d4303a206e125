import type { ContractDrillDownRow, DrillDownRow, ReturnStatus, TableRow as Row } from '@portal/shared';
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
import type { ReactNode } from 'react';
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
  /** The table sums technology contracts (its rows have contracts behind them, not returns). */
  contracts?: boolean;
  onClose: () => void;
}

/**
 * What stands behind one row: the returns (approved ones in its figures and those of its territory waiting for
 * review), or for a technology table the contracts (registered ones it counts and those waiting for the city).
 */
export function DrillDownDialog({ tableTitle, periodLabel, territoryName, row, contracts, onClose, ...rest }: Props) {
  const translate = useTranslate();
  return (
    <Dialog open={row !== null} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="drill-down-title">
      <DialogTitle id="drill-down-title">
        {translate(contracts ? 'tables.drill.contracts_title' : 'tables.drill.title', { row: row?.label ?? '' })}
        <Typography variant="body2" color="text.secondary">
          {translate('tables.drill.subtitle', { table: tableTitle, period: periodLabel, territory: territoryName })}
        </Typography>
      </DialogTitle>
      <DialogContent dividers>
        {row && (contracts ? <ContractRows row={row} {...rest} /> : <ReturnRows row={row} {...rest} />)}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

interface RowsProps {
  tableId: string;
  params: TableParams & { top?: number };
  row: Row;
}

function Included({ contributes, waiting }: { contributes: boolean; waiting: string }) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={contributes ? 'success' : 'warning'}
      label={translate(contributes ? 'tables.drill.included' : waiting)}
    />
  );
}

/**
 * The frame both drill-downs share: progress, error, an empty note, how many the row counts and how many wait, and
 * the table whose head and rows the caller gives (message keys under tables.drill).
 */
function DrillList<T extends { contributes: boolean }>({
  query,
  row,
  keys,
  head,
  rowOf,
}: {
  query: { data?: T[]; error: Error | null; isPending: boolean };
  row: Row;
  keys: { empty: string; summary: string; title: string };
  head: ReactNode;
  rowOf: (item: T) => ReactNode;
}) {
  const translate = useTranslate();
  const { data, error, isPending } = query;
  const included = data?.filter((d) => d.contributes).length ?? 0;
  return (
    <>
      {isPending && <LinearProgress />}
      {error && <Alert severity="error">{error.message}</Alert>}
      {data && data.length === 0 && <Alert severity="info">{translate(keys.empty)}</Alert>}
      {data && data.length > 0 && (
        <>
          <Typography variant="body2" sx={{ mb: 1 }}>
            {translate(keys.summary, { included, waiting: data.length - included })}
          </Typography>
          <Table size="small" aria-label={translate(keys.title, { row: row.label })}>
            <TableHead>
              <TableRow>{head}</TableRow>
            </TableHead>
            <TableBody>{data.map(rowOf)}</TableBody>
          </Table>
        </>
      )}
    </>
  );
}

function ReturnRows({ tableId, params, row }: RowsProps) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const query = useQuery<DrillDownRow[], Error>({
    queryKey: ['official-tables', tableId, 'drill-down', params, row.key],
    queryFn: async () =>
      (await dataProvider.getTableDrillDown('official-tables', { id: tableId, row: row.key, ...params })).data,
  });
  return (
    <DrillList
      query={query}
      row={row}
      keys={{ empty: 'tables.drill.empty', summary: 'tables.drill.summary', title: 'tables.drill.title' }}
      head={
        <>
          <TableCell>{translate('tables.drill.enterprise')}</TableCell>
          <TableCell>{translate('tables.drill.uscc')}</TableCell>
          <TableCell>{translate('tables.drill.period')}</TableCell>
          <TableCell>{translate('tables.drill.status')}</TableCell>
          <TableCell>{translate('tables.drill.contributes')}</TableCell>
          <TableCell />
        </>
      }
      rowOf={(d) => (
        <TableRow key={d.returnId} hover>
          <TableCell>{d.enterpriseName}</TableCell>
          <TableCell sx={{ fontFamily: 'monospace' }}>{d.uscc}</TableCell>
          <TableCell>{d.periodCode}</TableCell>
          <TableCell>
            <ReturnStatusChip status={d.status as ReturnStatus} />
          </TableCell>
          <TableCell>
            <Included contributes={d.contributes} waiting="tables.drill.waiting" />
          </TableCell>
          <TableCell>
            <Link to={`/returns/${encodeURIComponent(d.returnId)}/show`}>{translate('tables.drill.open')}</Link>
          </TableCell>
        </TableRow>
      )}
    />
  );
}

const USD = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function ContractRows({ tableId, params, row }: RowsProps) {
  const translate = useTranslate();
  const dataProvider = usePortalDataProvider();
  const query = useQuery<ContractDrillDownRow[], Error>({
    queryKey: ['official-tables', tableId, 'contracts', params, row.key],
    queryFn: async () =>
      (await dataProvider.getTableContracts('official-tables', { id: tableId, row: row.key, ...params })).data,
  });
  return (
    <DrillList
      query={query}
      row={row}
      keys={{
        empty: 'tables.drill.contracts_empty',
        summary: 'tables.drill.contracts_summary',
        title: 'tables.drill.contracts_title',
      }}
      head={
        <>
          <TableCell>{translate('tables.drill.enterprise')}</TableCell>
          <TableCell>{translate('tables.drill.contract_no')}</TableCell>
          <TableCell>{translate('tables.drill.direction')}</TableCell>
          <TableCell>{translate('tables.drill.period')}</TableCell>
          <TableCell align="right">{translate('tables.drill.amount_usd')}</TableCell>
          <TableCell>{translate('tables.drill.status')}</TableCell>
          <TableCell>{translate('tables.drill.contributes')}</TableCell>
          <TableCell />
        </>
      }
      rowOf={(d) => (
        <TableRow key={d.contractId} hover>
          <TableCell>{d.enterpriseName}</TableCell>
          <TableCell sx={{ fontFamily: 'monospace' }}>{d.contractNo}</TableCell>
          <TableCell>{translate(`techContracts.direction.${d.direction}`)}</TableCell>
          <TableCell>{d.periodCode}</TableCell>
          <TableCell align="right">{d.contractAmountUsd === null ? '—' : USD.format(d.contractAmountUsd)}</TableCell>
          <TableCell>{translate(`techContracts.status.${d.status}`)}</TableCell>
          <TableCell>
            <Included contributes={d.contributes} waiting="tables.drill.waiting_registration" />
          </TableCell>
          <TableCell>
            <Link to={`/technology-contracts/${encodeURIComponent(d.contractId)}/show`}>
              {translate('tables.drill.open')}
            </Link>
          </TableCell>
        </TableRow>
      )}
    />
  );
}
