import { RETURN_STATUSES } from '@portal/shared';
import { booleanFilter, equalsFilter, idFilter, searchFilter, type ListSpec } from '../../core/http/list-query';
import type { ReturnRow } from './returns.service';

/** GET /api/returns, and the selection of a bundle export (GET /api/exchange/bundle takes the same filters). */
export const RETURN_LIST: ListSpec<ReturnRow> = {
  resource: 'returns',
  sortable: {
    id: 'r.id',
    periodCode: 'r.periodCode',
    status: 'r.status',
    updatedAt: 'r.updatedAt',
    lastSubmittedAt: 'r.lastSubmittedAt',
    enterpriseName: 'e.nameZh',
    dueDate: 'p.dueDate',
  },
  defaultSort: ['updatedAt', 'DESC'],
  filters: {
    id: idFilter('r.id'),
    // Text, not 'period': the web's filter is typed into, and a half-typed quarter simply matches nothing.
    periodCode: equalsFilter('r.periodCode', 'text'),
    status: equalsFilter('r.status', 'enum', RETURN_STATUSES),
    enterpriseId: equalsFilter('r.enterpriseId', 'uuid'),
    reviewUnitCode: equalsFilter('r.reviewUnitCode', 'text'),
    late: booleanFilter((qb, v, p) => qb.andWhere(`r.late = :${p}`, { [p]: v })),
    q: searchFilter('e.nameZh', 'e.uscc'),
  },
};
