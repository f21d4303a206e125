import type { OfficialTableView, ReturnRow } from '@portal/shared';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Stack, Typography, useTheme } from '@mui/material';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useGetList, useLocaleState, useTranslate } from 'react-admin';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { useRegions } from '../codes/useRegionNames';
import { useCodeList } from '../returns/CodePicker';
import { parsePeriodParam, quartersOf, searchOfParams, yearOfPeriod, type TableParams } from './params';
import { TableParamsForm } from './TableParamsForm';
import { cellNumber, cellOf, columnSeries, rowLabelIn } from './tableView';
import { useStoredTableParams, useTableSetup } from './useTableSetup';

const HEIGHT = 300;
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The year the dashboard opens on: that of the latest period with an approved return in the user's territory
 * (GET /api/returns?filter={"status":"APPROVED"}&sort=["periodCode","DESC"]&range=[0,0]), so the charts are not
 * empty in a new year or on historical data; the fallback (the last full year) when there is none. Undefined
 * while it is read.
 */
function useLatestApprovedYear(fallback: number): number | undefined {
  const user = usePortalUser();
  const allowed = user?.permissions.includes('returns.read') ?? false;
  const { data, isPending } = useGetList<ReturnRow>(
    'returns',
    {
      filter: { status: 'APPROVED' },
      sort: { field: 'periodCode', order: 'DESC' },
      pagination: { page: 1, perPage: 1 },
    },
    { enabled: allowed, staleTime: 60_000 },
  );
  if (user === undefined || (allowed && isPending)) return undefined;
  return yearOfPeriod(data?.[0]?.periodCode, fallback);
}

function useOfficialTable(id: string, params: TableParams, enabled: boolean) {
  const dataProvider = usePortalDataProvider();
  return useQuery<OfficialTableView, Error>({
    queryKey: ['official-tables', id, params],
    enabled,
    queryFn: async () => (await dataProvider.getOfficialTable('official-tables', { id, ...params })).data,
    staleTime: 60_000,
  });
}

