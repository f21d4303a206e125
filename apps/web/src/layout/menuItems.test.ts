import { CODE_LISTS, permissionsOf, type Role, type ScopeKind } from '@portal/shared';
import { describe, expect, it } from 'vitest';
import { isSection, menuEntries, type MenuEntry } from './menuItems';

function userWith(roles: Role[], scopeKind: ScopeKind, scopeCode: string | null) {
  return { permissions: [...permissionsOf(roles)], scopeKind, scopeCode };
}

const ids = (entries: MenuEntry[]) => entries.map((e) => (isSection(e) ? [e.id, e.items.map((i) => i.id)] : e.id));

describe('menu entries by role', () => {
  it('give a firm user a link to their own enterprise, not the enterprise list, their returns, imports and the rules', () => {
    const firmId = 'd2777f46-eb3b-4937-9ebd-ed3713ad4442';
    const entries = menuEntries(userWith(['ENTERPRISE_FILER', 'ENTERPRISE_SIGNATORY'], 'ENTERPRISE', firmId));
    expect(ids(entries)).toEqual([
      'dashboard',
      'my-enterprise',
      'my-returns',
      'technology-contracts',
      'imports',
      'rules',
    ]);
    expect(entries[1]).toMatchObject({ labelKey: 'app.menu.my_enterprise', to: `/enterprises/${firmId}/show` });
    expect(entries[2]).toMatchObject({ labelKey: 'app.menu.my_returns', to: '/returns' });
    expect(entries[3]).toMatchObject({ labelKey: 'techContracts.my_menu', to: '/technology-contracts' });
    expect(entries[4]).toMatchObject({ labelKey: 'app.menu.imports', to: '/imports' });
  });

  it('give a municipal reviewer the enterprises and returns of the territory, the review desk, reminders and rules', () => {
    const entries = menuEntries(userWith(['MUNICIPAL_REVIEWER'], 'REGION', '610100'));
    expect(ids(entries)).toEqual([
      'dashboard',
      'enterprises',
      'returns',
      'technology-contracts',
      'review-inbox',
      'review-overdue',
      'rules',
      'tables',
    ]);
    expect(entries[3]).toMatchObject({ labelKey: 'techContracts.menu', to: '/technology-contracts' });
    expect(entries[4]).toMatchObject({ labelKey: 'review.menu.inbox', to: '/review/inbox' });
    expect(entries[5]).toMatchObject({ labelKey: 'review.menu.overdue', to: '/review/overdue' });
    expect(entries[2]).toMatchObject({ labelKey: 'resources.returns.name', to: '/returns' });
  });

  it('give provincial staff the enterprises and returns, periods and extension requests, the statistical tables, its audit log and no administration', () => {
    const user = userWith(['PROVINCIAL_REVIEWER', 'PROVINCIAL_STATISTICIAN'], 'PROVINCE', '610000');
    expect(ids(menuEntries(user))).toEqual([
      'dashboard',
      'enterprises',
      'returns',
      'technology-contracts',
      'periods',
      'extension-requests',
      'review-inbox',
      'review-overdue',
      'rules',
      'tables',
      'audit',
    ]);
  });

  it('give the admin returns, imports, periods, every code list, partner groups, users, audit and the queue board', () => {
    const entries = menuEntries(userWith(['ADMIN'], 'SYSTEM', null));
    expect(ids(entries)).toEqual([
      'dashboard',
      'enterprises',
      'returns',
      'technology-contracts',
      'imports',
      'periods',
      'extension-requests',
      'review-inbox',
      'review-overdue',
      'rules',
      'tables',
      ['code-lists', [...CODE_LISTS, 'partner-groups', 'continent-members']],
      'users',
      'audit',
      'queues',
    ]);
    expect(entries.at(-1)).toMatchObject({ to: '/api/admin/queues', external: true });
  });

  it('link the statistical tables for whoever reads them', () => {
    const entries = menuEntries(userWith(['PROVINCIAL_STATISTICIAN'], 'PROVINCE', '610000'));
    expect(entries.find((e) => e.id === 'tables')).toMatchObject({ labelKey: 'tables.menu', to: '/official-tables' });
  });

  it('show nothing beyond the dashboard to a user without permissions', () => {
    expect(ids(menuEntries({ permissions: [], scopeKind: 'REGION', scopeCode: '610100' }))).toEqual(['dashboard']);
  });
});
