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

/** GET /api/health/live: the process runs and its event loop answers. */
export interface LiveResponse {
  status: 'ok';
}

/** GET /api/health/ready: the combined check, whether the process drains, and the workers with a current heartbeat. */
export interface ReadinessResponse extends Partial<HealthResponse> {
  status: 'ok' | 'error';
  draining: boolean;
  /** While draining: since when (ISO time), and a message in both languages. */
  since?: string;
  message_zh?: string;
  message_en?: string;
  /** null when Redis could not be asked. */
  workers?: { count: number; processes: WorkerHeartbeat[] } | null;
}

/** A worker process's heartbeat (kept in Redis, expiring when it stops beating). */
export interface WorkerHeartbeat {
  host: string;
  pid: number;
  startedAt: string;
  at: string;
  draining: boolean;
}

/** 202 of a request whose outcome is not revealed (POST /api/auth/password-reset, /api/auth/unlock). */
export interface AcceptedResponse {
  accepted: true;
}

/** An action that answers no object of its own (POST /api/users/:id/reset-password, DELETE /api/holidays/:date). */
export interface OkResponse {
  ok: true;
}

/** A row of GET /api/audit: one entry of the hash-chained audit log. */
export interface AuditEntry {
  /** A bigserial, as digits. */
  id: string;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** A row of GET /api/validation/failed-jobs: a validation job that failed all its attempts (from the queue). */
export interface FailedJob {
  /** The job's id: its return and revision. */
  id: string;
  name: string;
  data: Record<string, unknown>;
  failedReason: string;
  attemptsMade: number;
  addedAt: string;
  finishedAt: string | null;
}

/** POST /api/exports (202): the queued export's id; GET /api/exports/:id follows it. */
export interface ExportCreated {
  id: string;
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
