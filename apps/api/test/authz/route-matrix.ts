import type { Permission } from '@portal/shared';

/** The callers of the matrix: the demo accounts plus a reviewer of a zone with its own bureau (西咸新区). */
export const CALLERS = ['admin', 'province', 'xian', 'xianyang', 'xixian', 'firm-xian-1', 'firm-xianyang-1'] as const;
export type Caller = (typeof CALLERS)[number];

/** Who sees a resource of the Xi'an firm 西安云图 (firm-xian-1): its firm, its city, the province, the operator. */
export const SEES_XIAN: readonly Caller[] = ['admin', 'province', 'xian', 'firm-xian-1'];

/** 'ok': authorised (a 2xx for reads; for writes anything but 401/403/404, e.g. a validation or state error). */
export type Outcome = 'ok' | 403 | 404;

export interface MatrixContext {
  xianFirm: string;
  /** A pending, backdated profile change of the Xi'an firm (its own unit decides it). */
  xianProfileChange: string;
  xianReturn: string;
  /** A draft technology contract of the Xi'an firm, with an attachment. */
  xianContract: string;
  xianFinding: string;
  xianComment: string;
  xianCommentReturn: string;
  xianImport: string;
  provinceExport: string;
  xianUser: string;
  xianNotification: string;
  regionCodeId: string;
  partnerGroupMemberId: string;
  continentMemberId: string;
  tableId: string;
  tableRow: string;
}

export interface RouteCase {
  url: (c: MatrixContext) => string;
  body?: unknown;
  /**
   * public: anyone; self: any logged-in caller; global: the permission decides; territory: the permission, then
   * whether the caller sees the Xi'an resource (404 otherwise); owner: only the listed callers (404 for others
   * with the permission).
   */
  scope: 'public' | 'self' | 'global' | 'territory' | 'owner';
  owners?: readonly Caller[];
  /** Statuses besides 2xx that still mean an authorised read. */
  okStatuses?: number[];
  /** Exceptions to the rule of the scope, with the reason in a comment at the entry. */
  except?: Partial<Record<Caller, Outcome>>;
}

// Stale versions make authorised workflow writes fail with 409 after the territory check; where a foreign caller
// holds the permission, the body is valid so the territory check (404) is what answers.
const STALE = { version: 999_999 };
/** Firm-only writes: statistics staff never change a firm's figures (admin and reviewers: 403). */
const FIRM_ONLY: Partial<Record<Caller, Outcome>> = { admin: 403 };
/** Review actions need a review unit or the province: the operator has no territory to review. */
const REVIEWERS_ONLY: Partial<Record<Caller, Outcome>> = { admin: 403 };

