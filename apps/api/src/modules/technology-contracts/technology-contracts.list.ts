import { CONTRACT_REGISTRATION_STATUSES } from '@portal/shared';
import { equalsFilter, idFilter, searchFilter, type ListSpec } from '../../core/http/list-query';
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
    q: searchFilter('e.nameZh', 'e.uscc', 'c.contractNo', 'c.registrationNo'),
  },
};
