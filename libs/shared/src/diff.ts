import type { ReturnContent } from './returns';

export const DIFF_SECTIONS = [
  'profile',
  'zeroReturn',
  'servicesTrade',
  'contracts',
  'executions',
  'workforce',
] as const;
export type DiffSection = (typeof DIFF_SECTIONS)[number];

/**
 * One changed cell between two revisions of a return. `path` points into the later revision (into the earlier
 * one for a removed line), in the notation of review comments (`servicesTrade[1].amount`, `contracts[0]`,
 * `workforce.bachelor`); `key` names the line by its natural key so a reader can tell lines apart.
 */
export interface CellDiff {
  path: string;
  section: DiffSection;
  key: string | null;
  before: unknown;
  after: unknown;
  kind: 'added' | 'removed' | 'changed';
}

type Line = object;
type LineSection = 'servicesTrade' | 'contracts' | 'executions';

/** Lines are matched by what identifies them for the firm, never by position: reordering is not a change. */
const LINE_KEYS: Record<LineSection, (line: Line) => string> = {
  servicesTrade: (l) => {
    const t = l as ReturnContent['servicesTrade'][number];
    return `${t.categoryCode}|${t.partnerCode}|${t.direction}`;
  },
  contracts: (l) => (l as ReturnContent['contracts'][number]).contractNo,
  executions: (l) => (l as ReturnContent['executions'][number]).contractNo,
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function fields(section: DiffSection, prefix: string, key: string | null, before: object, after: object): CellDiff[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return names
    .filter((f) => !same(b[f], a[f]))
    .map((f) => ({
      path: `${prefix}.${f}`,
      section,
      key,
      before: b[f] ?? null,
      after: a[f] ?? null,
      kind: 'changed' as const,
    }));
}

/** A section that is an object or null (profile, workforce): field by field, or whole when one side is null. */
function objectSection(section: 'profile' | 'workforce', before: object | null, after: object | null): CellDiff[] {
  if (before && after) return fields(section, section, null, before, after);
  if (!before && !after) return [];
  return [{ path: section, section, key: null, before, after, kind: before ? 'removed' : 'added' }];
}

function lineSection(section: LineSection, before: readonly Line[], after: readonly Line[]): CellDiff[] {
  const keyOf = LINE_KEYS[section];
  const earlier = new Map(before.map((line, i) => [keyOf(line), { line, i }]));
  const out: CellDiff[] = [];
  after.forEach((line, i) => {
    const key = keyOf(line);
    const old = earlier.get(key);
    earlier.delete(key);
    if (!old) out.push({ path: `${section}[${i}]`, section, key, before: null, after: line, kind: 'added' });
    else out.push(...fields(section, `${section}[${i}]`, key, old.line, line));
  });
  for (const [key, { line, i }] of earlier) {
    out.push({ path: `${section}[${i}]`, section, key, before: line, after: null, kind: 'removed' });
  }
  return out;
}

/** Cell-level differences from one revision's content to another's, section by section in form order. */
export function diffContent(before: ReturnContent, after: ReturnContent): CellDiff[] {
  return [
    ...objectSection('profile', before.profile, after.profile),
    ...(before.zeroReturn === after.zeroReturn
      ? []
      : [
          {
            path: 'zeroReturn',
            section: 'zeroReturn' as const,
            key: null,
            before: before.zeroReturn,
            after: after.zeroReturn,
            kind: 'changed' as const,
          },
        ]),
    ...lineSection('servicesTrade', before.servicesTrade, after.servicesTrade),
    ...lineSection('contracts', before.contracts, after.contracts),
    ...lineSection('executions', before.executions, after.executions),
    ...objectSection('workforce', before.workforce, after.workforce),
  ];
}

/** A cell path as review comments and diffs write it, split into steps: `contracts[0].amount` → contracts, 0, amount. */
export function parseCellPath(path: string): (string | number)[] | null {
  const m =
    /^(profile|workforce)\.(\w+)$/.exec(path) ??
    /^(servicesTrade|contracts|executions)\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (!m) return null;
  if (m[1] === 'profile' || m[1] === 'workforce') return [m[1], m[2]];
  return m[3] === undefined ? [m[1], Number(m[2])] : [m[1], Number(m[2]), m[3]];
}

/** The value at a cell path, or undefined when the content has no such cell. */
export function cellValue(content: ReturnContent, path: string): unknown {
  const steps = parseCellPath(path);
  if (!steps) return undefined;
  let at: unknown = content;
  for (const s of steps) {
    // Own properties only: `profile.__proto__` or `profile.constructor` are not cells.
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, s)) return undefined;
    at = (at as Record<string | number, unknown>)[s];
  }
  return at;
}

/** A copy of the content with the cell at `path` set to `value`; null when the content has no such cell. */
export function withCellValue(content: ReturnContent, path: string, value: unknown): ReturnContent | null {
  const steps = parseCellPath(path);
  if (!steps || cellValue(content, path) === undefined) return null;
  const copy = structuredClone(content) as unknown as Record<string | number, unknown>;
  let at = copy;
  for (const s of steps.slice(0, -1)) at = at[s] as Record<string | number, unknown>;
  at[steps[steps.length - 1]] = value;
  return copy as unknown as ReturnContent;
}
