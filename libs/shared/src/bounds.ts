/**
 * Limits on the values the portal accepts, in one place: the API's checks of a return's content and of request
 * parameters, the exchange bundle reader and the Excel template reader all use these, so that whatever one edge
 * accepts the others accept too (a draft saved in the browser can be exported and imported again) and every value
 * fits its database column.
 */

/** Amounts are below 10^13 (13 digits before the decimal point): cents survive a double, sums fit numeric(20,2). */
export const AMOUNT_MAX_DIGITS = 13;
export const AMOUNT_LIMIT = 10 ** AMOUNT_MAX_DIGITS;
export const AMOUNT_DECIMALS = 2;

/**
 * Headcounts and other counts of one firm: nine digits, far above any firm, inside PostgreSQL's int4 (the fact
 * columns); the sums over firms are bigint.
 */
export const COUNT_MAX = 999_999_999;

/** PostgreSQL int4: serial ids, revision numbers, versions, sort orders. */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;
/** PostgreSQL int8 as far as a JavaScript number is exact (bigserial ids such as audit entries). */
export const BIGINT_ID_MAX = Number.MAX_SAFE_INTEGER;

/** Any free text of a record: the bundle reader's record limit, so every stored text can be exported and read back. */
export const TEXT_MAX = 65_536;

/** Tighter limits of named text fields (characters). */
export const TEXT_LIMITS = {
  /** A firm's registered name (企业名称). */
  name: 200,
  /** The client (发包方) of an outsourcing contract. */
  clientName: 200,
  /** A contract number (outsourcing and technology): the `contract.contract_no` column is varchar(64). */
  contractNo: 64,
  /** The foreign party of a technology contract. */
  foreignParty: 200,
  /** The registration certificate number of a technology contract. */
  registrationNo: 100,
  /** A value of a list filter (a search text, a code, a status). */
  filterText: 200,
} as const;

/** Years of reporting periods: four digits, and a range in which a typo (0000, 9999) is refused, not computed. */
export const PERIOD_YEAR_MIN = 2000;
export const PERIOD_YEAR_MAX = 2099;

/** Nesting of a JSON request body (objects and arrays); a return's content is four levels deep. */
export const JSON_MAX_DEPTH = 32;

/** Elements of a list filter (react-admin's getMany sends the ids of a page of references). */
export const FILTER_LIST_MAX = 1000;

/** An amount: a finite number ≥ 0 below AMOUNT_LIMIT with at most two decimals. */
export function isAmount(v: unknown): v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= AMOUNT_LIMIT) return false;
  // At most two decimals: the amount is the double nearest to a whole number of cents. (Comparing v * 100 with
  // a fixed tolerance refused valid large amounts: 294803811.59 * 100 is 29480381158.999996.)
  return Math.round(v * 100) / 100 === v;
}

/** A count: an integer from 0 to COUNT_MAX. */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= COUNT_MAX;
}

/** Length in code points: a CJK name counts one per character whatever its UTF-16 length. */
export function textLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export type TextProblem = 'NUL' | 'LONE_SURROGATE';

const NUL_OR_LONE_SURROGATE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NUL_OR_LONE_SURROGATE_ALL = new RegExp(NUL_OR_LONE_SURROGATE.source, 'g');
/** Any NUL or surrogate at all: the quick test before the exact one (most text has neither). */
const NUL_OR_SURROGATE = /[\0\ud800-\udfff]/;

type MaybeWellFormed = string & { isWellFormed?: () => boolean };
const hasIsWellFormed = typeof (''.valueOf() as MaybeWellFormed).isWellFormed === 'function';

/** True when the string has neither NUL nor a lone surrogate (String#isWellFormed where the engine has it). */
function clean(s: string): boolean {
  if (hasIsWellFormed) return (s as MaybeWellFormed).isWellFormed!() && !s.includes('\0');
  return !NUL_OR_SURROGATE.test(s) || !NUL_OR_LONE_SURROGATE.test(s);
}

/**
 * What makes a string unstorable: a NUL character (PostgreSQL text cannot hold it) or a lone UTF-16 surrogate (it
 * has no UTF-8 form: the database driver would store U+FFFD instead, silently). Null when the string is fine.
 */
export function textProblem(s: string): TextProblem | null {
  if (clean(s)) return null;
  const m = NUL_OR_LONE_SURROGATE.exec(s)!;
  return m[0] === '\0' ? 'NUL' : 'LONE_SURROGATE';
}

/** The string as the database stores it: NUL and lone surrogates become U+FFFD (what the driver would write). */
export function storableText(s: string): string {
  return clean(s) ? s : s.replace(NUL_OR_LONE_SURROGATE_ALL, '\uFFFD');
}

export const TEXT_PROBLEM_LABELS: Record<TextProblem, { zh: string; en: string }> = {
  NUL: { zh: '空字符（U+0000）', en: 'a NUL character (U+0000)' },
  LONE_SURROGATE: { zh: '不成对的 UTF-16 代理项（无效的 Unicode）', en: 'a lone UTF-16 surrogate (invalid Unicode)' },
};

/** Own properties only: a key such as `constructor` or `__proto__` finds nothing instead of Object.prototype's. */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