/** A chart card: title, unit, the chart (or its loading, error or empty state) and a link to the table behind it. */
function ChartCard(props: {
  id: string;
  title: string;
  unit?: string;
  tableId: string;
  params: TableParams;
  loading: boolean;
  error?: Error | null;
  empty: boolean;
  children: ReactNode;
}) {
  const translate = useTranslate();
  return (
    <Card component="section" aria-label={props.title} data-chart={props.id} sx={{ minWidth: 0 }}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'baseline', justifyContent: 'space-between', mb: 1 }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            {props.title}
          </Typography>
          {props.unit && (
            <Typography variant="caption" color="text.secondary">
              {translate('tables.dashboard.unit', { unit: props.unit })}
            </Typography>
          )}
        </Stack>
        <Box sx={{ height: HEIGHT, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          {props.loading ? (
            <CircularProgress size={32} />
          ) : props.error ? (
            <Alert severity="error">{translate('tables.dashboard.error', { message: props.error.message })}</Alert>
          ) : props.empty ? (
            <Typography color="text.secondary">{translate('tables.dashboard.no_data')}</Typography>
          ) : (
            <Box sx={{ width: '100%', height: '100%' }} className="chart">
              {props.children}
            </Box>
          )}
        </Box>
        <Button
          size="small"
          component={Link}
          to={`/official-tables/${props.tableId}/show?${searchOfParams(props.params)}`}
          sx={{ mt: 1 }}
        >
          {translate('tables.dashboard.open_table')}
        </Button>
      </CardContent>
    </Card>
  );
}

/**
 * Export and import per item row of a table (its `export` and `import` columns), labelled by `labelOf` (the row's
 * printed label without its numbering, or its code's name in the language on screen).
 */
function directionRows(view: OfficialTableView | undefined, labelOf: (row: { key: string; label: string }) => string) {
  return view
    ? view.rows
        .filter((r) => r.kind === 'item')
        .map((r) => ({
          label: labelOf({ key: r.key, label: r.label.replace(/^\d+[.．、]\s*/, '') }),
          exports: cellNumber(cellOf(view, r.key, 'export')) ?? 0,
          imports: cellNumber(cellOf(view, r.key, 'import')) ?? 0,
        }))
    : [];
}

/** Exports and imports stacked, one horizontal bar per row (service categories, technology trade modes). */
function DirectionBars({ data, colors }: { data: ReturnType<typeof directionRows>; colors: [string, string] }) {
  const translate = useTranslate();
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" />
        <YAxis type="category" dataKey="label" width={150} interval={0} tick={{ fontSize: 11 }} />
        <Tooltip />
        <Legend />
        <Bar
          dataKey="exports"
          name={translate('tables.dashboard.exports')}
          stackId="t"
          fill={colors[0]}
          isAnimationActive={false}
        />
        <Bar
          dataKey="imports"
          name={translate('tables.dashboard.imports')}
          stackId="t"
          fill={colors[1]}
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}

/**
 * The provincial (or city) statistics overview for users who read official tables: outsourcing execution by
 * quarter, its structure by business type, trade in services by category, technology trade by mode and the
 * reporting rate by city, all from the official tables of the chosen year and territory.
 */
export function ProvincialDashboard() {
  const translate = useTranslate();
  const theme = useTheme();
  const user = usePortalUser();
  const dataProvider = usePortalDataProvider();
  const setup = useTableSetup();
  const latestYear = useLatestApprovedYear(Number(setup.fallback.period));
  // A period chosen on any table page is kept; otherwise the year of the latest approved data.
  const [stored, setStored] = useStoredTableParams({
    ...setup,
    fallback: { ...setup.fallback, period: latestYear === undefined ? '' : String(latestYear) },
  });
  const knownYear = parsePeriodParam(stored.period)?.year ?? latestYear;
  const year = knownYear ?? Number(setup.fallback.period);
  const params: TableParams = { period: String(year), territory: stored.territory, currency: 'USD' };
  // The charts wait for the year rather than read the fallback year's tables first.
  const ready = user !== undefined && knownYear !== undefined;
  const palette = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.info.main,
  ];
  const money = translate('tables.dashboard.money_usd');
  // Chart labels in English where the code list has English names (the tables themselves stay Chinese).
  const [locale = 'zh-CN'] = useLocaleState();
  const categories = useCodeList('service-categories');
  const outsourcing = useCodeList('outsourcing-categories');
  const modes = useCodeList('technology-modes');
  const regions = useRegions();

  const quarters = useQueries({
    queries: quartersOf(year).map((period) => ({
      queryKey: ['official-tables', 'so_city', { ...params, period }],
      enabled: ready,
      staleTime: 60_000,
      queryFn: async () =>
        (await dataProvider.getOfficialTable('official-tables', { id: 'so_city', ...params, period })).data,
    })),
  });
  const trend = quarters.map((q, i) => ({
    quarter: `Q${i + 1}`,
    direct: q.data ? (cellNumber(cellOf(q.data, 'total', 'direct')) ?? 0) : 0,
    indirect: q.data ? (cellNumber(cellOf(q.data, 'total', 'indirect')) ?? 0) : 0,
  }));
  const structure = useOfficialTable('so_t01', params, ready);
  const structureData = structure.data
    ? columnSeries(structure.data, 'executed', (r) => r.kind === 'item')
        .filter((d) => d.value > 0)
        .map((d) => ({ ...d, label: rowLabelIn(d, outsourcing, locale) }))
    : [];
  const trade = useOfficialTable('st_category', params, ready);
  const tradeData = directionRows(trade.data, (r) => rowLabelIn(r, categories, locale));
  // Registered technology contracts by mode (附表2's columns of the year).
  const technology = useOfficialTable('app_t2', params, ready);
  const technologyData = directionRows(technology.data, (r) => rowLabelIn(r, modes, locale));
  const reporting = useOfficialTable('qa_reporting', params, ready);
  const reportingData = reporting.data
    ? reporting.data.rows
        // Cities without firms owing returns have no rate to show.
        .filter((r) => r.kind === 'item' && (cellNumber(cellOf(reporting.data!, r.key, 'expected')) ?? 0) > 0)
        .map((r) => ({
          label: rowLabelIn(r, regions, locale),
          rate: round1((cellNumber(cellOf(reporting.data!, r.key, 'rate')) ?? 0) * 100),
          onTime: round1((cellNumber(cellOf(reporting.data!, r.key, 'onTimeRate')) ?? 0) * 100),
        }))
    : [];
  const pct = (v: number) => `${v}%`;

  return (
    <Box sx={{ mt: 2 }} aria-label={translate('tables.dashboard.title')} component="section">
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'center' }, justifyContent: 'space-between', mb: 2 }}
      >
        <Typography variant="h6" component="h2">
          {translate('tables.dashboard.title')}
        </Typography>
        <TableParamsForm
          value={params}
          onChange={(next) => setStored({ ...stored, period: next.period, territory: next.territory })}
          years={setup.years}
          territories={setup.territories}
          yearOnly
          hideCurrency
        />
      </Stack>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
        <ChartCard
          id="trend"
          title={translate('tables.dashboard.trend')}
          unit={money}
          tableId="so_city"
          params={{ ...params, period: `${year}Q4` }}
          loading={!ready || quarters.some((q) => q.isPending)}
          error={quarters.find((q) => q.error)?.error}
          empty={trend.every((t) => t.direct === 0 && t.indirect === 0)}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={trend} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="quarter" />
              <YAxis width={72} />
              <Tooltip />
              <Legend />
              <Bar
                dataKey="direct"
                name={translate('tables.dashboard.direct')}
                stackId="x"
                fill={palette[0]}
                isAnimationActive={false}
              />
              <Bar
                dataKey="indirect"
                name={translate('tables.dashboard.indirect')}
                stackId="x"
                fill={palette[3]}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard
          id="structure"
          title={translate('tables.dashboard.structure')}
          unit={money}
          tableId="so_t01"
          params={params}
          loading={!ready || structure.isPending}
          error={structure.error}
          empty={structureData.length === 0}
        >
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie
                data={structureData}
                dataKey="value"
                nameKey="label"
                innerRadius="45%"
                outerRadius="75%"
                label={({ percent }) => `${((percent ?? 0) * 100).toFixed(1)}%`}
                isAnimationActive={false}
              >
                {structureData.map((d, i) => (
                  <Cell key={d.key} fill={palette[i % palette.length]} />
                ))}
              </Pie>
              <Tooltip />
              <Legend />
            </PieChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard
          id="trade"
          title={translate('tables.dashboard.trade')}
          unit={money}
          tableId="st_category"
          params={params}
          loading={!ready || trade.isPending}
          error={trade.error}
          empty={tradeData.every((d) => d.exports === 0 && d.imports === 0)}
        >
          <DirectionBars data={tradeData} colors={[palette[0], palette[3]]} />
        </ChartCard>
        <ChartCard
          id="technology"
          title={translate('tables.dashboard.technology')}
          unit={money}
          tableId="app_t2"
          params={params}
          loading={!ready || technology.isPending}
          error={technology.error}
          empty={technologyData.every((d) => d.exports === 0 && d.imports === 0)}
        >
          <DirectionBars data={technologyData} colors={[palette[2], palette[4]]} />
        </ChartCard>
        <ChartCard
          id="reporting"
          title={translate('tables.dashboard.reporting')}
          unit={translate('tables.dashboard.percent')}
          tableId="qa_reporting"
          params={params}
          loading={!ready || reporting.isPending}
          error={reporting.error}
          empty={reportingData.length === 0}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={reportingData} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" interval={0} tick={{ fontSize: 11 }} angle={-35} textAnchor="end" height={64} />
              <YAxis domain={[0, 100]} tickFormatter={pct} width={48} />
              <Tooltip formatter={(v) => `${String(v)}%`} />
              <Legend />
              <Bar
                dataKey="rate"
                name={translate('tables.dashboard.rate')}
                fill={palette[2]}
                isAnimationActive={false}
              />
              <Bar
                dataKey="onTime"
                name={translate('tables.dashboard.on_time')}
                fill={palette[4]}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
      </Box>
    </Box>
  );
}
