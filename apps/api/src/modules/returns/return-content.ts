import { createHash } from 'node:crypto';
import {
  AMOUNT_LIMIT,
  COUNT_MAX,
  isAmount,
  isCount,
  isIsoDate,
  MAINLAND,
  periodBounds,
  TEXT_LIMITS,
  TEXT_MAX,
  textLength,
  type ContentIssue,
  type DraftRows,
  type ReturnContent,
} from '@portal/shared';
import { canonicalJson } from '../audit/audit.service';

/** SHA-256 over the canonical JSON of a revision's content: what the receipt certifies. */
export function contentHash(content: ReturnContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The code lists valid in the return's period, and the firm's contracts entered in its other returns. */
export interface ContentContext {
  periodCode: string;
  regions: ReadonlyMap<string, string>; // code → kind
  natures: ReadonlySet<string>;
  industries: ReadonlySet<string>;
  serviceCategories: ReadonlySet<string>; // provincial categories only (SA–SK)
  partners: ReadonlySet<string>;
  outsourcing: ReadonlySet<string>; // level-3 business codes
  /** contract number → period of the return it was entered in (other returns of the same firm) */
  otherContracts: ReadonlyMap<string, string>;
}

type Obj = Record<string, unknown>;

const SECTION_KEYS = ['profile', 'zeroReturn', 'servicesTrade', 'contracts', 'executions', 'workforce'];
const PROFILE_KEYS = [
  'confirmed',
  'nameZh',
  'regionCode',
  'zoneCode',
  'natureCode',
  'industryCode',
  'keyEnterprise',
  'advancedTech',
];
const TRADE_KEYS = ['categoryCode', 'partnerCode', 'direction', 'amount', 'currency'];
const CONTRACT_KEYS = [
  'contractNo',
  'signedDate',
  'clientName',
  'clientPartnerCode',
  'clientIndustryCode',
  'businessCode',
  'offshore',
  'amount',
  'currency',
];
const EXECUTION_KEYS = ['contractNo', 'amount', 'currency'];
const WORKFORCE_COUNTS = ['juniorCollege', 'bachelor', 'master', 'doctor', 'other'];
const WORKFORCE_KEYS = [...WORKFORCE_COUNTS, 'newHires', 'newHiresGraduates'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

const AMOUNT_MAX_TEXT = (AMOUNT_LIMIT - 0.01).toLocaleString('en-US', { minimumFractionDigits: 2 });
const COUNT_MAX_TEXT = COUNT_MAX.toLocaleString('en-US');

/** A value as an error message quotes it: at most 40 characters of it. */
const shown = (v: unknown) => {
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

/** Text within a limit of characters (code points), else what to say (zh, en). */
const tooLong = (v: string, limit: number): [string, string] | null =>
  v.length > limit && textLength(v) > limit
    ? [`最多 ${limit} 个字符，此处为 ${textLength(v)} 个`, `at most ${limit} characters, not ${textLength(v)}`]
    : null;

/** Adds an issue at a path (section, row, field) to `issues`; its field is the path's last name, without an index. */
const issueCollector =
  (issues: ContentIssue[]) =>
  (path: string, zh: string, en: string): void => {
    issues.push({
      path,
      field: path
        .split('.')
        .pop()!
        .replace(/\[\d+\]$/, ''),
      message_zh: zh,
      message_en: en,
    });
  };

/**
 * Checks a return's content completely (every problem, not only the first) against the shape of
 * ReturnContent, the rules of DOMAIN.md §2 and the bounds every edge shares (`libs/shared` bounds.ts: amounts,
 * counts, text lengths, as the bundle reader checks them). Returns the issues, each with its path (section, row,
 * field); an empty list means the content may be saved.
 */
export function contentIssues(input: unknown, ctx: ContentContext): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const add = issueCollector(issues);

  const unknownKeys = (o: Obj, allowed: string[], path: string) => {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) {
        const name = shown(k);
        add(path ? `${path}.${name}` : name, `不支持的字段 ${name}`, `unknown field ${name}`);
      }
    }
  };
  const code = (o: Obj, key: string, path: string, set: ReadonlySet<string>, listZh: string, listEn: string) => {
    const v = o[key];
    if (!nonEmpty(v)) return add(`${path}.${key}`, `请填写${listZh}代码`, `${listEn} code is required`);
    if (!set.has(v))
      add(
        `${path}.${key}`,
        `${listZh}中没有代码 ${shown(v)}`,
        `${shown(v)} is not a ${listEn} code valid in ${ctx.periodCode}`,
      );
  };
  const amount = (o: Obj, path: string) => {
    if (!isAmount(o.amount)) {
      add(
        `${path}.amount`,
        `金额须为 0 至 ${AMOUNT_MAX_TEXT} 之间的数字，最多两位小数`,
        `amount must be a number from 0 to ${AMOUNT_MAX_TEXT} with at most two decimals`,
      );
    }
    if (o.currency !== 'USD' && o.currency !== 'CNY') {
      add(`${path}.currency`, '币种须为 USD 或 CNY', 'currency must be USD or CNY');
    }
  };
  const list = (o: Obj, key: string): Obj[] => {
    const v = o[key];
    if (!Array.isArray(v)) {
      add(key, `${key} 须为数组`, `${key} must be an array`);
      return [];
    }
    return v.map((line, i) => {
      if (isObj(line)) return line;
      add(`${key}[${i}]`, '每一行须为对象', 'each line must be an object');
      return {};
    });
  };

  if (!isObj(input)) {
    add('content', '报表内容须为对象', 'content must be an object');
    return issues;
  }
  unknownKeys(input, SECTION_KEYS, '');
  if (typeof input.zeroReturn !== 'boolean')
    add('zeroReturn', '须注明是否为零申报', 'zeroReturn must be true or false');

  const profile = input.profile;
  if (profile !== null) {
    if (!isObj(profile)) add('profile', '企业基本情况须为对象或 null', 'profile must be an object or null');
    else {
      unknownKeys(profile, PROFILE_KEYS, 'profile');
      for (const k of ['confirmed', 'keyEnterprise', 'advancedTech']) {
        if (typeof profile[k] !== 'boolean')
          add(`profile.${k}`, `${k} 须为 true 或 false`, `${k} must be true or false`);
      }
      if (!nonEmpty(profile.nameZh)) add('profile.nameZh', '请填写企业名称', 'the firm name is required');
      else {
        const long = tooLong(profile.nameZh, TEXT_LIMITS.name);
        if (long) add('profile.nameZh', `企业名称${long[0]}`, `the firm name has ${long[1]}`);
      }
      const kind = nonEmpty(profile.regionCode) ? ctx.regions.get(profile.regionCode) : undefined;
      if (kind !== 'district' && kind !== 'city') {
        add(
          'profile.regionCode',
          `注册地 ${shown(profile.regionCode)} 不是有效的区县或设区市代码`,
          `${shown(profile.regionCode)} is not a district or city code`,
        );
      }
      if (profile.zoneCode !== null && !(nonEmpty(profile.zoneCode) && ctx.regions.get(profile.zoneCode) === 'zone')) {
        add(
          'profile.zoneCode',
          `${shown(profile.zoneCode)} 不是开发区或园区代码`,
          `${shown(profile.zoneCode)} is not a zone code`,
        );
      }
      code(profile, 'natureCode', 'profile', ctx.natures, '企业性质', 'enterprise nature');
      code(profile, 'industryCode', 'profile', ctx.industries, '国民经济行业', 'industry');
    }
  }

  const trade = list(input, 'servicesTrade');
  const tradeKeys = new Set<string>();
  trade.forEach((line, i) => {
    const path = `servicesTrade[${i}]`;
    unknownKeys(line, TRADE_KEYS, path);
    code(line, 'categoryCode', path, ctx.serviceCategories, '服务贸易类别（省级）', 'provincial service category');
    if (line.partnerCode === MAINLAND) {
      add(
        `${path}.partnerCode`,
        '服务进出口的伙伴国别（地区）不能是中国内地（CN）',
        'the partner of services trade cannot be the mainland (CN)',
      );
    } else code(line, 'partnerCode', path, ctx.partners, '国别（地区）', 'partner economy');
    if (line.direction !== 'EXPORT' && line.direction !== 'IMPORT') {
      add(`${path}.direction`, '方向须为 EXPORT（出口）或 IMPORT（进口）', 'direction must be EXPORT or IMPORT');
    }
    amount(line, path);
    const key = `${line.categoryCode}|${line.partnerCode}|${line.direction}`;
    if (tradeKeys.has(key)) {
      add(path, '同一类别、国别和方向只能填一行', 'one line per category, partner and direction');
    }
    tradeKeys.add(key);
  });

  const { start, end } = periodBounds(ctx.periodCode);
  const contracts = list(input, 'contracts');
  const ownContracts = new Set<string>();
  contracts.forEach((line, i) => {
    const path = `contracts[${i}]`;
    unknownKeys(line, CONTRACT_KEYS, path);
    const no = line.contractNo;
    if (!nonEmpty(no) || textLength(no) > TEXT_LIMITS.contractNo) {
      add(
        `${path}.contractNo`,
        `请填写合同编号（不超过 ${TEXT_LIMITS.contractNo} 个字符）`,
        `contract number is required (at most ${TEXT_LIMITS.contractNo} characters)`,
      );
    } else if (ownContracts.has(no)) {
      add(`${path}.contractNo`, `合同编号 ${no} 在本表中重复`, `contract number ${no} appears twice in this return`);
    } else if (ctx.otherContracts.has(no)) {
      add(
        `${path}.contractNo`,
        `合同编号 ${no} 已在 ${ctx.otherContracts.get(no)} 的报表中登记`,
        `contract number ${no} is already registered in the ${ctx.otherContracts.get(no)} return`,
      );
    }
    if (nonEmpty(no)) ownContracts.add(no);
    const signed = line.signedDate;
    if (typeof signed !== 'string' || !isIsoDate(signed)) {
      add(`${path}.signedDate`, '签约日期须为 YYYY-MM-DD 格式的日期', 'signedDate must be a date YYYY-MM-DD');
    } else if (signed < start || signed > end) {
      add(
        `${path}.signedDate`,
        `签约日期 ${signed} 不在本报告期（${start} 至 ${end}）内；合同应在签约季度填报`,
        `signedDate ${signed} is outside the period ${start}–${end}; a contract is reported in the quarter it is signed`,
      );
    }
    if (!nonEmpty(line.clientName)) add(`${path}.clientName`, '请填写发包方名称', 'the client name is required');
    else {
      const long = tooLong(line.clientName, TEXT_LIMITS.clientName);
      if (long) add(`${path}.clientName`, `发包方名称${long[0]}`, `the client name has ${long[1]}`);
    }
    code(line, 'clientPartnerCode', path, ctx.partners, '国别（地区）', 'partner economy');
    if (line.clientIndustryCode !== null)
      code(line, 'clientIndustryCode', path, ctx.industries, '国民经济行业', 'industry');
    code(line, 'businessCode', path, ctx.outsourcing, '服务外包业务类别（三级）', 'level-3 outsourcing category');
    if (typeof line.offshore !== 'boolean') {
      add(`${path}.offshore`, '须注明是否离岸', 'offshore must be true or false');
    } else if (nonEmpty(line.clientPartnerCode) && line.offshore !== (line.clientPartnerCode !== MAINLAND)) {
      add(
        `${path}.offshore`,
        line.offshore ? '发包方在中国内地（CN），应为在岸合同' : '发包方在中国内地以外（含港澳台），应为离岸合同',
        line.offshore
          ? 'the client is in the mainland (CN): the contract is onshore'
          : 'the client is outside the mainland: the contract is offshore',
      );
    }
    amount(line, path);
  });

  const executions = list(input, 'executions');
  const executed = new Set<string>();
  executions.forEach((line, i) => {
    const path = `executions[${i}]`;
    unknownKeys(line, EXECUTION_KEYS, path);
    const no = line.contractNo;
    if (!nonEmpty(no)) {
      add(`${path}.contractNo`, '请填写合同编号', 'contract number is required');
    } else {
      const enteredIn = ctx.otherContracts.get(no);
      if (!ownContracts.has(no) && enteredIn === undefined) {
        add(
          `${path}.contractNo`,
          `合同编号 ${no} 不是本企业已登记的合同`,
          `${no} is not a registered contract of this firm`,
        );
      } else if (!ownContracts.has(no) && enteredIn! > ctx.periodCode) {
        add(
          `${path}.contractNo`,
          `合同 ${no} 签订于 ${enteredIn}，晚于本报告期`,
          `contract ${no} was signed in ${enteredIn}, after this period`,
        );
      }
      if (executed.has(no))
        add(`${path}.contractNo`, `合同 ${no} 的执行额重复填报`, `contract ${no} has two execution lines`);
      executed.add(no);
    }
    amount(line, path);
  });

  if (input.zeroReturn === true && (trade.length || contracts.length || executions.length)) {
    add('zeroReturn', '零申报（本期无业务）不能填写业务数据', 'a zero return cannot contain business lines');
  }

  const wf = input.workforce;
  if (wf !== null) {
    if (!isObj(wf)) add('workforce', '从业人员须为对象或 null', 'workforce must be an object or null');
    else {
      unknownKeys(wf, WORKFORCE_KEYS, 'workforce');
      for (const k of WORKFORCE_COUNTS) {
        if (!isCount(wf[k]))
          add(
            `workforce.${k}`,
            `人数须为 0 至 ${COUNT_MAX_TEXT} 的整数`,
            `headcount must be a whole number from 0 to ${COUNT_MAX_TEXT}`,
          );
      }
      for (const k of ['newHires', 'newHiresGraduates']) {
        if (wf[k] !== null && !isCount(wf[k]))
          add(
            `workforce.${k}`,
            `人数须为 0 至 ${COUNT_MAX_TEXT} 的整数或空`,
            `must be a whole number from 0 to ${COUNT_MAX_TEXT} or null`,
          );
      }
      if (
        isCount(wf.newHiresGraduates) &&
        !(isCount(wf.newHires) && (wf.newHiresGraduates as number) <= (wf.newHires as number))
      ) {
        add(
          'workforce.newHiresGraduates',
          '新增人员中的大学学历人数不能超过新增人数',
          'new graduate hires cannot exceed new hires',
        );
      }
    }
  }
  return issues;
}

