import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from './auth-user';

/**
 * Territory (属地) as a WHERE clause, applied inside the query so a caller never receives a foreign row:
 * a firm sees itself, a review unit the firms it covers, a province the firms under it, the operator all.
 * `columns` names the aliased columns of the queried entity.
 */
export function whereInTerritory<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  user: AuthUser,
  columns: {
    enterpriseId: string;
    reviewUnitCode: string;
    provinceCode: string;
  },
): SelectQueryBuilder<T> {
  switch (user.scopeKind) {
    case 'SYSTEM':
      return qb;
    case 'ENTERPRISE':
      return qb.andWhere(`${columns.enterpriseId} = :scopeEnterprise`, {
        scopeEnterprise: user.scopeCode,
      });
    case 'REGION':
      return qb.andWhere(`${columns.reviewUnitCode} = :scopeRegion`, {
        scopeRegion: user.scopeCode,
      });
    case 'PROVINCE':
      return qb.andWhere(`${columns.provinceCode} = :scopeProvince`, {
        scopeProvince: user.scopeCode,
      });
    default:
      return qb.andWhere('1 = 0');
  }
}
