import {
  Alert,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ProfileChangeView } from '@portal/shared';
import { RecordContextProvider, useGetList, useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { RegionField } from '../codes';
import { DecisionButtons } from './DecisionButtons';

/**
 * Profile changes that wait for a review unit (a firm moving to another unit, a backdated change): on the firm's
 * page its own, on a reviewer's enterprise list those of the territory, with 确认 / 驳回 for the receiving unit.
 * Nothing is shown when none waits.
 */
export function PendingProfileChanges({ enterpriseId }: { enterpriseId?: string }) {
  const translate = useTranslate();
  const user = usePortalUser();
  const { data, error } = useGetList<ProfileChangeView>('profile-changes', {
    filter: { status: 'PENDING', ...(enterpriseId ? { enterpriseId } : {}) },
    sort: { field: 'requestedAt', order: 'ASC' },
    pagination: { page: 1, perPage: 100 },
  });
  if (error)
    return <Alert severity="error">{translate('enterprises.changes.error', { message: error.message })}</Alert>;
  if (!data?.length) return null;
  const mine = user?.scopeKind === 'ENTERPRISE';
  // The unit a firm would leave sees its move but does not decide it: the receiving unit (or the province) does.
  const decides = (change: ProfileChangeView) =>
    !!user?.permissions.includes('enterprises.confirm') &&
    !(user.scopeKind === 'REGION' && user.scopeCode !== change.toReviewUnitCode);
  const chip = (label: string) => <Chip size="small" variant="outlined" label={translate(label)} />;

  return (
    <Card sx={{ mb: 2 }} component="section" aria-labelledby="profile-changes-title">
      <CardContent>
        <Typography id="profile-changes-title" variant="h6" component="h2">
          {translate('enterprises.changes.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate(mine ? 'enterprises.changes.intro_firm' : 'enterprises.changes.intro_reviewer')}
        </Typography>
        <Table size="small" aria-label={translate('enterprises.changes.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('enterprises.changes.enterprise')}</TableCell>
              <TableCell>{translate('enterprises.fields.validFrom')}</TableCell>
              <TableCell>{translate('enterprises.changes.change')}</TableCell>
              <TableCell>{translate('enterprises.changes.from')}</TableCell>
              <TableCell>{translate('enterprises.changes.to')}</TableCell>
              <TableCell>{translate('enterprises.changes.requested_by')}</TableCell>
              <TableCell>{translate('enterprises.fields.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((change) => (
              <RecordContextProvider key={change.id} value={change}>
                <TableRow>
                  <TableCell>
                    {change.enterpriseName}
                    <Typography variant="caption" component="div" color="text.secondary">
                      {change.uscc}
                    </Typography>
                  </TableCell>
                  <TableCell>{change.validFrom}</TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
                      <span>{change.nameZh}</span>
                      <RegionField source="regionCode" />
                      {change.moves && chip('enterprises.changes.moves')}
                      {change.backdated && chip('enterprises.changes.backdated')}
                    </Stack>
                  </TableCell>
                  <TableCell>
                    <RegionField source="fromReviewUnitCode" />
                  </TableCell>
                  <TableCell>
                    <RegionField source="toReviewUnitCode" />
                  </TableCell>
                  <TableCell>{change.requestedByUsername}</TableCell>
                  <TableCell>
                    {decides(change) ? (
                      <DecisionButtons subject="profile-change" />
                    ) : (
                      <Chip size="small" color="warning" label={translate('enterprises.changes.waiting')} />
                    )}
                  </TableCell>
                </TableRow>
              </RecordContextProvider>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
