import { formatMessage } from '@portal/shared';
import { BUNDLE_FILES } from './format';

/**
 * Stable error codes of the exchange reader with Chinese and English message templates.
 * Placeholders ({column}, {value}, ...) are filled from the error's params.
 */
export const EXCHANGE_MESSAGES = {
  NOT_A_ZIP: {
    zh: '文件不是有效的 ZIP 压缩包；请上传交换格式 CSV 文件打包的 .zip，或单个 .csv 文件',
    en: 'The file is not a valid ZIP archive; upload a .zip of the exchange-format CSV files or a single .csv file',
  },
  EXCEL_WORKBOOK: {
    zh: '这是 Excel 工作簿（.xlsx），不是交换格式；请将各工作表另存为 UTF-8 CSV 后上传',
    en: 'This is an Excel workbook (.xlsx), not the exchange format; save each sheet as UTF-8 CSV and upload those',
  },
  ZIP_CORRUPT: {
    zh: '压缩包已损坏，无法读取：{detail}',
    en: 'The archive is damaged and cannot be read: {detail}',
  },
  UNSAFE_PATH: {
    zh: '压缩包中的路径 {value} 不安全（绝对路径、盘符、“..” 或反斜杠），整个压缩包被拒绝',
    en: 'Unsafe path {value} in the archive (absolute path, drive letter, ".." or backslash); the archive is rejected',
  },
  SYMLINK: {
    zh: '压缩包中的 {value} 是符号链接，不允许',
    en: '{value} in the archive is a symbolic link, which is not allowed',
  },
  TOO_MANY_ENTRIES: {
    zh: '压缩包包含 {count} 个条目，最多允许 {limit} 个',
    en: 'The archive has {count} entries; at most {limit} are allowed',
  },
  BUNDLE_TOO_LARGE: {
    zh: '解压后的数据超过上限 {limit} 字节',
    en: 'The uncompressed data exceeds the limit of {limit} bytes',
  },
  NESTED_FOLDER: {
    zh: '文件 {value} 的位置不允许：文件须全部位于压缩包根目录，或全部位于同一个顶层文件夹中',
    en: 'File {value} is not allowed there: the files must all be at the top level or all in one top-level folder',
  },
  UNKNOWN_FILE: {
    zh: '不支持的文件 {value}；允许的文件名为 {expected}',
    en: 'Unsupported file {value}; the allowed file names are {expected}',
  },
  DUPLICATE_FILE: {
    zh: '文件 {value} 出现多次',
    en: 'File {value} appears more than once',
  },
  UNSUPPORTED_ENTRY: {
    zh: '压缩包中的 {value} 已加密或使用了不支持的压缩方式',
    en: '{value} in the archive is encrypted or uses an unsupported compression method',
  },
  FILE_NOT_ACCEPTED: {
    zh: '此处不接受文件 {value}；本次导入只接受 {expected}',
    en: 'File {value} is not accepted here; this import takes {expected}',
  },
  EMPTY_BUNDLE: {
    zh: '没有找到数据文件；需要 {expected} 中的至少一个',
    en: 'No data file found; expected at least one of {expected}',
  },
  INVALID_UTF8: {
    zh: '第 {line} 行含有无效的 UTF-8 字节；请将文件以 UTF-8 编码保存',
    en: 'Line {line} contains bytes that are not valid UTF-8; save the file as UTF-8',
  },
  NUL_CHARACTER: {
    zh: '第 {line} 行含有空字符（U+0000），数据库无法保存；请删除后重新保存文件',
    en: 'Line {line} contains a NUL character (U+0000), which cannot be stored; remove it and save the file again',
  },
  BROKEN_QUOTE: {
    zh: '第 {line} 行引号不成对或位置错误；含逗号、引号或换行的字段须整体用双引号括起，字段内的双引号写作两个双引号',
    en: 'Unbalanced or misplaced quote at line {line}; a field with commas, quotes or line breaks must be enclosed in double quotes, with inner quotes doubled',
  },
  RECORD_TOO_LARGE: {
    zh: '从第 {line} 行开始的一行数据超过 {limit} 个字符，通常是某个引号没有闭合',
    en: 'The row starting at line {line} is longer than {limit} characters, usually because a quote is not closed',
  },
  MISSING_HEADER: {
    zh: '缺少标题行；第一行须为列名：{expected}',
    en: 'The header row is missing; the first row must name the columns: {expected}',
  },
  UNKNOWN_COLUMN: {
    zh: '未知列 {column}；本文件允许的列为 {expected}',
    en: 'Unknown column {column}; this file allows {expected}',
  },
  DUPLICATE_COLUMN: {
    zh: '列 {column} 出现多次',
    en: 'Column {column} appears more than once',
  },
  MISSING_COLUMN: {
    zh: '缺少必填列 {column}',
    en: 'Required column {column} is missing',
  },
  FIELD_COUNT: {
    zh: '本行有 {count} 个字段，标题行有 {expected} 个',
    en: 'This row has {count} fields; the header has {expected}',
  },
  TOO_MANY_ROWS: {
    zh: '文件超过 {limit} 行数据的上限，其余行未检查',
    en: 'The file exceeds the limit of {limit} data rows; the rest was not checked',
  },
  REQUIRED: {
    zh: '{column} 为必填项',
    en: '{column} is required',
  },
  USCC_LENGTH: {
    zh: '统一社会信用代码须为 18 位，此处为 {count} 位',
    en: 'A unified social credit code has 18 characters; this one has {count}',
  },
  USCC_CHARSET: {
    zh: '统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）',
    en: 'A unified social credit code has only digits and capital letters (no I, O, S, V, Z)',
  },
  USCC_DIVISION: {
    zh: '统一社会信用代码第 3–8 位须为 6 位数字的行政区划代码',
    en: 'Characters 3-8 of a unified social credit code must be a six-digit division code',
  },
  USCC_CHECK: {
    zh: '统一社会信用代码校验位错误：按 GB 32100 第 18 位应为 {expected}',
    en: 'Wrong check character in the unified social credit code: per GB 32100 the 18th character is {expected}',
  },
  PERIOD_INVALID: {
    zh: '{column} 须为 YYYYQn 格式的季度，如 2021Q4',
    en: '{column} must be a quarter written YYYYQn, e.g. 2021Q4',
  },
  DATE_INVALID: {
    zh: '{column} 须为有效日期 YYYY-MM-DD，如 2021-03-31',
    en: '{column} must be a valid date YYYY-MM-DD, e.g. 2021-03-31',
  },
  DIRECTION_INVALID: {
    zh: '{column} 须为 EXPORT（出口）或 IMPORT（进口）',
    en: '{column} must be EXPORT or IMPORT',
  },
  FLAG_INVALID: {
    zh: '{column} 须为 Y 或 N',
    en: '{column} must be Y or N',
  },
  CURRENCY_INVALID: {
    zh: '{column} 须为 USD 或 CNY（留空为 USD）',
    en: '{column} must be USD or CNY (empty means USD)',
  },
  AMOUNT_NEGATIVE: {
    zh: '{column} 不能为负数，也不能带负号',
    en: '{column} must not be negative or carry a minus sign',
  },
  AMOUNT_THOUSANDS_SEPARATOR: {
    zh: '{column} 不能含千位分隔符，应写作如 1234567.89',
    en: '{column} must not contain thousands separators; write e.g. 1234567.89',
  },
  AMOUNT_DECIMALS: {
    zh: '{column} 最多两位小数',
    en: '{column} has at most two decimals',
  },
  AMOUNT_TOO_LARGE: {
    zh: '{column} 超过上限（整数部分最多 {limit} 位）',
    en: '{column} is too large (at most {limit} digits before the decimal point)',
  },
  AMOUNT_INVALID: {
    zh: '{column} 须为普通十进制数，如 1234.5（不能用科学计数法、NaN 或 Infinity）',
    en: '{column} must be a plain decimal number such as 1234.5 (no exponent, NaN or Infinity)',
  },
  COUNT_INVALID: {
    zh: '{column} 须为非负整数',
    en: '{column} must be a whole number, 0 or more',
  },
  COUNT_TOO_LARGE: {
    zh: '{column} 超过上限 {limit}',
    en: '{column} exceeds the limit of {limit}',
  },
  TEXT_TOO_LONG: {
    zh: '{column} 最长 {limit} 个字符，此处为 {count} 个',
    en: '{column} has at most {limit} characters; this one has {count}',
  },
  CODE_UNKNOWN: {
    zh: '{column} 的代码 {value} 不在代码表“{listZh}”{forZh}中',
    en: 'Code {value} in {column} is not in the list "{listEn}"{forEn}',
  },
  PARTNER_MAINLAND: {
    zh: '服务贸易的伙伴国别（地区）不能是 CN（中国内地）；香港、澳门、台湾分别为 HK、MO、TW',
    en: 'The partner economy of services trade cannot be CN (the Chinese mainland); Hong Kong, Macao and Taiwan are HK, MO, TW',
  },
  TECHNOLOGY_PARTNER_MAINLAND: {
    zh: '技术进出口合同的外方国别（地区）不能是 CN（中国内地）；香港、澳门、台湾分别为 HK、MO、TW',
    en: 'The foreign party of a technology contract cannot be in CN (the Chinese mainland); Hong Kong, Macao and Taiwan are HK, MO, TW',
  },
  CONTRACT_AMOUNT_SUM: {
    zh: '合同金额 {value} 不等于技术费 {techFee} 与设备费 {equipmentFee} 之和 {expected}（须精确到分）',
    en: 'contract_amount {value} is not tech_fee {techFee} plus equipment_fee {equipmentFee}, {expected} (to the cent)',
  },
  OFFSHORE_MISMATCH: {
    zh: '发包方国别（地区）为 {partner}，offshore 应为 {expected}（中国内地以外含港澳台为 Y，中国内地 CN 为 N）',
    en: 'The client economy is {partner}, so offshore must be {expected} (Y outside the Chinese mainland, including HK, MO, TW; N for CN)',
  },
  DUPLICATE_CONTRACT: {
    zh: '企业 {uscc} 的合同编号 {value} 重复，首次出现在第 {first} 行',
    en: 'Contract number {value} of firm {uscc} is repeated; it first appears on line {first}',
  },
  DUPLICATE_ROW: {
    zh: '与第 {first} 行重复（{key}）',
    en: 'Repeats line {first} ({key})',
  },
  UNKNOWN_CONTRACT: {
    zh: '企业 {uscc} 没有合同编号 {value}：本数据包的 outsourcing_contracts.csv 和平台中均未找到',
    en: 'Firm {uscc} has no contract {value}: it is neither in outsourcing_contracts.csv of this bundle nor in the portal',
  },
  EXECUTION_BEFORE_SIGNING: {
    zh: '执行期 {value} 早于合同签订所在季度 {expected}',
    en: 'Execution period {value} is before the quarter the contract was signed in, {expected}',
  },
  UNKNOWN_ENTERPRISE: {
    zh: '企业 {value} 既不在 enterprises.csv 中，也未在平台登记（本文件共 {count} 行使用该代码）',
    en: 'Firm {value} is neither in enterprises.csv nor registered in the portal ({count} rows of this file use it)',
  },
  GRADUATES_EXCEED_NEW_HIRES: {
    zh: '新招聘中大学学历人数 {value} 多于新招聘人数 {expected}',
    en: 'New hires with university education ({value}) exceed new hires ({expected})',
  },
  TOO_MANY_ERRORS: {
    zh: '错误过多，仅列出前 {limit} 条',
    en: 'Too many errors; only the first {limit} are listed',
  },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ExchangeErrorCode = keyof typeof EXCHANGE_MESSAGES;

export interface ExchangeError {
  /** File name inside the bundle (or the upload's name); null for errors about the archive as a whole. */
  file: string | null;
  /** 1-based line in the file, header = line 1; null when the error is not about a line. */
  line: number | null;
  column: string | null;
  /** The offending cell or name, truncated to VALUE_MAX characters. */
  value: string | null;
  code: ExchangeErrorCode;
  message_zh: string;
  message_en: string;
}

export type ErrorParams = Record<string, string | number>;

const VALUE_MAX = 100;

function truncate(value: string): string {
  return value.length > VALUE_MAX ? `${value.slice(0, VALUE_MAX)}…` : value;
}

const FILE_ORDER = new Map<string, number>(BUNDLE_FILES.map((f, i) => [f, i]));

/**
 * Collects errors up to a cap. Once the cap is reached `full` turns true and the reader stops early:
 * a file with a wrong layout can produce an error per cell, and nobody reads past the first thousand.
 */
export class ErrorCollector {
  private readonly errors: ExchangeError[] = [];
  private truncated = false;

  constructor(private readonly max: number) {}

  get full(): boolean {
    return this.truncated;
  }

  get count(): number {
    return this.errors.length;
  }

  add(
    code: ExchangeErrorCode,
    where: { file?: string | null; line?: number | null; column?: string | null; value?: string | null },
    params: ErrorParams = {},
  ): void {
    if (this.errors.length >= this.max) {
      this.truncated = true;
      return;
    }
    const value = where.value ?? null;
    const all = { column: where.column ?? '', line: where.line ?? '', value: value ?? '', ...params };
    this.errors.push({
      file: where.file ?? null,
      line: where.line ?? null,
      column: where.column ?? null,
      value: value === null ? null : truncate(value),
      code,
      message_zh: formatMessage(EXCHANGE_MESSAGES[code].zh, all),
      message_en: formatMessage(EXCHANGE_MESSAGES[code].en, all),
    });
  }

  /** Errors ordered by file (spec order, archive-level first) and line, with the cap notice last. */
  result(): ExchangeError[] {
    const rank = (e: ExchangeError) => (e.file === null ? -1 : (FILE_ORDER.get(e.file) ?? BUNDLE_FILES.length));
    const sorted = [...this.errors].sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0));
    if (this.truncated) {
      const notice = { file: null, line: null, column: null, value: null, code: 'TOO_MANY_ERRORS' as const };
      const params = { limit: this.max };
      sorted.push({
        ...notice,
        message_zh: formatMessage(EXCHANGE_MESSAGES.TOO_MANY_ERRORS.zh, params),
        message_en: formatMessage(EXCHANGE_MESSAGES.TOO_MANY_ERRORS.en, params),
      });
    }
    return sorted;
  }
}
