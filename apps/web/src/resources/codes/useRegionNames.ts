import type { CodeItem } from '@portal/shared';
import { useMemo } from 'react';
import { useGetList } from 'react-admin';

/**
 * Every region valid today, fetched once and cached by react-query: a province has a few dozen regions, far
 * fewer than one request per row would cost. Sorted as the code list is.
 */
export function useRegions(): CodeItem[] {
  const { data } = useGetList<CodeItem>(
    'regions',
    { pagination: { page: 1, perPage: 1000 }, sort: { field: 'sortOrder', order: 'ASC' } },
    { staleTime: 10 * 60 * 1000 },
  );
  return data ?? [];
}

/** Region code → Chinese name, for showing codes the way users know them. */
export function useRegionNames(): Map<string, string> {
  const regions = useRegions();
  return useMemo(() => new Map(regions.map((r) => [r.code, r.nameZh])), [regions]);
}
