import { ROLES, SCOPE_KINDS } from '@portal/shared';

export const ROLE_CHOICES = ROLES.map((role) => ({ id: role, name: `app.roles.${role}` }));
export const SCOPE_KIND_CHOICES = SCOPE_KINDS.map((kind) => ({ id: kind, name: `app.scope_kinds.${kind}` }));
