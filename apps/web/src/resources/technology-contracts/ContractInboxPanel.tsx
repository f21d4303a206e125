import { Card, CardContent, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Link, useGetList, useTranslate } from 'react-admin';
import type { TechnologyContractListRow } from '@portal/shared';
import { usePortalUser } from '../../layout/usePortalUser';

/**
 * Technology contracts on the review desk, most material first: for a city those waiting for it (filed, sent back,
 * changes and cancellations), for the province its cities' registrations, which it may send back.
 */
export function ContractInboxPanel() {
  const t = useTranslate();
  const user = usePortalUser();
  const province = user?.scopeKind === 'PROVINCE';
  const { data = [], total } = useGetList<TechnologyContractListRow>('technology-contracts', {
    filter: province ? { status: 'REGISTERED' } : { awaitingCity: true },
    sort: { field: 'materiality', order: 'DESC' },
    pagination: { page: 1, perPage: 10 },
  });
  return (
    <Card sx={{ mt: 2 }} data-testid="contract-inbox">
      <CardContent>
        <Typography variant="h6">
          {t('techContracts.review_title')}（{total ?? 0}）
        </Typography>
        <Table size="small">
          <TableHead>
            <TableRow>
              {['contractNo', 'enterpriseName', 'status', 'contractAmount', 'materiality'].map((f) => (
                <TableCell key={f}>{t(`techContracts.fields.${f}`)}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((r) => (
              <TableRow key={r.id}>
                <TableCell>
                  <Link to={`/technology-contracts/${r.id}/show`}>{r.contractNo}</Link>
                </TableCell>
                <TableCell>{r.enterpriseName}</TableCell>
                <TableCell>{t(`techContracts.status.${r.status}`)}</TableCell>
                <TableCell>
                  {r.contractAmount.toLocaleString('en-US', { minimumFractionDigits: 2 })} {r.currency}
                </TableCell>
                <TableCell>{r.materiality === null ? '—' : `${(r.materiality * 100).toFixed(1)}%`}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