/** Rows a section of a draft may hold: far above any firm's quarter, far below what would burden a save. */
export const SECTION_ROWS_MAX = 5_000;

const BOOLEAN_FIELDS = new Set(['confirmed', 'keyEnterprise', 'advancedTech', 'offshore']);

/**
 * What no one can type into the form: a content of the wrong shape (not an object, a section that is not a list,
 * a row that is not an object), unknown or prototype-named keys, a cell holding an object or a list, a number that
 * is not finite, a text longer than any record (TEXT_MAX) or more than SECTION_ROWS_MAX rows. A draft save refuses
 * these (400); everything else a firm types is kept in its draft and flagged (contentIssues).
 */
export function structuralIssues(input: unknown): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const add = issueCollector(issues);
  const cells = (o: Obj, allowed: string[], path: string) => {
    for (const [k, v] of Object.entries(o)) {
      const name = shown(k);
      const at = path ? `${path}.${name}` : name;
      if (!allowed.includes(k)) {
        add(at, `不支持的字段 ${name}`, `unknown field ${name}`);
      } else if (BOOLEAN_FIELDS.has(k)) {
        if (typeof v !== 'boolean' && !(k === 'offshore' && v === null))
          add(at, `${name} 须为 true 或 false`, `${name} must be true or false`);
      } else if (typeof v === 'number') {
        if (!Number.isFinite(v)) add(at, '数值超出范围（不是有限数）', 'the number is not finite');
      } else if (typeof v === 'string') {
        if (v.length > TEXT_MAX)
          add(at, `文本超过 ${TEXT_MAX} 个字符`, `the text is longer than ${TEXT_MAX} characters`);
      } else if (v !== null) {
        add(at, '须为文字、数字或空', 'must be text, a number or empty');
      }
    }
  };
  const object = (v: unknown, keys: string[], path: string, nullable: boolean) => {
    if (nullable && v === null) return;
    if (!isObj(v))
      add(
        path,
        `${path} 须为对象${nullable ? '或 null' : ''}`,
        `${path} must be an object${nullable ? ' or null' : ''}`,
      );
    else cells(v, keys, path);
  };

  if (!isObj(input)) {
    add('content', '报表内容须为对象', 'content must be an object');
    return issues;
  }
  for (const k of Object.keys(input))
    if (!SECTION_KEYS.includes(k)) add(shown(k), `不支持的字段 ${shown(k)}`, `unknown field ${shown(k)}`);
  if (typeof input.zeroReturn !== 'boolean')
    add('zeroReturn', '须注明是否为零申报', 'zeroReturn must be true or false');
  object(input.profile, PROFILE_KEYS, 'profile', true);
  object(input.workforce, WORKFORCE_KEYS, 'workforce', true);
  const sections: [string, string[]][] = [
    ['servicesTrade', TRADE_KEYS],
    ['contracts', CONTRACT_KEYS],
    ['executions', EXECUTION_KEYS],
  ];
  for (const [key, keys] of sections) {
    const rows = input[key];
    if (!Array.isArray(rows)) add(key, `${key} 须为数组`, `${key} must be an array`);
    else if (rows.length > SECTION_ROWS_MAX)
      add(
        key,
        `${key} 最多 ${SECTION_ROWS_MAX} 行，此处为 ${rows.length} 行`,
        `${key} has ${rows.length} rows, at most ${SECTION_ROWS_MAX}`,
      );
    else rows.forEach((row, i) => object(row, keys, `${key}[${i}]`, false));
  }
  return issues;
}

