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
