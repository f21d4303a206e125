/** Roles of the portal (DOMAIN.md §1). A user may hold several roles within one scope. */
export const ROLES = [
  'ENTERPRISE_FILER',
  'ENTERPRISE_SIGNATORY',
  'MUNICIPAL_REVIEWER',
  'PROVINCIAL_REVIEWER',
  'PROVINCIAL_STATISTICIAN',
  'ADMIN',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  ENTERPRISE_FILER: { zh: '企业填报人', en: 'Enterprise filer' },
  ENTERPRISE_SIGNATORY: { zh: '企业负责人', en: 'Enterprise signatory' },
  MUNICIPAL_REVIEWER: { zh: '市级审核员', en: 'Municipal reviewer' },
  PROVINCIAL_REVIEWER: { zh: '省级审核员', en: 'Provincial reviewer' },
  PROVINCIAL_STATISTICIAN: {
    zh: '省级统计人员',
    en: 'Provincial statistician',
  },
  ADMIN: { zh: '系统管理员', en: 'Administrator' },
};

/**
 * What a user's roles apply to. ENTERPRISE: one firm; REGION: a review unit (a city, or a zone with its own
 * commerce bureau) and every firm it covers; PROVINCE: the whole province; SYSTEM: the operator.
 */
export const SCOPE_KINDS = ['ENTERPRISE', 'REGION', 'PROVINCE', 'SYSTEM'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** Which roles may be bound to which scope kind. */
export const ROLE_SCOPES: Record<Role, ScopeKind> = {
  ENTERPRISE_FILER: 'ENTERPRISE',
  ENTERPRISE_SIGNATORY: 'ENTERPRISE',
  MUNICIPAL_REVIEWER: 'REGION',
  PROVINCIAL_REVIEWER: 'PROVINCE',
  PROVINCIAL_STATISTICIAN: 'PROVINCE',
  ADMIN: 'SYSTEM',
};

export const PERMISSIONS = [
  'codes.read',
  'codes.write',
  'users.read',
  'users.manage',
  'queues.view',
  'enterprises.read',
  'enterprises.register',
  'enterprises.confirm',
  'enterprises.edit',
  'enterprises.manage',
  'periods.read',
  'periods.manage',
  'periods.exceptions',
  'returns.read',
  'returns.edit',
  'returns.submit',
  'review.municipal',
  'review.provincial',
  // The review inbox, deadlines and reminders; each action still needs the permission of its level.
  'review.inbox',
  'imports.create',
  'imports.historical',
  'exports.create',
  'tables.read',
  'tables.export',
  'rules.read',
  'rules.manage',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const FIRM_COMMON: Permission[] = [
  'codes.read',
  'enterprises.read',
  'enterprises.edit',
  'periods.read',
  'returns.read',
  'returns.edit',
  'imports.create',
  'exports.create',
  'rules.read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Without maker-checker the filer submits; with it only the signatory does (checked in the service).
  ENTERPRISE_FILER: [...FIRM_COMMON, 'returns.submit'],
  // The signatory manages the firm's own accounts and the maker-checker setting.
  ENTERPRISE_SIGNATORY: [...FIRM_COMMON, 'returns.submit', 'users.read', 'enterprises.manage'],
  MUNICIPAL_REVIEWER: [
    'codes.read',
    'enterprises.read',
    // Firms of its own territory only (checked in the service).
    'enterprises.register',
    'enterprises.confirm',
    'periods.read',
    'returns.read',
    'review.municipal',
    'review.inbox',
    'exports.create',
    // Official tables of its own territory only (checked in the official-tables service).
    'tables.read',
    'tables.export',
    'rules.read',
  ],
  PROVINCIAL_REVIEWER: [
    'codes.read',
    'enterprises.read',
    'enterprises.confirm',
    'periods.read',
    // Extensions past the lock date and exemptions from a period's obligation.
    'periods.exceptions',
    'returns.read',
    'review.provincial',
    'review.inbox',
    'exports.create',
    'rules.read',
    // Entries about the firms, returns, contracts and accounts of its own province only (checked in the audit
    // service); checking the whole chain stays with the operator.
    'audit.read',
  ],
  PROVINCIAL_STATISTICIAN: [
    'codes.read',
    'enterprises.read',
    'periods.read',
    'returns.read',
    'tables.read',
    'tables.export',
    'exports.create',
    'rules.read',
  ],
  ADMIN: PERMISSIONS,
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r]?.includes(permission));
}