/** Every route of the API. A route missing here fails the matrix test. */
export const ROUTE_MATRIX: Record<string, RouteCase> = {
  'GET /api/health': { scope: 'public', url: () => '/api/health' },
  'GET /api/problems': { scope: 'public', url: () => '/api/problems' },
  'GET /api/problems/:code': { scope: 'public', url: () => '/api/problems/NOT_FOUND' },
  'GET /api/health/live': { scope: 'public', url: () => '/api/health/live' },
  'GET /api/health/ready': { scope: 'public', url: () => '/api/health/ready' },
  'POST /api/auth/login': {
    scope: 'public',
    url: () => '/api/auth/login',
    body: { username: 'xianyang', password: 'Demo@2026' },
  },
  'POST /api/auth/password-reset': {
    scope: 'public',
    url: () => '/api/auth/password-reset',
    body: { username: 'nobody' },
  },
  'POST /api/auth/password-reset/confirm': {
    scope: 'public',
    url: () => '/api/auth/password-reset/confirm',
    body: { token: 'x'.repeat(40), password: 'Never#Used2026' },
  },
  'POST /api/auth/unlock': {
    scope: 'public',
    url: () => '/api/auth/unlock',
    body: { username: 'nobody' },
  },
  'POST /api/auth/unlock/confirm': {
    scope: 'public',
    url: () => '/api/auth/unlock/confirm',
    body: { token: 'x'.repeat(40) },
  },
  'GET /api/auth/me': { scope: 'self', url: () => '/api/auth/me' },
  'POST /api/auth/logout': { scope: 'self', url: () => '/api/auth/logout' },
  'GET /api/audit': { scope: 'global', url: () => '/api/audit' },
  // The province reads its territory's entries (audit-territory spec) but not the whole chain's check.
  'GET /api/audit/verify': { scope: 'global', url: () => '/api/audit/verify', except: { province: 403 } },
  'GET /api/users': { scope: 'global', url: () => '/api/users' },
  'GET /api/users/:id': { scope: 'global', url: (c) => `/api/users/${c.xianUser}` },
  'POST /api/users': { scope: 'global', url: () => '/api/users', body: {} },
  'PUT /api/users/:id': { scope: 'global', url: (c) => `/api/users/${c.xianUser}`, body: { roles: 'not-a-list' } },
  'POST /api/users/:id/reset-password': {
    scope: 'global',
    url: (c) => `/api/users/${c.xianUser}/reset-password`,
    body: { password: 'weak' },
  },
  'GET /api/codes/:list': { scope: 'global', url: () => '/api/codes/regions' },
  'GET /api/codes/:list/:id': { scope: 'global', url: (c) => `/api/codes/regions/${c.regionCodeId}` },
  'POST /api/codes/:list': { scope: 'global', url: () => '/api/codes/regions', body: {} },
  'PUT /api/codes/:list/:id': { scope: 'global', url: (c) => `/api/codes/regions/${c.regionCodeId}`, body: {} },
  'DELETE /api/codes/:list/:id': { scope: 'global', url: (c) => `/api/codes/regions/${c.regionCodeId}?validFrom=bad` },
  'GET /api/partner-groups': { scope: 'global', url: () => '/api/partner-groups' },
  'GET /api/partner-groups/:id': { scope: 'global', url: (c) => `/api/partner-groups/${c.partnerGroupMemberId}` },
  'POST /api/partner-groups': { scope: 'global', url: () => '/api/partner-groups', body: {} },
  'PUT /api/partner-groups/:id': {
    scope: 'global',
    url: (c) => `/api/partner-groups/${c.partnerGroupMemberId}`,
    body: {},
  },
  'DELETE /api/partner-groups/:id': {
    scope: 'global',
    url: (c) => `/api/partner-groups/${c.partnerGroupMemberId}?validFrom=bad`,
  },
  'GET /api/continent-members': { scope: 'global', url: () => '/api/continent-members' },
  'GET /api/continent-members/:id': { scope: 'global', url: (c) => `/api/continent-members/${c.continentMemberId}` },
  'POST /api/continent-members': { scope: 'global', url: () => '/api/continent-members', body: {} },
  'PUT /api/continent-members/:id': {
    scope: 'global',
    url: (c) => `/api/continent-members/${c.continentMemberId}`,
    body: {},
  },
  'DELETE /api/continent-members/:id': {
    scope: 'global',
    url: (c) => `/api/continent-members/${c.continentMemberId}?validFrom=bad`,
  },
  'GET /api/enterprises': { scope: 'global', url: () => '/api/enterprises' },
  'GET /api/enterprises/:id': { scope: 'territory', url: (c) => `/api/enterprises/${c.xianFirm}` },
  'POST /api/enterprises': { scope: 'global', url: () => '/api/enterprises', body: {} },
  'POST /api/enterprises/:id/confirm': { scope: 'territory', url: (c) => `/api/enterprises/${c.xianFirm}/confirm` },
  'POST /api/enterprises/:id/reject': {
    scope: 'territory',
    url: (c) => `/api/enterprises/${c.xianFirm}/reject`,
    body: { reason: '测试拒绝理由足够长' },
  },
  'POST /api/enterprises/:id/profile': {
    scope: 'territory',
    url: (c) => `/api/enterprises/${c.xianFirm}/profile`,
    body: { validFrom: '2026-11-01', keyEnterprise: true },
  },
  'GET /api/enterprises/:id/profiles': { scope: 'territory', url: (c) => `/api/enterprises/${c.xianFirm}/profiles` },
  'POST /api/enterprises/:id/users': {
    scope: 'territory',
    url: (c) => `/api/enterprises/${c.xianFirm}/users`,
    body: {
      username: 'matrix-colleague',
      displayName: '同事',
      password: 'Matrix#Colleague2026',
      roles: ['ENTERPRISE_FILER'],
    },
  },
  'GET /api/enterprises/:id/users': { scope: 'territory', url: (c) => `/api/enterprises/${c.xianFirm}/users` },
  'PUT /api/enterprises/:id/settings': {
    scope: 'territory',
    url: (c) => `/api/enterprises/${c.xianFirm}/settings`,
    body: { makerChecker: false },
  },
  'GET /api/profile-changes': { scope: 'global', url: () => '/api/profile-changes' },
  'GET /api/profile-changes/:id': {
    scope: 'territory',
    url: (c) => `/api/profile-changes/${c.xianProfileChange}`,
  },
  // The unit that would receive the firm (here its own, for a backdated change), its province or the operator.
  'POST /api/profile-changes/:id/confirm': {
    scope: 'territory',
    url: (c) => `/api/profile-changes/${c.xianProfileChange}/confirm`,
  },
  'POST /api/profile-changes/:id/reject': {
    scope: 'territory',
    url: (c) => `/api/profile-changes/${c.xianProfileChange}/reject`,
    body: { reason: '测试驳回理由足够长' },
  },
  'GET /api/periods': { scope: 'global', url: () => '/api/periods' },
  'GET /api/periods/:code': { scope: 'global', url: () => '/api/periods/2026Q3' },
  'POST /api/periods': { scope: 'global', url: () => '/api/periods', body: {} },
  'GET /api/periods/:code/extensions': { scope: 'global', url: () => '/api/periods/2026Q3/extensions' },
  'POST /api/periods/:code/extensions': { scope: 'global', url: () => '/api/periods/2026Q3/extensions', body: {} },
  'POST /api/periods/:code/exemptions': { scope: 'global', url: () => '/api/periods/2026Q3/exemptions', body: {} },
  'GET /api/periods/:code/obligations': { scope: 'global', url: () => '/api/periods/2026Q3/obligations' },
  'PATCH /api/periods/:code': { scope: 'global', url: () => '/api/periods/2026Q3', body: {} },
  'POST /api/periods/:code/extensions/:id/revoke': {
    scope: 'global',
    url: () => '/api/periods/2026Q3/extensions/999999/revoke',
    body: {},
  },
  'GET /api/periods/:code/exemptions': { scope: 'global', url: () => '/api/periods/2026Q3/exemptions' },
  'POST /api/periods/:code/exemptions/:id/revoke': {
    scope: 'global',
    url: () => '/api/periods/2026Q3/exemptions/999999/revoke',
    body: {},
  },
  'GET /api/periods/:code/standing': {
    scope: 'territory',
    url: (c) => `/api/periods/2026Q3/standing?enterpriseId=${c.xianFirm}`,
  },
  'POST /api/periods/:code/extension-requests': {
    scope: 'global',
    url: () => '/api/periods/2026Q3/extension-requests',
    body: {},
  },
  'GET /api/extension-requests': { scope: 'global', url: () => '/api/extension-requests' },
  'POST /api/extension-requests/:id/decision': {
    scope: 'global',
    url: () => '/api/extension-requests/999999/decision',
    body: {},
  },
  'GET /api/holidays': { scope: 'global', url: () => '/api/holidays' },
  'POST /api/holidays': { scope: 'global', url: () => '/api/holidays', body: {} },
  'DELETE /api/holidays/:date': { scope: 'global', url: () => '/api/holidays/not-a-date' },
  'GET /api/returns': { scope: 'global', url: () => '/api/returns' },
  'POST /api/returns': {
    scope: 'global',
    url: () => '/api/returns',
    body: { periodCode: '2026Q3' },
    except: FIRM_ONLY,
  },
  'GET /api/returns/:id': { scope: 'territory', url: (c) => `/api/returns/${c.xianReturn}` },
  'PUT /api/returns/:id/draft': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianReturn}/draft`,
    body: { content: {}, ...STALE },
    except: FIRM_ONLY,
  },
  'POST /api/returns/:id/copy-previous': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianReturn}/copy-previous`,
    body: STALE,
    except: FIRM_ONLY,
  },
  'POST /api/returns/:id/zero': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianReturn}/zero`,
    body: STALE,
    except: FIRM_ONLY,
  },
  'POST /api/returns/:id/submit': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianReturn}/submit`,
    body: STALE,
    except: FIRM_ONLY,
  },
  'GET /api/returns/:id/receipt': { scope: 'territory', url: (c) => `/api/returns/${c.xianReturn}/receipt` },
  'GET /api/returns/:id/revisions/:rev': { scope: 'territory', url: (c) => `/api/returns/${c.xianReturn}/revisions/1` },
  'GET /api/returns/:id/validation': { scope: 'territory', url: (c) => `/api/returns/${c.xianReturn}/validation` },
  'POST /api/returns/:id/findings/:findingId/explain': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianReturn}/findings/${c.xianFinding}/explain`,
    body: { reasonCode: 'OTHER', text: '情况属实' },
    except: FIRM_ONLY,
  },
  'GET /api/validation/failed-jobs': { scope: 'global', url: () => '/api/validation/failed-jobs' },
  'GET /api/rules': { scope: 'global', url: () => '/api/rules' },
  'PUT /api/rules/:id/override': { scope: 'global', url: () => '/api/rules/R-AMT-001/override', body: {} },
  'POST /api/rules/:id/preview': { scope: 'global', url: () => '/api/rules/R-AMT-001/preview', body: {} },
  'POST /api/returns/:id/approve': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianReturn}/approve`,
    body: STALE,
    except: REVIEWERS_ONLY,
  },
  'POST /api/returns/:id/return': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianReturn}/return`,
    body: { ...STALE, reason: '请核实服务贸易金额' },
    except: REVIEWERS_ONLY,
  },
  'POST /api/returns/:id/send-back': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianReturn}/send-back`,
    body: { ...STALE, reason: '请市级复核' },
    except: REVIEWERS_ONLY,
  },
  'POST /api/returns/:id/correction-request': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianReturn}/correction-request`,
    body: { ...STALE, reason: '合同金额录入有误需要更正' },
    except: FIRM_ONLY,
  },
  'GET /api/returns/:id/transitions': { scope: 'territory', url: (c) => `/api/returns/${c.xianReturn}/transitions` },
  'GET /api/returns/:id/comments': { scope: 'territory', url: (c) => `/api/returns/${c.xianReturn}/comments` },
  'POST /api/returns/:id/comments/:commentId/respond': {
    scope: 'territory',
    url: (c) => `/api/returns/${c.xianCommentReturn}/comments/${c.xianComment}/respond`,
    body: { accept: false },
    except: FIRM_ONLY,
  },
  'GET /api/returns/:id/diff': { scope: 'territory', url: (c) => `/api/returns/${c.xianReturn}/diff` },
  'GET /api/review/inbox': { scope: 'global', url: () => '/api/review/inbox' },
  'POST /api/review/bulk-approve': {
    scope: 'global',
    url: () => '/api/review/bulk-approve',
    body: { ids: [] },
  },
  'GET /api/review/overdue': {
    scope: 'global',
    url: () => '/api/review/overdue?periodCode=2026Q3',
  },
  'POST /api/review/reminders': {
    scope: 'global',
    url: () => '/api/review/reminders',
    body: { periodCode: '2026Q3', enterpriseIds: [] },
  },
  'GET /api/review/reminders': {
    scope: 'global',
    url: () => '/api/review/reminders?periodCode=2026Q3',
  },
  'GET /api/notifications': { scope: 'self', url: () => '/api/notifications' },
  'POST /api/notifications/:id/read': {
    scope: 'owner',
    owners: ['xian'],
    url: (c) => `/api/notifications/${c.xianNotification}/read`,
  },
  'GET /api/technology-contracts': { scope: 'global', url: () => '/api/technology-contracts' },
  // An empty document: firms are told what is missing (400); the operator is not a firm.
  'POST /api/technology-contracts': {
    scope: 'global',
    url: () => '/api/technology-contracts',
    body: { content: {} },
    except: FIRM_ONLY,
  },
  'GET /api/technology-contracts/:id': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}`,
  },
  'PUT /api/technology-contracts/:id/draft': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/draft`,
    body: { ...STALE, content: {} },
    except: FIRM_ONLY,
  },
  'POST /api/technology-contracts/:id/submit': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/submit`,
    body: STALE,
    except: FIRM_ONLY,
  },
  'POST /api/technology-contracts/:id/explanations': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/explanations`,
    body: { ...STALE, findingId: 'R-TEC-010|contractAmount', text: '首个大额合同，已附合同扫描件' },
    except: FIRM_ONLY,
  },
  'POST /api/technology-contracts/:id/change': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/change`,
    body: { ...STALE, reason: '金额变更' },
    except: FIRM_ONLY,
  },
  'POST /api/technology-contracts/:id/cancel': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/cancel`,
    body: { ...STALE, reason: '合同解除' },
    except: FIRM_ONLY,
  },
  'POST /api/technology-contracts/:id/register': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/register`,
    body: STALE,
    except: REVIEWERS_ONLY,
  },
  'POST /api/technology-contracts/:id/return': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/return`,
    body: { ...STALE, reason: '请补充' },
    except: REVIEWERS_ONLY,
  },
  'POST /api/technology-contracts/:id/send-back': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/send-back`,
    body: { ...STALE, reason: '请市级复核' },
    except: REVIEWERS_ONLY,
  },
  // A draft has no certificate yet: 409 CERTIFICATE_NOT_ISSUED, after the territory check.
  'GET /api/technology-contracts/:id/certificate': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/certificate`,
    okStatuses: [409],
  },
  // No file in the body: 400 after the territory check.
  'POST /api/technology-contracts/:id/attachment': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/attachment`,
    except: FIRM_ONLY,
  },
  'GET /api/technology-contracts/:id/attachment': {
    scope: 'territory',
    url: (c) => `/api/technology-contracts/${c.xianContract}/attachment`,
  },
  'POST /api/imports': { scope: 'global', url: () => '/api/imports' },
  'GET /api/imports': { scope: 'global', url: () => '/api/imports' },
  // Admins see every import (they load historical data); otherwise only its uploader.
  'GET /api/imports/:id': {
    scope: 'owner',
    owners: ['firm-xian-1', 'admin'],
    url: (c) => `/api/imports/${c.xianImport}`,
  },
  // Retrying an import: its uploader or an administrator (409 unless it failed: authorised all the same).
  'POST /api/imports/:id/retry': {
    scope: 'owner',
    owners: ['firm-xian-1', 'admin'],
    url: (c) => `/api/imports/${c.xianImport}/retry`,
  },
  // The seeded import is no dry run: its owner meets 409 IMPORT_NOT_PREVIEWED, everyone else cannot see it.
  'POST /api/imports/:id/confirm': {
    scope: 'owner',
    owners: ['firm-xian-1', 'admin'],
    url: (c) => `/api/imports/${c.xianImport}/confirm`,
  },
  'POST /api/imports/:id/discard': {
    scope: 'owner',
    owners: ['firm-xian-1', 'admin'],
    url: (c) => `/api/imports/${c.xianImport}/discard`,
  },
  'GET /api/returns/:id/template': { scope: 'territory', url: (c) => `/api/returns/${c.xianReturn}/template` },
  'GET /api/exchange/bundle': { scope: 'global', url: () => '/api/exchange/bundle' },
  // A firm's own contracts only: the operator holds the permission but is no firm.
  'GET /api/exchange/templates/technology-contracts': {
    scope: 'global',
    url: () => '/api/exchange/templates/technology-contracts',
    except: FIRM_ONLY,
  },
  'GET /api/official-tables': { scope: 'global', url: () => '/api/official-tables' },
  // A Xi'an table: its city and the province (and the operator); another city's reviewer is refused the territory.
  'GET /api/official-tables/:id': {
    scope: 'territory',
    url: (c) => `/api/official-tables/${c.tableId}?period=2021&territory=610100`,
    except: { xianyang: 403, xixian: 403 },
  },
  'GET /api/official-tables/:id/drill-down': {
    scope: 'territory',
    url: (c) =>
      `/api/official-tables/${c.tableId}/drill-down?period=2021&territory=610100&row=${encodeURIComponent(c.tableRow)}`,
    except: { xianyang: 403, xixian: 403 },
  },
  'GET /api/official-tables/:id/contracts': {
    scope: 'territory',
    url: () => '/api/official-tables/tt_t12/contracts?period=2021&territory=610100&row=total',
    except: { xianyang: 403, xixian: 403 },
  },
  'POST /api/exports': { scope: 'global', url: () => '/api/exports', body: {} },
  // The workbook of an export: its requester (the province) or an administrator.
  'GET /api/exports/:id': {
    scope: 'owner',
    owners: ['province', 'admin'],
    url: (c) => `/api/exports/${c.provinceExport}`,
  },
  'POST /api/exports/:id/retry': {
    scope: 'owner',
    owners: ['province', 'admin'],
    url: (c) => `/api/exports/${c.provinceExport}/retry`,
  },
  'GET /api/exports/:id/file': {
    scope: 'owner',
    owners: ['province', 'admin'],
    url: (c) => `/api/exports/${c.provinceExport}/file`,
    // 409 until the worker has written the file: an authorised read all the same.
    okStatuses: [409],
  },
};

export function expectedOutcome(
  route: RouteCase,
  caller: Caller,
  permission: Permission | null,
  has: (caller: Caller, p: Permission) => boolean,
): Outcome {
  if (route.except?.[caller] !== undefined) return route.except[caller]!;
  if (route.scope === 'public' || route.scope === 'self') return 'ok';
  if (permission && !has(caller, permission)) return 403;
  if (route.scope === 'territory') return SEES_XIAN.includes(caller) ? 'ok' : 404;
  if (route.scope === 'owner') return route.owners!.includes(caller) ? 'ok' : 404;
  return 'ok';
}