const ROW_PATH = /^(servicesTrade|contracts|executions)\[(\d+)\]/;
const LISTS = ['servicesTrade', 'contracts', 'executions'] as const;

/**
 * A draft's complete part: the content without the rows (and the profile or workforce) that have issues, which is
 * what checks, figures, the contract register and exports read. Dropping a contract can leave an execution of it
 * unregistered, so this repeats until nothing is left to drop. `issues` are every dropped part's issues at its path
 * in the draft as typed; `rows` gives for each row of `content` its row in the draft (to show a check's finding on
 * the row the firm sees); `unresolved` is what no dropping removes (the caller refuses the content).
 */
export function completePart(
  typed: ReturnContent,
  ctx: ContentContext,
): { content: ReturnContent; issues: ContentIssue[]; rows: DraftRows; unresolved: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  const rows = Object.fromEntries(LISTS.map((l) => [l, typed[l].map((_, i) => i)])) as unknown as DraftRows;
  let content = typed;
  let left = contentIssues(typed, ctx);
  for (let pass = 0; left.length && pass < 10; pass++) {
    const drop = { servicesTrade: new Set<number>(), contracts: new Set<number>(), executions: new Set<number>() };
    let profile = content.profile;
    let workforce = content.workforce;
    let zeroReturn = content.zeroReturn;
    for (const issue of left) {
      const row = ROW_PATH.exec(issue.path);
      if (row) {
        const list = row[1] as (typeof LISTS)[number];
        const at = `${list}[${rows[list][Number(row[2])]}]`;
        drop[list].add(Number(row[2]));
        issues.push({ ...issue, path: at + issue.path.slice(row[0].length) });
        continue;
      }
      if (issue.path.startsWith('profile')) profile = null;
      else if (issue.path.startsWith('workforce')) workforce = null;
      else if (issue.path === 'zeroReturn') zeroReturn = false;
      else return { content, issues, rows, unresolved: left };
      issues.push(issue);
    }
    const keep = (list: (typeof LISTS)[number]) => (_: unknown, i: number) => !drop[list].has(i);
    content = {
      ...content,
      profile,
      workforce,
      zeroReturn,
      servicesTrade: content.servicesTrade.filter(keep('servicesTrade')),
      contracts: content.contracts.filter(keep('contracts')),
      executions: content.executions.filter(keep('executions')),
    };
    for (const list of LISTS) rows[list] = rows[list].filter(keep(list));
    left = contentIssues(content, ctx);
  }
  return { content, issues, rows, unresolved: left };
}

/** What submission needs beyond a valid draft: the firm has confirmed its profile. */
export function submissionIssues(content: ReturnContent): ContentIssue[] {
  if (content.profile?.confirmed) return [];
  return [
    {
      path: 'profile.confirmed',
      field: 'confirmed',
      message_zh: '上报前请核对并确认企业基本情况',
      message_en: 'confirm the firm profile before submitting',
    },
  ];
}
