import type { Permission, Role, ScopeKind } from '@portal/shared';

/** The authenticated caller, attached to the request by the auth guard. */
export interface AuthUser {
  id: string;
  username: string;
  roles: Role[];
  scopeKind: ScopeKind;
  scopeCode: string | null;
  permissions: Set<Permission>;
}
