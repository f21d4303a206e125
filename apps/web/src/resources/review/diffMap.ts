import type { CellDiff } from '@portal/shared';

/** How one cell of the current revision differs from the base revision of a diff. */
export interface CellChange {
  kind: 'added' | 'changed';
  before: unknown;
  after: unknown;
}

/** The diff of two revisions as a lookup for the read-only tables of the review screen. */
export interface DiffMap {
  /** Changed cells by path (`servicesTrade[1].amount`, `workforce.bachelor`). */
  cells: Map<string, CellDiff>;
  /** Lines that are new in the current revision, by row path (`contracts[2]`); every cell of them is new. */
  addedRows: Set<string>;
  /** Lines of the base revision that are gone; they have no cell in the current tables. */
  removedRows: CellDiff[];
  /** Sections with any change, to open or flag them. */
  sections: Set<string>;
  /** Object sections (profile, workforce) that appeared or disappeared as a whole. */
  wholeSections: Map<string, CellDiff>;
}

const ROW = /^(\w+)\[(\d+)\]$/;

export function diffMap(changes: readonly CellDiff[]): DiffMap {
  const map: DiffMap = {
    cells: new Map(),
    addedRows: new Set(),
    removedRows: [],
    sections: new Set(),
    wholeSections: new Map(),
  };
  for (const c of changes) {
    map.sections.add(c.section);
    if (c.kind === 'removed' && ROW.test(c.path)) map.removedRows.push(c);
    else if (c.kind === 'added' && ROW.test(c.path)) map.addedRows.add(c.path);
    else if (c.path === c.section) map.wholeSections.set(c.section, c);
    else map.cells.set(c.path, c);
  }
  return map;
}

/**
 * What the review screen highlights at a cell: a changed value (before → after), or a new value when the cell's
 * line or whole section is new. `rowPath` is the line (`contracts[0]`) for line sections, null for object ones.
 */
export function cellChange(map: DiffMap, path: string, rowPath: string | null, value: unknown): CellChange | null {
  const cell = map.cells.get(path);
  if (cell) return { kind: 'changed', before: cell.before, after: cell.after };
  const section = /^\w+/.exec(path)?.[0] ?? '';
  if ((rowPath && map.addedRows.has(rowPath)) || map.wholeSections.get(section)?.kind === 'added') {
    return { kind: 'added', before: null, after: value };
  }
  return null;
}

/** Number of changed cells per section (a new line counts once), for the section headers. */
export function changesBySection(changes: readonly CellDiff[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of changes) out[c.section] = (out[c.section] ?? 0) + 1;
  return out;
}
