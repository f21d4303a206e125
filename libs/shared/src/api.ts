import type { Permission, Role, ScopeKind } from './roles';

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  scopeKind: ScopeKind;
  /** Region code (REGION, PROVINCE) or enterprise id (ENTERPRISE); null for SYSTEM. */
  scopeCode: string | null;
  scopeName: string | null;
  permissions: Permission[];
}

/** An account as GET /api/users (and a firm's GET /api/enterprises/:id/users) answers it; never its password. */
export interface UserAccount {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  scopeKind: ScopeKind;
  /** Region code (REGION, PROVINCE) or enterprise id (ENTERPRISE); null for SYSTEM. */
  scopeCode: string | null;
  active: boolean;
  /** Bumped on logout, password or role change: tokens carrying an older version are refused. */
  tokenVersion: number;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  user: UserSummary;
}

export interface HealthResponse {
  status: 'ok' | 'error';
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
  details: Record<string, { status: string; message?: string }>;
}

/** Default demo password when DEMO_PASSWORD is not set (demo mode only). */
/**
 * Where the audit chain breaks. ALTERED: the entry's content no longer gives its stored hash (changed after it was
 * written). LINK: the entry does not follow the entry before it: entries between `afterId` and it were deleted
 * (`missing`: how many ids are absent between the two) or the entry before it was rewritten hash and all.
 */
export interface AuditChainBreak {
  id: string;
  kind: 'ALTERED' | 'LINK';
  /** LINK: the entry it should follow (null: it should be the first). */
  afterId?: string | null;
  /** LINK: ids absent between `afterId` and `id` (ids of appends rolled back are absent too, without a break). */
  missing?: number;
}

/** GET /api/audit/verify: the whole chain walked; every break reported (the first AUDIT_BREAKS_LISTED of them). */
export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
  breakCount: number;
  breaks: AuditChainBreak[];
}

export const AUDIT_BREAKS_LISTED = 1000;

export const DEFAULT_DEMO_PASSWORD = 'Demo@2026';
// Demo passwords are exempt from the length rule: demo mode only, and printed at start.

export const DEMO_USERS = ['admin', 'province', 'xian', 'xianyang', 'firm-xian-1', 'firm-xianyang-1'] as const;

/** Password policy: at least 10 characters with upper- and lower-case letters, a digit and a symbol. */
export function passwordMeetsPolicy(pw: string): boolean {
  return pw.length >= 10 && /[a-z]/.test(pw) && /[A-Z]/.test(pw) && /\d/.test(pw) && /[^A-Za-z0-9]/.test(pw);
}

/**
 * A version of a firm's profile as the API answers it (GET /api/enterprises/:id/profiles, POST …/profile), valid
 * from its date until the next version's, with the section (门类) of each industry code: the code itself for a
 * section, the parent of a division, by the code list valid on the version's date.
 */
export interface EnterpriseProfileView {
  id: number;
  enterpriseId: string;
  validFrom: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  /** GB/T 4754-2017 (list `industries`): a division (大类) where known, else a section (门类). */
  industryCode: string;
  industrySection: string | null;
  /** GB/T 4754-2002 (list `industries-2002`), the classification of the technology trade tables; null if unknown. */
  industryCode2002: string | null;
  industrySection2002: string | null;
  keyEnterprise: boolean;
  advancedTech: boolean;
  createdAt: string;
  createdBy: string | null;
}
