import { AUDIT_ACTION_GROUP_LABELS, auditActionGroup, type AuditActionGroup } from '@portal/shared';

type Language = 'zh' | 'en';
type Words = { zh: string; en: string };

/** The actions the API writes, in words (returns' workflow steps are named by the review's own labels). */
const ACTION_LABELS: Record<string, Words> = {
  'auth.login': { zh: '登录', en: 'Signed in' },
  'auth.logout': { zh: '退出登录', en: 'Signed out' },
  'auth.lockout': { zh: '登录失败过多，暂时锁定', en: 'Locked out after failed sign-ins' },
  'auth.password-reset': { zh: '重置密码', en: 'Reset the password' },
  'auth.unlock': { zh: '解除登录限制', en: 'Lifted the sign-in lock' },
  'users.create': { zh: '新建用户', en: 'Created a user' },
  'users.update': { zh: '修改用户', en: 'Changed a user' },
  'users.reset-password': { zh: '为用户重置密码', en: 'Reset a user’s password' },
  'enterprises.register': { zh: '登记企业', en: 'Registered a firm' },
  'enterprises.add-user': { zh: '为企业添加账号', en: 'Added a firm account' },
  'enterprises.profile': { zh: '修改企业基本情况', en: 'Changed a firm’s profile' },
  'enterprises.profile-request': { zh: '申请变更基本情况', en: 'Asked to change the profile' },
  'enterprises.profile-confirm': { zh: '确认基本情况变更', en: 'Confirmed a profile change' },
  'enterprises.profile-reject': { zh: '驳回基本情况变更', en: 'Rejected a profile change' },
  'enterprises.settings': { zh: '修改企业设置', en: 'Changed a firm’s settings' },
  'returns.view': { zh: '查看报表', en: 'Viewed a return' },
  'returns.open': { zh: '新建报表', en: 'Opened a return' },
  'returns.proposal-accept': { zh: '接受审核建议值', en: 'Accepted a proposed value' },
  'returns.proposal-reject': { zh: '拒绝审核建议值', en: 'Rejected a proposed value' },
  'review.bulk-approve': { zh: '批量审核通过', en: 'Bulk approval' },
  'review.reminders': { zh: '发送催报', en: 'Sent reminders' },
  'validation.explain': { zh: '填写校验说明', en: 'Explained a finding' },
  'periods.create': { zh: '新建报告期', en: 'Created a period' },
  'periods.update': { zh: '修改报告期', en: 'Changed a period' },
  'periods.extension': { zh: '办理延期', en: 'Granted an extension' },
  'periods.exemption': { zh: '办理免报', en: 'Granted an exemption' },
  'periods.extension-revoke': { zh: '撤销延期', en: 'Revoked an extension' },
  'periods.exemption-revoke': { zh: '撤销免报', en: 'Revoked an exemption' },
  'periods.extension-request': { zh: '申请延期', en: 'Asked for an extension' },
  'periods.extension-decision': { zh: '答复延期申请', en: 'Answered an extension request' },
  'periods.holiday-add': { zh: '新增节假日', en: 'Added a holiday' },
  'periods.holiday-remove': { zh: '删除节假日', en: 'Removed a holiday' },
  'codes.create': { zh: '新增代码', en: 'Added a code' },
  'codes.change': { zh: '修改代码', en: 'Changed a code' },
  'codes.retire': { zh: '停用代码', en: 'Retired a code' },
  'imports.upload': { zh: '上传导入文件', en: 'Uploaded an import' },
  'imports.confirm': { zh: '确认导入', en: 'Confirmed an import' },
  'imports.discard': { zh: '放弃导入', en: 'Discarded an import' },
  'imports.retry': { zh: '重试导入', en: 'Retried an import' },
  'exports.create': { zh: '创建导出', en: 'Started an export' },
  'exports.download': { zh: '下载导出文件', en: 'Downloaded an export' },
  'exports.retry': { zh: '重试导出', en: 'Retried an export' },
  'exchange.export': { zh: '导出数据包', en: 'Exported a bundle' },
  'rules.override': { zh: '调整审核规则', en: 'Overrode a rule' },
};

/** Keys of an entry's details in words; others are shown as they are. */
const DETAIL_LABELS: Record<string, Words> = {
  periodCode: { zh: '报告期', en: 'period' },
  revision: { zh: '版本', en: 'revision' },
  status: { zh: '状态', en: 'status' },
  reason: { zh: '原因', en: 'reason' },
  note: { zh: '意见', en: 'note' },
  until: { zh: '延期至', en: 'until' },
  contentHash: { zh: '内容摘要', en: 'content hash' },
  receiptNo: { zh: '回执编号', en: 'receipt' },
  late: { zh: '迟报', en: 'late' },
  zeroReturn: { zh: '零申报', en: 'zero return' },
  fileName: { zh: '文件名', en: 'file' },
  before: { zh: '修改前', en: 'before' },
  after: { zh: '修改后', en: 'after' },
  username: { zh: '用户名', en: 'user name' },
  roles: { zh: '角色', en: 'roles' },
};

export function auditGroupLabel(group: string, language: Language): string | null {
  return AUDIT_ACTION_GROUP_LABELS[group as AuditActionGroup]?.[language] ?? null;
}

/**
 * An action in words: a known action by its label, a workflow step by the label the caller finds for it (the
 * review's 上报, 市级审核通过…), anything else as its group's name and the rest of the code.
 */
export function auditActionLabel(action: string, language: Language, workflowStep?: (step: string) => string): string {
  const known = ACTION_LABELS[action];
  if (known) return known[language];
  const group = auditActionGroup(action);
  const rest = action.slice(group.length + 1);
  const step = rest && (group === 'returns' || group === 'technology-contracts') ? workflowStep?.(rest) : undefined;
  const groupName = auditGroupLabel(group, language);
  if (step) return groupName ? `${groupName} · ${step}` : step;
  return groupName && rest ? `${groupName} · ${rest}` : action;
}

const valueText = (value: unknown, language: Language): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return language === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/** An entry's details as `label：value` pairs, in the language on screen. */
export function auditDetailPairs(details: Record<string, unknown>, language: Language): [string, string][] {
  return Object.entries(details).map(([key, value]) => [
    DETAIL_LABELS[key]?.[language] ?? key,
    valueText(value, language),
  ]);
}
