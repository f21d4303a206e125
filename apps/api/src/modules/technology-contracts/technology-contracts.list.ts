import { CONTRACT_IN_REVIEW, CONTRACT_REGISTRATION_STATUSES } from '@portal/shared';
import { booleanFilter, equalsFilter, idFilter, searchFilter, type ListSpec } from '../../core/http/list-query';
import type { ContractRow } from './technology-contracts.service';

/** GET /api/technology-contracts: a firm's own contracts, a reviewer's contracts of its territory. */
export const CONTRACT_LIST: ListSpec<ContractRow> = {
  resource: 'technology-contracts',
  singleRowJoins: { primaryKey: 'c.id' },
  sortable: {
    id: 'c.id',
    contractNo: 'c.contractNo',
    periodCode: 'c.periodCode',
    status: 'c.status',
    updatedAt: 'c.updatedAt',
    registrationNo: 'c.registrationNo',
    materiality: 'k.materiality',
    enterpriseName: 'e.nameZh',
  },
  defaultSort: ['updatedAt', 'DESC'],
  filters: {
    id: idFilter('c.id'),
    periodCode: equalsFilter('c.periodCode', 'text'),
    status: equalsFilter('c.status', 'enum', CONTRACT_REGISTRATION_STATUSES),
    direction: equalsFilter('c.direction', 'enum', ['EXPORT', 'IMPORT']),
    enterpriseId: equalsFilter('c.enterpriseId', 'uuid'),
    reviewUnitCode: equalsFilter('c.reviewUnitCode', 'text'),
    // Waiting for the city (filed, sent back by the province, a change or cancellation): the review desk's panel.
    awaitingCity: booleanFilter((qb, v, p) =>
      qb.andWhere(`(c.status IN (:...${p}States)) = :${p}`, { [p]: v, [`${p}States`]: CONTRACT_IN_REVIEW }),
    ),
    q: searchFilter('e.nameZh', 'e.uscc', 'c.contractNo', 'c.registrationNo'),
  },
};
