import { CODE_LISTS, ECONOMY_GROUP_KINDS, type UserSummary } from '@portal/shared';
import { QUEUE_BOARD_PATH } from '../providers/session';

export type MenuIcon =
  | 'dashboard'
  | 'enterprise'
  | 'returns'
  | 'imports'
  | 'periods'
  | 'review'
  | 'overdue'
  | 'rules'
  | 'tables'
  | 'codes'
  | 'users'
  | 'audit'
  | 'queues';

export interface MenuLink {
  id: string;
  /** i18n key; resource names are plural-aware, so links to lists pass smart_count 2. */
  labelKey: string;
  icon: MenuIcon;
  to: string;
  /** Opens outside the single-page app, in a new tab. */
  external?: boolean;
}

export interface MenuSection {
  id: string;
  labelKey: string;
  items: MenuLink[];
}

export type MenuEntry = MenuLink | MenuSection;

export function isSection(entry: MenuEntry): entry is MenuSection {
  return 'items' in entry;
}

/**
 * The menu a user gets, from permissions and scope alone. A firm's users hold enterprises.read like the
 * reviewers, but the API only ever shows them their own firm, so they get a link to it rather than a list.
 */
export function menuEntries(user: Pick<UserSummary, 'permissions' | 'scopeKind' | 'scopeCode'>): MenuEntry[] {
  const can = (p: UserSummary['permissions'][number]) => user.permissions.includes(p);
  const entries: MenuEntry[] = [{ id: 'dashboard', labelKey: 'ra.page.dashboard', icon: 'dashboard', to: '/' }];

  if (can('enterprises.read')) {
    if (user.scopeKind === 'ENTERPRISE') {
      if (user.scopeCode) {
        entries.push({
          id: 'my-enterprise',
          labelKey: 'app.menu.my_enterprise',
          icon: 'enterprise',
          to: `/enterprises/${user.scopeCode}/show`,
        });
      }
    } else {
      entries.push({
        id: 'enterprises',
        labelKey: 'resources.enterprises.name',
        icon: 'enterprise',
        to: '/enterprises',
      });
    }
  }
  if (can('returns.read')) {
    // A firm's list holds its own returns only, and is named so; reviewers get their territory's, read-only.
    entries.push(
      user.scopeKind === 'ENTERPRISE'
        ? { id: 'my-returns', labelKey: 'app.menu.my_returns', icon: 'returns', to: '/returns' }
        : { id: 'returns', labelKey: 'resources.returns.name', icon: 'returns', to: '/returns' },
    );
  }
  if (can('returns.read')) {
    entries.push({
      id: 'technology-contracts',
      labelKey: user.scopeKind === 'ENTERPRISE' ? 'techContracts.my_menu' : 'techContracts.menu',
      icon: 'returns',
      to: '/technology-contracts',
    });
  }
  if (can('imports.create')) {
    entries.push({ id: 'imports', labelKey: 'app.menu.imports', icon: 'imports', to: '/imports' });
  }
  if (can('periods.manage') || can('periods.exceptions')) {
    entries.push({ id: 'periods', labelKey: 'resources.periods.name', icon: 'periods', to: '/periods' });
  }
  if (can('periods.exceptions')) {
    entries.push({
      id: 'extension-requests',
      labelKey: 'deadlines.menu.requests',
      icon: 'periods',
      to: '/extension-requests',
    });
  }
  if (can('review.inbox')) {
    entries.push(
      { id: 'review-inbox', labelKey: 'review.menu.inbox', icon: 'review', to: '/review/inbox' },
      { id: 'review-overdue', labelKey: 'review.menu.overdue', icon: 'overdue', to: '/review/overdue' },
    );
  }
  if (can('rules.read')) {
    entries.push({ id: 'rules', labelKey: 'review.menu.rules', icon: 'rules', to: '/rules' });
  }
  if (can('tables.read')) {
    entries.push({ id: 'tables', labelKey: 'tables.menu', icon: 'tables', to: '/official-tables' });
  }
  if (can('codes.write')) {
    entries.push({
      id: 'code-lists',
      labelKey: 'app.menu.code_lists',
      items: [...CODE_LISTS, ...ECONOMY_GROUP_KINDS].map((list) => ({
        id: list,
        labelKey: `resources.${list}.name`,
        icon: 'codes',
        to: `/${list}`,
      })),
    });
  }
  if (can('users.manage')) {
    entries.push({ id: 'users', labelKey: 'resources.users.name', icon: 'users', to: '/users' });
  }
  if (can('audit.read')) {
    entries.push({ id: 'audit', labelKey: 'resources.audit.name', icon: 'audit', to: '/audit' });
  }
  if (can('queues.view')) {
    entries.push({ id: 'queues', labelKey: 'app.menu.queues', icon: 'queues', to: QUEUE_BOARD_PATH, external: true });
  }
  return entries;
}
