export const ENTERPRISE_STATUSES = ['PENDING', 'ACTIVE', 'REJECTED', 'INACTIVE'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

/**
 * A registered firm as GET /api/enterprises lists it (and the answer of register, confirm, reject and settings). Its
 * name, region and review unit mirror the profile version valid today.
 */
export interface EnterpriseView {
  id: string;
  uscc: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  reviewUnitCode: string;
  provinceCode: string;
  status: EnterpriseStatus;
  /** Maker-checker: only a signatory may submit what a filer prepared. */
  makerChecker: boolean;
  confirmedAt: string | null;
  confirmedBy: string | null;
  rejectionReason: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const PROFILE_CHANGE_STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED'] as const;
export type ProfileChangeStatus = (typeof PROFILE_CHANGE_STATUSES)[number];

/**
 * A firm's profile change that waits for a review unit (GET /api/profile-changes): a move to another review unit,
 * confirmed by the receiving one, or a change dated before the day it was asked, confirmed by the firm's unit.
 */
export interface ProfileChangeView {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  uscc: string;
  validFrom: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  industryCode: string;
  industryCode2002: string | null;
  keyEnterprise: boolean;
  advancedTech: boolean;
  fromReviewUnitCode: string;
  toReviewUnitCode: string;
  moves: boolean;
  backdated: boolean;
  status: ProfileChangeStatus;
  requestedByUsername: string;
  requestedAt: string;
  decidedAt: string | null;
  rejectionReason: string | null;
}
