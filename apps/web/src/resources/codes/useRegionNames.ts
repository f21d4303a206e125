import type { CodeItem } from '@portal/shared';
import { useMemo } from 'react';
import { useGetList, useLocaleState } from 'react-admin';
import { codeName } from '../returns/CodePicker';

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

/** Region code → name in the language on screen (the Chinese name where the list has no English one). */
export function useRegionNames(): Map<string, string> {
  const regions = useRegions();
  const [locale = 'zh-CN'] = useLocaleState();
  return useMemo(() => new Map(regions.map((r) => [r.code, codeName(r, locale)])), [regions, locale]);
}
