import {
  periodBounds,
  previousPeriod,
  samePeriodLastYear,
  type CodeItem,
  type CodeListName,
  type ReturnContent,
  type ReturnDetail,
  type ReturnRow,
} from '@portal/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useGetList } from 'react-admin';
import { usePortalDataProvider } from '../../providers/dataProvider';
import { priorFigures, type CodeNames } from './priorPeriods';

const ONE_HOUR = 3600_000;

/** An earlier period beside the return under review: its code and its figures (null: nothing submitted). */
export interface PriorColumn {
  periodCode: string;
  figures: Map<string, number> | null;
}

export interface PriorPeriods {
  year: PriorColumn;
  quarter: PriorColumn;
}

type Provider = ReturnType<typeof usePortalDataProvider>;

/**
 * What the firm submitted for a period, as the reviewers of that period saw it: the approved revision when there is
 * one, else the current content once submitted; a draft (or nothing) counts as nothing submitted.
 */
async function submittedContent(dp: Provider, enterpriseId: string, periodCode: string): Promise<ReturnContent | null> {
  const { data } = await dp.getList<ReturnRow>('returns', {
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'periodCode', order: 'DESC' },
    filter: { enterpriseId, periodCode },
  });
  const row = data[0];
  if (!row) return null;
  if (row.approvedRevision) {
    return (await dp.getReturnRevision('returns', { id: row.id, revision: row.approvedRevision })).data.content;
  }
  if (row.status === 'DRAFT' || row.status === 'RETURNED') return null;
  return (await dp.getOne<ReturnDetail>('returns', { id: row.id })).data.content;
}

/** The same quarter of last year and the quarter before, matched figure by figure to the return under review. */
export function usePriorPeriods(detail: Pick<ReturnDetail, 'enterpriseId' | 'periodCode' | 'content'> | null) {
  const dp = usePortalDataProvider();
  const enterpriseId = detail?.enterpriseId;
  const code = detail?.periodCode;
  const { data } = useQuery({
    queryKey: ['returns', 'prior', enterpriseId, code],
    enabled: !!enterpriseId && !!code,
    queryFn: async () => {
      const year = samePeriodLastYear(code as string);
      const quarter = previousPeriod(code as string);
      const [y, q] = await Promise.all([
        submittedContent(dp, enterpriseId as string, year),
        submittedContent(dp, enterpriseId as string, quarter),
      ]);
      return { year: { code: year, content: y }, quarter: { code: quarter, content: q } };
    },
  });
  const content = detail?.content;
  return useMemo<PriorPeriods | null>(() => {
    if (!data || !content) return null;
    const column = (p: { code: string; content: ReturnContent | null }): PriorColumn => ({
      periodCode: p.code,
      figures: p.content ? priorFigures(content, p.content) : null,
    });
    return { year: column(data.year), quarter: column(data.quarter) };
  }, [data, content]);
}

function useNamedList(list: CodeListName, validOn: string | undefined): readonly CodeItem[] | undefined {
  const { data } = useGetList<CodeItem>(
    list,
    {
      pagination: { page: 1, perPage: 1000 },
      sort: { field: 'sortOrder', order: 'ASC' },
      filter: { validOn },
    },
    { staleTime: ONE_HOUR, enabled: !!validOn },
  );
  return data;
}

/** The code lists behind the return's coded fields (CODE_FIELD_LISTS), as valid at the end of its quarter. */
export function useReviewCodeNames(periodCode: string | undefined): CodeNames {
  const validOn = periodCode ? periodBounds(periodCode).end : undefined;
  const regions = useNamedList('regions', validOn);
  const categories = useNamedList('service-categories', validOn);
  const outsourcing = useNamedList('outsourcing-categories', validOn);
  const natures = useNamedList('enterprise-natures', validOn);
  const industries = useNamedList('industries', validOn);
  const economies = useNamedList('partner-economies', validOn);
  return useMemo(
    () => ({
      regions,
      'service-categories': categories,
      'outsourcing-categories': outsourcing,
      'enterprise-natures': natures,
      industries,
      'partner-economies': economies,
    }),
    [regions, categories, outsourcing, natures, industries, economies],
  );
}
