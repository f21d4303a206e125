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

export const DEMO_USERS = ['admin', 'province', 'xian', 'xianyang', 'firm-xian-1', 'firm-xianyang-1'] as const;
