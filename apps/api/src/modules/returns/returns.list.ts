import { RETURN_STATUSES } from '@portal/shared';
import { booleanFilter, equalsFilter, idFilter, searchFilter, type ListSpec } from '../../core/http/list-query';
import type { ReturnRow } from './returns.service';

/**
 * A return is late when its first submission was (the flag kept on it), or while nothing is submitted once the end
 * of the due date in Beijing time, or of the firm's live extension if later, has passed. Needs the period as `p`.
 */
export const LATE_SQL = `(CASE WHEN r.firstSubmittedAt IS NOT NULL THEN r.late ELSE now() >= GREATEST(
  ((p.dueDate + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'),
  (SELECT max(x.until) FROM period_extension x WHERE x.enterprise_id = r.enterprise_id
     AND x.period_code = r.period_code AND x.revoked_at IS NULL)) END)`;

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
    // Late as lists show it: flagged at submission, or not submitted yet once the deadline (or extension) passed.
    late: booleanFilter((qb, v, p) => qb.andWhere(`${LATE_SQL} = :${p}`, { [p]: v })),
    q: searchFilter('e.nameZh', 'e.uscc'),
  },
};
