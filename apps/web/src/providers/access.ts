import { CODE_LISTS, ECONOMY_GROUP_KINDS, type Permission } from '@portal/shared';

type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export';

const READ_ACTIONS: readonly string[] = ['list', 'show', 'export'];

/** Which permission each resource needs to be read and to be written; resources without a write entry are read-only. */
const RESOURCE_PERMISSIONS: Record<string, { read: Permission; write?: Permission }> = {
  ...Object.fromEntries(CODE_LISTS.map((list) => [list, { read: 'codes.read', write: 'codes.write' }])),
  ...Object.fromEntries(ECONOMY_GROUP_KINDS.map((kind) => [kind, { read: 'codes.read', write: 'codes.write' }])),
  users: { read: 'users.manage', write: 'users.manage' },
  // Municipal bureaus register firms of their territory (checked by the API); admins any.
  enterprises: { read: 'enterprises.read', write: 'enterprises.register' },
  audit: { read: 'audit.read' },
  // The list is the territory's for reviewers; only the firm's own accounts can write (checked by the API).
  returns: { read: 'returns.read', write: 'returns.edit' },
  // Firms register their own contracts; reviewers read their territory's and act through the workflow buttons.
  'technology-contracts': { read: 'returns.read', write: 'returns.edit' },
  imports: { read: 'imports.create', write: 'imports.create' },
  // Creating a period is the administrator's; the province edits one on its page (periods.exceptions).
  periods: { read: 'periods.read', write: 'periods.manage' },
  'extension-requests': { read: 'periods.read' },
  'review/inbox': { read: 'review.inbox' },
  'review/overdue': { read: 'review.inbox' },
  rules: { read: 'rules.read' },
  'official-tables': { read: 'tables.read' },
};

/**
 * The UI mirror of the API's route permissions: hides what the API would refuse anyway. The API stays the
 * authority; this only spares users pages that can only fail.
 */
export function canAccessResource(
  permissions: readonly Permission[],
  resource: string,
  action: Action | string,
): boolean {
  // Everyone reads their own notifications (the API lists only the caller's).
  if (resource === 'notifications') return READ_ACTIONS.includes(action);
  const rule = RESOURCE_PERMISSIONS[resource];
  // No resource has a stock delete: users are deactivated, and codes are retired from a date (RetireButton).
  if (!rule || action === 'delete') return false;
  const needed = READ_ACTIONS.includes(action) ? rule.read : rule.write;
  return needed !== undefined && permissions.includes(needed);
}
