import type { OfficialTableView, TableRow } from '@portal/shared';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Alert, Box, Button, Card, CardContent, LinearProgress, Stack, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Title, useLocation, useNavigate, useParams, useTranslate } from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { isForbidden, NoAccess } from '../../common/NoAccess';
import { ExportButtons } from '../exports';
import { DrillDownDialog } from './DrillDownDialog';
import { OfficialTableGrid } from './OfficialTableGrid';
import {
  catalogueTitle,
  paramsFromSearch,
  parsePeriodParam,
  periodLabelMessage,
  searchOfParams,
  topParameter,
} from './params';
import { TableParamsForm, type TableParamsValue } from './TableParamsForm';
import { useStoredTableParams, useTableCatalogue, useTableSetup } from './useTableSetup';

/** The name of a table in the language on screen (the catalogue's Chinese title without placeholders otherwise). */
export function useTableName() {
  const translate = useTranslate();
  return (id: string, template?: string) =>
    translate(`tables.names.${id}`, { _: template ? catalogueTitle(template) : id });
}

/** How a period parameter reads on screen (`2021年1-3季度`, `2021 Q1–Q3`); the raw text when unusual. */
export function usePeriodLabel() {
  const translate = useTranslate();
  return (period: string) => {
    const choice = parsePeriodParam(period);
    if (!choice) return period;
    const { key, args } = periodLabelMessage(choice);
    return translate(key, args);
  };
}

/**
 * One official table in the browser, laid out as the Excel sheet; its parameters live in the address
 * (`#/official-tables/so_t01/show?period=2021&territory=610000&currency=USD`), so a preview can be shared.
 */
export function TablePreview() {
  const { id = '' } = useParams<{ id: string }>();
  const translate = useTranslate();
  const location = useLocation();
  const navigate = useNavigate();
  const dataProvider = usePortalDataProvider();
  const user = usePortalUser();
  const setup = useTableSetup();
  const [stored, setStored] = useStoredTableParams(setup);
  const params = paramsFromSearch(new URLSearchParams(location.search), stored);
  const { data: catalogue, error: catalogueError } = useTableCatalogue();
  const entry = catalogue?.find((e) => e.id === id);
  const tableName = useTableName();
  const periodLabel = usePeriodLabel();
  const [drillRow, setDrillRow] = useState<TableRow | null>(null);
  // Technology tables sum registered contracts: their rows drill down to contracts, not returns.
  const technology = entry?.group === 'technology';

  const change = (next: TableParamsValue) => {
    setStored({ period: next.period, territory: next.territory, currency: next.currency });
    navigate({ pathname: location.pathname, search: `?${searchOfParams(next)}` }, { replace: true });
  };

  const {
    data: view,
    error,
    isFetching,
  } = useQuery<OfficialTableView, Error>({
    queryKey: ['official-tables', id, params],
    enabled: user !== undefined && id !== '',
    queryFn: async () => (await dataProvider.getOfficialTable('official-tables', { id, ...params })).data,
    placeholderData: keepPreviousData,
  });
  const shown = view?.id === id ? view : undefined;

  if (isForbidden(error) || isForbidden(catalogueError)) return <NoAccess />;
  return (
    <Box sx={{ pb: 4 }}>
      <Title title={tableName(id, entry?.title)} />
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        sx={{ mt: 2, mb: 2, alignItems: { md: 'flex-start' }, justifyContent: 'space-between' }}
      >
        <Box>
          <Button
            component={Link}
            to={`/official-tables?${searchOfParams({ ...params, top: undefined })}`}
            startIcon={<ArrowBackIcon />}
            size="small"
          >
            {translate('tables.preview.back')}
          </Button>
          <Typography variant="h5" component="h1" sx={{ mt: 1 }}>
            {tableName(id, entry?.title)}
          </Typography>
        </Box>
        <ExportButtons tableId={id} params={params} />
      </Stack>
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <TableParamsForm
            value={params}
            onChange={change}
            years={setup.years}
            territories={setup.territories}
            top={topParameter(entry)}
          />
        </CardContent>
      </Card>
      <Card>
        {isFetching && <LinearProgress aria-label={translate('ra.page.loading')} />}
        <CardContent>
          {error && <Alert severity="error">{translate('tables.preview.error', { message: error.message })}</Alert>}
          {shown && (
            <>
              <OfficialTableGrid view={shown} onRowClick={setDrillRow} />
              <Stack
                direction={{ xs: 'column', sm: 'row' }}
                spacing={2}
                sx={{ mt: 2, justifyContent: 'space-between', color: 'text.secondary' }}
              >
                <Typography variant="body2">
                  {translate('tables.preview.table_coverage', {
                    approved: shown.coverage.approvedReturns,
                    pending: shown.coverage.pendingReturns,
                  })}{' '}
                  {translate(technology ? 'tables.preview.drill_hint_contracts' : 'tables.preview.drill_hint')}
                </Typography>
                <Typography variant="caption" sx={{ fontFamily: 'monospace' }} title={shown.snapshotHash}>
                  {translate('tables.preview.snapshot', { hash: shown.snapshotHash.slice(0, 12) })}
                </Typography>
              </Stack>
            </>
          )}
        </CardContent>
      </Card>
      {shown && (
        <DrillDownDialog
          tableId={id}
          tableTitle={shown.title}
          periodLabel={periodLabel(shown.parameters.period)}
          territoryName={shown.territoryName}
          params={params}
          row={drillRow}
          contracts={technology}
          onClose={() => setDrillRow(null)}
        />
      )}
    </Box>
  );
}
