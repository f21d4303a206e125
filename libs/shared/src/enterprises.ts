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
