/**
 * Audit actions are `<group>.<what>` (`auth.login`, `returns.municipal-approve`); the log is filtered by group, the
 * part before the first dot. Groups as users know them, in both languages.
 */
export const AUDIT_ACTION_GROUP_LABELS = {
  auth: { zh: '登录与账号安全', en: 'Sign-in and account security' },
  users: { zh: '用户管理', en: 'Users' },
  enterprises: { zh: '企业', en: 'Firms' },
  returns: { zh: '报表', en: 'Returns' },
  review: { zh: '审核工作台', en: 'Review desk' },
  validation: { zh: '审核校验', en: 'Checks' },
  periods: { zh: '报告期、延期与免报', en: 'Periods, extensions and exemptions' },
  codes: { zh: '代码表', en: 'Code lists' },
  imports: { zh: '数据导入', en: 'Imports' },
  exports: { zh: '数据导出', en: 'Exports' },
  exchange: { zh: '数据交换', en: 'Data exchange' },
  rules: { zh: '审核规则', en: 'Rules' },
  'technology-contracts': { zh: '技术进出口合同', en: 'Technology contracts' },
} as const;

export type AuditActionGroup = keyof typeof AUDIT_ACTION_GROUP_LABELS;

export const AUDIT_ACTION_GROUPS = Object.keys(AUDIT_ACTION_GROUP_LABELS) as AuditActionGroup[];

/** The group of an action (`periods.extension-decision` → periods). */
export function auditActionGroup(action: string): string {
  return action.split('.')[0];
}
