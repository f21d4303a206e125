import DeleteIcon from '@mui/icons-material/Delete';
import {
  Box,
  Button,
  Card,
  CardContent,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { FieldsDialog } from './FieldsDialog';
import type { Holiday } from './periodsApi';
import { shanghaiToday } from './periods';

/** The holiday calendar the province keeps: from this year on, with add and remove. */
export function HolidaysCard({ canEdit }: { canEdit: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = usePortalDataProvider();
  const [rows, setRows] = useState<Holiday[]>([]);
  const [adding, setAdding] = useState(false);
  const year = shanghaiToday().slice(0, 4);

  const load = useCallback(async () => {
    const { data } = await dataProvider.getHolidays('periods');
    setRows(data.filter((h) => h.date >= `${year}-01-01`));
  }, [dataProvider, year]);
  useEffect(() => {
    load().catch(() => setRows([]));
  }, [load]);

  return (
    <Card sx={{ mt: 2 }} component="section" aria-label={translate('deadlines.holidays.title')}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2">
            {translate('deadlines.holidays.title')}
          </Typography>
          <Box sx={{ flex: 1 }} />
          {canEdit && <Button onClick={() => setAdding(true)}>{translate('deadlines.holidays.add')}</Button>}
        </Stack>
        <Typography color="text.secondary" variant="body2" sx={{ mb: 1 }}>
          {translate('deadlines.holidays.hint')}
        </Typography>
        <Table size="small" sx={{ maxWidth: 560 }}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('deadlines.holidays.date')}</TableCell>
              <TableCell>{translate('deadlines.holidays.name')}</TableCell>
              {canEdit && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((h) => (
              <TableRow key={h.date}>
                <TableCell>{h.date}</TableCell>
                <TableCell>{h.nameZh}</TableCell>
                {canEdit && (
                  <TableCell>
                    <IconButton
                      size="small"
                      aria-label={`${translate('deadlines.holidays.remove')} ${h.date}`}
                      onClick={async () => {
                        try {
                          await dataProvider.removeHoliday('periods', { date: h.date });
                          notify('deadlines.holidays.removed', { type: 'success' });
                          await load();
                        } catch (e) {
                          notify(e instanceof Error ? e.message : String(e), { type: 'error' });
                        }
                      }}
                    >
                      <DeleteIcon fontSize="small" />
                    </IconButton>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
      {adding && (
        <FieldsDialog
          id="add-holiday"
          title={translate('deadlines.holidays.add')}
          hint={translate('deadlines.holidays.hint')}
          fields={[
            { name: 'date', label: 'deadlines.holidays.date', type: 'date', required: true },
            { name: 'nameZh', label: 'deadlines.holidays.name', required: true },
          ]}
          onClose={() => setAdding(false)}
          onSubmit={async (v) => {
            const { data } = await dataProvider.addHoliday('periods', { date: v.date, nameZh: v.nameZh });
            for (const s of data.shifted) notify('deadlines.holidays.shifted', { type: 'info', messageArgs: s });
            if (!data.shifted.length) notify('deadlines.holidays.added', { type: 'success' });
            setAdding(false);
            await load();
            refresh();
          }}
        />
      )}
    </Card>
  );
}
