import englishMessages from 'ra-language-english';
import { codeListNames, codeListResources, roleMessages } from './messages';

const codeListLabels = codeListNames('en');

const codeFields = {
  code: 'Code',
  nameZh: 'Chinese name',
  nameEn: 'English name',
  parentCode: 'Parent code',
  level: 'Level',
  sortOrder: 'Sort order',
  attrs: 'Attributes',
  validFrom: 'Valid from',
  validTo: 'Valid to',
  kind: 'Kind',
  q: 'Search',
  history: 'Version history',
  validOn: 'Valid on',
  effectiveFrom: 'Effective date',
  currentValidFrom: 'Current version valid from',
};

export const appEn = {
  app: {
    title: 'Service Trade and Service Outsourcing Statistics Reporting Portal',
    menu: {
      label: 'Main menu',
      my_enterprise: 'My enterprise',
      code_lists: 'Code lists',
      queues: 'Queue monitor',
    },
    dashboard: {
      welcome: 'Welcome, %{name}',
      intro: 'Choose a task from the menu. You see the data of your scope only.',
      roles: 'Your roles',
      scope: 'Scope',
      scope_kind: 'Scope kind',
    },
    scope_kinds: {
      ENTERPRISE: 'Enterprise',
      REGION: 'Region',
      PROVINCE: 'Province',
      SYSTEM: 'System',
    },
    roles: roleMessages('en'),
    enterprise_status: {
      PENDING: 'Awaiting confirmation',
      ACTIVE: 'Active',
      REJECTED: 'Rejected',
      INACTIVE: 'Inactive',
    },
    codes: {
      kinds: {
        province: 'Province',
        city: 'City',
        district: 'District',
        zone: 'Zone',
      },
      current: 'In force',
      scheduled: 'Scheduled',
      edit_hint:
        'Saving creates a new version from the effective date; the current version stays valid until the day before.',
      effective_after: 'Must be after %{date}, the date the current version took effect',
      retire: 'Retire',
      retire_title: 'Retire code %{code}',
      retire_hint: 'The code is no longer valid from this date.',
      retired: 'Code retired',
      date_format: 'Use the format YYYY-MM-DD',
    },
    users: {
      reset_password: 'Reset password',
      new_password: 'New password',
      password_reset_done: "Password reset; the user's sessions have ended",
      password_policy: 'At least 10 characters with upper- and lower-case letters, a digit and a symbol',
      role_scope_mismatch: 'Role %{role} must be bound to a %{scope} scope',
      scope_code_required: 'Choose the scope',
      active: 'Active',
    },
    audit: {
      verify: 'Verify chain',
      verify_ok: 'The audit chain is intact (%{checked} entries checked)',
      verify_broken: 'The audit chain is broken at entry %{id} (%{checked} entries checked)',
    },
  },
  resources: {
    ...codeListResources('en', codeFields),
    'partner-groups': {
      name: codeListLabels['partner-groups'],
      fields: {
        groupCode: 'Group code',
        groupNameZh: 'Group name',
        member: 'Member economy',
        validFrom: 'Valid from',
        validTo: 'Valid to',
        note: 'Note',
        q: 'Search',
      },
    },
    users: {
      name: 'User |||| Users',
      fields: {
        username: 'Username',
        displayName: 'Display name',
        email: 'Email',
        password: 'Initial password',
        roles: 'Roles',
        role: 'Role',
        scopeKind: 'Scope kind',
        scopeCode: 'Scope',
        active: 'Active',
        lastLoginAt: 'Last login',
        createdAt: 'Created',
        q: 'Search',
      },
    },
    enterprises: {
      name: 'Enterprise |||| Enterprises',
      fields: {
        uscc: 'Unified social credit code',
        nameZh: 'Name',
        regionCode: 'Registered region',
        zoneCode: 'Development zone',
        reviewUnitCode: 'Review unit',
        provinceCode: 'Province',
        status: 'Status',
        makerChecker: 'Signatory confirms submissions',
        confirmedAt: 'Confirmed',
        createdAt: 'Registered',
        q: 'Search',
      },
    },
    audit: {
      name: 'Audit log',
      fields: {
        id: 'No.',
        at: 'Time',
        actorUsername: 'User',
        action: 'Action',
        entityType: 'Object type',
        entityId: 'Object',
        details: 'Details',
        hash: 'Hash',
        prevHash: 'Previous hash',
        from: 'From',
        to: 'To',
      },
    },
  },
};

export const en = { ...englishMessages, ...appEn };
