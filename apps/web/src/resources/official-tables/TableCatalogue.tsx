import type { CatalogueEntry } from '@portal/shared';
import TableChartIcon from '@mui/icons-material/TableChart';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  LinearProgress,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Typography,
} from '@mui/material';
import { useEffect } from 'react';
import { Link, Title, useLocaleState, useLocation, useTranslate } from 'react-admin';
import { isForbidden, NoAccess } from '../../common/NoAccess';
import { ExportButtons } from '../exports';
import { catalogueTitle, paramsFromSearch, searchOfParams } from './params';
import { TableParamsForm, type TableParamsValue } from './TableParamsForm';
import { useTableName } from './TablePreview';
import { useStoredTableParams, useTableCatalogue, useTableSetup } from './useTableSetup';

const GROUPS: CatalogueEntry['group'][] = ['outsourcing', 'trade', 'technology', 'workforce', 'quality'];

/** 统计报表: the official tables by group, the parameters to open them with, and the export of all of them. */
export function TableCatalogue() {
  const translate = useTranslate();
  const [locale = 'zh-CN'] = useLocaleState();
  const location = useLocation();
  const setup = useTableSetup();
  const [stored, setStored] = useStoredTableParams(setup);
  const { data: catalogue, error, isPending } = useTableCatalogue();
  const tableName = useTableName();

  // Coming back from a preview carries its parameters in the address: adopt them.
  const search = location.search;
  useEffect(() => {
    if (!search) return;
    const next = paramsFromSearch(new URLSearchParams(search), stored);
    if (next.period !== stored.period || next.territory !== stored.territory || next.currency !== stored.currency) {
      setStored({ period: next.period, territory: next.territory, currency: next.currency });
    }
    // Only when the address changes: later choices on this page are the user's.
  }, [search]);

  const params = stored;
  const change = (next: TableParamsValue) =>
    setStored({ period: next.period, territory: next.territory, currency: next.currency });

  if (isForbidden(error)) return <NoAccess />;
  return (
    <Box sx={{ pb: 4 }}>
      <Title title={translate('tables.catalogue.title')} />
      <Card sx={{ mt: 2, mb: 2 }}>
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom>
            {translate('tables.catalogue.title')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {translate('tables.catalogue.intro')}
          </Typography>
          <TableParamsForm value={params} onChange={change} years={setup.years} territories={setup.territories} />
          <Box sx={{ mt: 2 }}>
            <ExportButtons params={params} />
          </Box>
        </CardContent>
      </Card>
      {isPending && <LinearProgress />}
      {error && <Alert severity="error">{error.message}</Alert>}
      {catalogue && catalogue.length === 0 && <Alert severity="info">{translate('tables.catalogue.empty')}</Alert>}
      {GROUPS.map((group) => {
        const entries = catalogue?.filter((e) => e.group === group) ?? [];
        if (!entries.length) return null;
        return (
          <Card key={group} sx={{ mb: 2 }} component="section" aria-labelledby={`tables-group-${group}`}>
            <CardHeader
              title={translate(`tables.groups.${group}`)}
              slotProps={{ title: { variant: 'h6', component: 'h2', id: `tables-group-${group}` } }}
              sx={{ pb: 0 }}
            />
            <List dense>
              {entries.map((entry) => {
                const name = tableName(entry.id, entry.title);
                const official = catalogueTitle(entry.title);
                return (
                  <ListItem
                    key={entry.id}
                    data-table-id={entry.id}
                    secondaryAction={
                      <Button
                        component={Link}
                        to={`/official-tables/${encodeURIComponent(entry.id)}/show?${searchOfParams(params)}`}
                        aria-label={`${translate('tables.catalogue.open')} ${name}`}
                      >
                        {translate('tables.catalogue.open')}
                      </Button>
                    }
                  >
                    <ListItemIcon sx={{ minWidth: 40 }}>
                      <TableChartIcon color="action" />
                    </ListItemIcon>
                    <ListItemText
                      primary={name}
                      secondary={
                        locale.startsWith('zh')
                          ? entry.description_zh
                          : `${translate('tables.catalogue.official_title')}: ${official}`
                      }
                      sx={{ pr: 10 }}
                    />
                  </ListItem>
                );
              })}
            </List>
          </Card>
        );
      })}
    </Box>
  );
}
