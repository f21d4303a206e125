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
