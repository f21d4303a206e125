/**
 * Stable error codes with Chinese and English messages. The API answers every error as
 * `{ statusCode, code, message_zh, message_en, details? }`; the web app shows the message of its language.
 * Messages may name placeholders as {name}, filled from the error's params.
 */
export const ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    zh: '请求数据不符合要求',
    en: 'The request data is not valid',
  },
  INVALID_TEXT: {
    status: 400,
    zh: '{field} 含有{problem}，请删除后重试',
    en: '{field} contains {problem}; remove it and try again',
  },
  INVALID_ENCODING: {
    status: 400,
    zh: '{field} 不是有效的 UTF-8 编码',
    en: '{field} is not valid UTF-8',
  },
  FIELD_NAME_NOT_ALLOWED: {
    status: 400,
    zh: '不允许的字段名：{field}',
    en: 'Field name not allowed: {field}',
  },
  JSON_TOO_DEEP: {
    status: 400,
    zh: '请求体的 JSON 嵌套超过 {limit} 层',
    en: 'The JSON request body is nested more than {limit} levels deep',
  },
  BAD_PARAMETER: {
    status: 400,
    zh: '参数 {name} 无效：{detail}',
    en: 'Parameter {name} is invalid: {detail}',
  },
  BAD_JSON: {
    status: 400,
    zh: '请求体不是有效的 JSON：{detail}',
    en: 'The request body is not valid JSON: {detail}',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    zh: '请求体过大（上限 {limit}）',
    en: 'The request body is too large (limit {limit})',
  },
  UNKNOWN_QUERY_PARAMETER: {
    status: 400,
    zh: '不支持的查询参数或筛选字段：{name}',
    en: 'Unknown query parameter or filter field: {name}',
  },
  BAD_LIST_PARAMETER: {
    status: 400,
    zh: '列表参数 {name} 格式错误：{detail}',
    en: 'List parameter {name} is malformed: {detail}',
  },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please log in' },
  TOKEN_EXPIRED: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired; please log in again',
  },
  BAD_CREDENTIALS: {
    status: 401,
    zh: '用户名或密码错误',
    en: 'Wrong username or password',
  },
  LOGIN_THROTTLED: {
    status: 429,
    zh: '登录失败次数过多，请 {seconds} 秒后再试；如果这是您的账号，可申请解锁邮件，用邮件中的链接立即解锁',
    en: 'Too many failed logins; try again in {seconds} s, or, if this is your account, ask for an unlock e-mail and use its link to unlock it now',
  },
  FORBIDDEN: {
    status: 403,
    zh: '无权执行此操作',
    en: 'You are not allowed to do this',
  },
  NOT_FOUND: {
    status: 404,
    zh: '{entity} 不存在或无权访问',
    en: '{entity} does not exist or is not accessible',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    zh: '接口不存在：{path}',
    en: 'No such endpoint: {path}',
  },
  CONFLICT: {
    status: 409,
    zh: '数据已被他人修改，请刷新后重试',
    en: 'The data was changed by someone else; reload and try again',
  },
  DUPLICATE: {
    status: 409,
    zh: '{entity} 已存在：{key}',
    en: '{entity} already exists: {key}',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    zh: '请求过于频繁，请稍后再试',
    en: 'Too many requests; please wait and try again',
  },
  RATE_LIMITED: {
    status: 429,
    zh: '操作过于频繁：每分钟最多 {limit} 次，请 {seconds} 秒后再试',
    en: 'Too many requests: at most {limit} a minute; try again in {seconds} s',
  },
  JOBS_IN_FLIGHT: {
    status: 409,
    zh: '您已有 {running} 个{kind}任务在排队或运行（每人最多同时 {limit} 个），请等其中一个完成后再提交',
    en: 'You already have {running} {kindEn} jobs queued or running (at most {limit} at a time per user); wait until one finishes',
  },
  JOB_NOT_RETRYABLE: {
    status: 409,
    zh: '只有失败的任务可以重试（当前状态：{statusZh}）',
    en: 'Only a failed job can be retried (this one is {statusEn})',
  },
  IMPORT_NOT_PREVIEWED: {
    status: 409,
    zh: '只有预检完成、待确认的导入可以确认或放弃（当前状态：{statusZh}）',
    en: 'Only a checked import awaiting confirmation can be confirmed or discarded (this one is {statusEn})',
  },
  IMPORT_DRY_RUN_EXPIRED: {
    status: 410,
    zh: '预检结果已于 {expiredAt}（北京时间）过期（未确认的预检保留 {hours} 小时），上传的文件已删除，未写入任何数据。请重新上传该文件并预检',
    en: 'This dry run expired at {expiredAt} Beijing time (an unconfirmed dry run is kept for {hours} hours); its file was deleted and nothing was written. Upload the file again and run the dry run',
  },
  IMPORT_UPLOAD_GONE: {
    status: 409,
    zh: '该导入的文件已不再保存（因数据有误被拒绝的导入须修正文件后重新上传），不能重试',
    en: 'The file of this import is no longer kept (an import rejected for its data must be corrected and uploaded again), so it cannot be retried',
  },
  SERVICE_BUSY: {
    status: 503,
    zh: '系统繁忙，请 {seconds} 秒后重试',
    en: 'The portal is busy; please try again in {seconds} seconds',
  },
  PDF_FONT_UNAVAILABLE: {
    status: 503,
    zh: '服务器缺少生成 PDF 所需的中文字体，暂时无法下载该文件，请联系系统管理员',
    en: 'The server lacks the Chinese font its PDF files need, so this file cannot be downloaded now; please tell the administrator',
  },
  INTERNAL: {
    status: 500,
    zh: '服务器内部错误，请稍后再试（编号 {ref}）',
    en: 'Internal server error; please try again later (reference {ref})',
  },
  CODE_UNKNOWN: {
    status: 400,
    zh: '{list} 中没有代码 {code}',
    en: 'Code {code} is not in {list}',
  },
  GROUP_MEMBERSHIP_OVERLAP: {
    status: 409,
    zh: '{member} 在 {date} 已属于{kindZh} {group}（自 {from} 起）',
    en: '{member} already belongs to {kindEn} {group} on {date} (from {from})',
  },
  GROUP_MEMBERSHIP_DATES: {
    status: 400,
    zh: '成员资格的结束日期 {to} 早于其生效日期 {from}',
    en: 'The membership would end ({to}) before it starts ({from})',
  },
  GROUP_NAME_REQUIRED: {
    status: 400,
    zh: '国别组 {group} 尚无成员，请填写组名称',
    en: 'Partner group {group} has no members yet; give its name',
  },
  CODE_VERSION_OVERLAP: {
    status: 409,
    zh: '代码 {code} 在 {date} 已有生效版本',
    en: 'Code {code} already has a version valid on {date}',
  },
  USCC_INVALID: {
    status: 400,
    zh: '统一社会信用代码 {value} 无效：{problem}',
    en: 'Unified social credit code {value} is invalid: {problem}',
  },
  PASSWORD_POLICY: {
    status: 400,
    zh: '密码至少 10 位，且须包含大写字母、小写字母、数字和符号',
    en: 'A password needs at least 10 characters with upper- and lower-case letters, a digit and a symbol',
  },
  SCOPE_MISMATCH: {
    status: 400,
    zh: '角色 {role} 必须绑定到 {scope} 范围',
    en: 'Role {role} must be bound to a {scope} scope',
  },
  RESET_TOKEN_INVALID: {
    status: 400,
    zh: '重置密码链接无效、已使用或已过期，请重新申请',
    en: 'The password-reset link is invalid, already used or expired; request a new one',
  },
  UNLOCK_TOKEN_INVALID: {
    status: 400,
    zh: '解锁链接无效、已使用或已过期，请重新申请',
    en: 'The unlock link is invalid, already used or expired; request a new one',
  },
  UPLOAD_INVALID: {
    status: 400,
    zh: '上传的文件无法处理：{detail}',
    en: 'The uploaded file cannot be processed: {detail}',
  },
  REGION_KIND_MISMATCH: {
    status: 400,
    zh: '地区代码 {code} 不是{expectedZh}',
    en: 'Region {code} is not a {expectedEn}',
  },
  PROFILE_VALID_FROM_RANGE: {
    status: 400,
    zh: '变更生效日期 {validFrom} 须在 {from} 至 {to} 之间（不早于当前开放报告期的第一天，最多提前一年）',
    en: 'The change must take effect between {from} and {to} (not before the first day of the open reporting period, at most a year ahead); {validFrom} is outside',
  },
  PROFILE_CHANGE_PENDING: {
    status: 409,
    zh: '已有一项 {validFrom} 起的档案变更在等待审核单位 {unit} 确认；确认或驳回后才能提交新的变更',
    en: 'A profile change from {validFrom} is waiting for review unit {unit} to confirm it; a new change can be made once it is confirmed or rejected',
  },
  PROFILE_CHANGE_STATE: {
    status: 409,
    zh: '该档案变更已{statusZh}，不能再{actionZh}',
    en: 'The profile change is already {statusEn} and cannot be {actionEn}',
  },
  ENTERPRISE_STATE: {
    status: 409,
    zh: '企业当前状态为 {status}，不能{actionZh}',
    en: 'The enterprise is {status} and cannot be {actionEn}',
  },
  PERIOD_NOT_OPEN: {
    status: 409,
    zh: '报告期 {period} 尚未开放，{openDate} 起可填报',
    en: 'Period {period} is not open yet; filing starts on {openDate}',
  },
  PERIOD_LOCKED_ACTION: {
    status: 409,
    zh: '报告期 {period} 已于 {lockDate} 截止，企业已无法修改报表，因此不能{actionZh}；请先由省商务厅为该企业办理延期',
    en: 'Period {period} locked after {lockDate}: the firm can no longer change the return, so it cannot be {actionEn}; the provincial department must first grant the firm an extension',
  },
  PERIOD_CALENDAR: {
    status: 400,
    zh: '报告期 {period} 的日期不合理：{detailZh}',
    en: 'The dates of period {period} do not fit: {detailEn}',
  },
  EXCEPTION_REVOKED: {
    status: 409,
    zh: '该{kindZh}已于 {at} 撤销，不能再撤销',
    en: 'The {kindEn} was already revoked on {at}',
  },
  EXTENSION_REQUEST_STATE: {
    status: 409,
    zh: '该延期申请当前为“{statusZh}”，不能{actionZh}',
    en: 'The extension request is {statusEn} and cannot be {actionEn}',
  },
  EXTENSION_REQUEST_PENDING: {
    status: 409,
    zh: '本企业 {period} 已有一份待答复的延期申请（{until} 前），请等待省商务厅答复',
    en: 'The firm already has a pending extension request for {period} (until {until}); wait for the provincial answer',
  },
  PERIOD_LOCKED: {
    status: 409,
    zh: '报告期 {period} 已于 {lockDate} 截止补报；如需补报请向省商务厅申请延期',
    en: 'Period {period} locked after {lockDate}; ask the provincial department for an extension',
  },
  RETURN_STATE: {
    status: 409,
    zh: '报表当前状态为“{statusZh}”，不能{actionZh}',
    en: 'The return is {statusEn} and cannot be {actionEn}',
  },
  CONTRACT_STATE: {
    status: 409,
    zh: '技术进出口合同登记当前状态为“{statusZh}”，不能{actionZh}',
    en: 'The contract registration is {statusEn} and cannot {actionEn}',
  },
  CONTRACT_CONTENT_INVALID: {
    status: 400,
    zh: '合同登记内容有 {count} 处格式错误，未保存',
    en: 'The contract registration has {count} malformed field(s); nothing was saved',
  },
  CERTIFICATE_NOT_ISSUED: {
    status: 409,
    zh: '合同尚未登记或已注销，没有登记证书',
    en: 'The contract is not registered (or is cancelled): there is no registration certificate',
  },
  ATTACHMENT_MISSING: {
    status: 404,
    zh: '该版本没有附件',
    en: 'This version has no attachment',
  },
  RETURN_CONTENT_INVALID: {
    status: 400,
    zh: '报表内容有 {count} 处错误，未保存',
    en: 'The return has {count} error(s); nothing was saved',
  },
  RETURN_DRAFT_INCOMPLETE: {
    status: 409,
    zh: '草稿还有 {count} 处未填完或有误，请先补全（首处：{whereZh}：{messageZh}）',
    en: 'The draft still has {count} incomplete or wrong cell(s); complete them first (first: {whereEn}: {messageEn})',
  },
  MAKER_CHECKER: {
    status: 403,
    zh: '本企业实行填报与审核分离，只有企业负责人可以上报',
    en: 'This firm uses maker-checker: only an enterprise signatory may submit',
  },
  VALIDATION_BLOCKING: {
    status: 409,
    zh: '审核发现 {count} 处须修改或说明的问题，未上报',
    en: 'Validation found {count} problem(s) to fix or explain; nothing was submitted',
  },
  FINDING_NOT_EXPLAINABLE: {
    status: 409,
    zh: '只有当前版本中“需说明”类的审核问题可以填写说明（本条为 {severity}）',
    en: 'Only explain-or-fix findings of the current revision take an explanation (this one is {severity})',
  },
  EXPLANATION_INVALID: {
    status: 400,
    zh: '说明未被接受：{problemZh}',
    en: 'The explanation is not accepted: {problemEn}',
  },
  REASON_REQUIRED: {
    status: 400,
    zh: '{actionZh}须填写原因',
    en: 'A reason is required to {actionEn}',
  },
  CELL_PATH_INVALID: {
    status: 400,
    zh: '单元格 {path} 在第 {revision} 版中不存在',
    en: 'There is no cell {path} in revision {revision}',
  },
  COMMENT_ANSWERED: {
    status: 409,
    zh: '该修改建议已答复，不能再次答复',
    en: 'This proposed correction has already been answered',
  },
  COMMENT_NO_PROPOSAL: {
    status: 400,
    zh: '该批注没有建议值，无需答复',
    en: 'This comment proposes no value to accept or reject',
  },
  TABLE_UNKNOWN: {
    status: 404,
    zh: '统计表 {id} 不存在',
    en: 'There is no official table {id}',
  },
  TABLE_PARAMETER: {
    status: 400,
    zh: '统计表参数 {name} 无效：{value}',
    en: 'Table parameter {name} is invalid: {value}',
  },
  TABLE_NOT_OF_CONTRACTS: {
    status: 400,
    zh: '统计表 {id} 不是按技术合同汇总的表，请从该表查看其背后的报表',
    en: 'Table {id} is not summed from technology contracts; drill down to the returns behind it instead',
  },
  TERRITORY_OUT_OF_SCOPE: {
    status: 403,
    zh: '无权查看地区 {territory} 的统计表',
    en: 'You may not read tables of region {territory}',
  },
  EXPORT_NOT_READY: {
    status: 409,
    zh: '导出任务状态为 {status}，文件尚不可下载',
    en: 'The export is {status}; its file is not available yet',
  },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface ApiErrorBody {
  statusCode: number;
  code: ErrorCode | string;
  message_zh: string;
  message_en: string;
  details?: unknown;
}

/**
 * An error as the API sends it: an RFC 9457 problem (`application/problem+json`) whose `type` names the code,
 * `title` the kind of problem, `detail` this occurrence in the request's language (Chinese unless the client
 * prefers English) and `instance` the request path; the portal's own members (code, both messages, details)
 * stay, so clients reading them keep working.
 */
export interface ApiProblem extends ApiErrorBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

/** One field of a refused request body (VALIDATION_FAILED details), its problems in Chinese and English. */
export interface FieldProblem {
  field: string;
  /** English, one per broken rule (kept from before the Chinese texts existed). */
  problems: string[];
  problems_zh: string[];
  message_zh: string;
  message_en: string;
}

/** The `type` URI of a problem: a path under the API that describes the code (GET answers its status and titles). */
export const problemType = (code: string) => `/api/problems/${code}`;

/**
 * The English message's parameters: a parameter `fooEn` stands in for `foo` (an entity's English name, say), so
 * one set of params serves both languages.
 */
export function englishParams(params: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const [k, v] of Object.entries(params)) if (k.endsWith('En') && v !== undefined) out[k.slice(0, -2)] = v;
  return out;
}

export function formatMessage(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (Object.hasOwn(params, k) ? String(params[k]) : `{${k}}`));
}
