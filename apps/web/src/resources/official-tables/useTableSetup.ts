import type { CatalogueEntry, PeriodRow } from '@portal/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useGetList, useStore } from 'react-admin';
import { usePortalUser } from '../../layout/usePortalUser';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { useRegions } from '../codes/useRegionNames';
import { shanghaiToday } from '../periods/periods';
import {
  defaultTerritory,
  defaultYear,
  isCurrency,
  territoryOptions,
  yearsOfPeriods,
  type TableParams,
  type TerritoryOption,
} from './params';

const TEN_MINUTES = 10 * 60 * 1000;

export interface TableSetup {
  /** Years with reporting periods, latest first. */
  years: number[];
  /** What the user may request tables for, as a tree. */
  territories: TerritoryOption[];
  /** Defaults: the last full year, the user's own territory, USD. */
  fallback: TableParams;
}

/** Choices of the table parameters for the signed-in user (periods and regions are cached by react-query). */
export function useTableSetup(): TableSetup {
  const user = usePortalUser();
  const regions = useRegions();
  const { data: periods } = useGetList<PeriodRow>(
    'periods',
    { pagination: { page: 1, perPage: 1000 }, sort: { field: 'code', order: 'DESC' } },
    { staleTime: TEN_MINUTES },
  );
  const years = useMemo(() => yearsOfPeriods((periods ?? []).map((p) => p.code)), [periods]);
  const territories = useMemo(() => (user ? territoryOptions(regions, user) : []), [regions, user]);
  const fallback = useMemo<TableParams>(
    () => ({
      period: String(defaultYear(years, shanghaiToday())),
      territory: user ? defaultTerritory(territories, user) : '',
      currency: 'USD',
    }),
    [years, territories, user],
  );
  return { years, territories, fallback };
}

/**
 * The parameters last chosen anywhere (catalogue, preview, dashboard), kept in react-admin's store so they follow
 * the user between pages; a stored territory the user may no longer read falls back to their own.
 */
export function useStoredTableParams(setup: TableSetup): [TableParams, (next: TableParams) => void] {
  const [stored, setStored] = useStore<Partial<TableParams>>('tables.params', {});
  const { fallback, territories } = setup;
  const territoryOk =
    stored.territory !== undefined &&
    (territories.length === 0 || territories.some((t) => t.code === stored.territory));
  const params: TableParams = {
    period: stored.period ?? fallback.period,
    territory: territoryOk ? stored.territory! : fallback.territory,
    currency: isCurrency(stored.currency) ? stored.currency : fallback.currency,
  };
  return [params, setStored];
}

/** GET /api/official-tables, cached for the session. */
export function useTableCatalogue() {
  const dataProvider = usePortalDataProvider();
  return useQuery<CatalogueEntry[], Error>({
    queryKey: ['official-tables', 'catalogue'],
    queryFn: async () => (await dataProvider.getTableCatalogue('official-tables')).data,
    staleTime: TEN_MINUTES,
  });
}
