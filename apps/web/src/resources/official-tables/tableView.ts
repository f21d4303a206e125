import type { CodeItem, Coverage, HeaderCell, OfficialTableView, TableCell, TableRow } from '@portal/shared';
import { codeName } from '../returns/CodePicker';

/**
 * The header block as table rows: each row's cells in column order, spans clipped to the block, a cell that would
 * overlap one placed before it dropped, and any position no cell covers filled with an empty cell, so the rendered
 * `<thead>` is always a rectangle of `rows` × `columns` whatever the API sends.
 */
export function headerGrid(cells: readonly HeaderCell[], rows: number, columns: number): HeaderCell[][] {
  const covered = Array.from({ length: rows }, () => new Array<boolean>(columns).fill(false));
  const out: HeaderCell[][] = Array.from({ length: rows }, () => []);
  const ordered = [...cells].sort((a, b) => a.row - b.row || a.col - b.col);
  for (const c of ordered) {
    if (c.row < 0 || c.row >= rows || c.col < 0 || c.col >= columns) continue;
    const rowSpan = Math.max(1, Math.min(c.rowSpan, rows - c.row));
    const colSpan = Math.max(1, Math.min(c.colSpan, columns - c.col));
    let free = true;
    for (let r = c.row; r < c.row + rowSpan && free; r++)
      for (let k = c.col; k < c.col + colSpan; k++) if (covered[r][k]) free = false;
    if (!free) continue;
    for (let r = c.row; r < c.row + rowSpan; r++) for (let k = c.col; k < c.col + colSpan; k++) covered[r][k] = true;
    out[c.row].push({ ...c, rowSpan, colSpan });
  }
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < columns; k++)
      if (!covered[r][k]) {
        covered[r][k] = true;
        out[r].push({ text: '', row: r, col: k, rowSpan: 1, colSpan: 1 });
      }
  for (const row of out) row.sort((a, b) => a.col - b.col);
  return out;
}

/** Text columns are left-aligned as printed; numbers, growth and shares right-aligned. */
export const isTextCell = (cell: Pick<TableCell, 'format'>) => cell.format === 'text';

/** The number in a cell, or null (no value, or text such as `—`). */
export function cellNumber(cell: TableCell | undefined): number | null {
  return cell && typeof cell.value === 'number' && Number.isFinite(cell.value) ? cell.value : null;
}

/** One cell of a table by row key and column key. */
export function cellOf(view: OfficialTableView, rowKey: string, columnKey: string): TableCell | undefined {
  const col = view.columns.findIndex((c) => c.key === columnKey);
  const row = view.rows.find((r) => r.key === rowKey);
  return col < 0 || !row ? undefined : row.cells[col];
}

/** A column's numbers of the given rows, labelled (for charts). */
export function columnSeries(
  view: OfficialTableView,
  columnKey: string,
  rows: (row: TableRow) => boolean,
): { key: string; label: string; value: number }[] {
  const col = view.columns.findIndex((c) => c.key === columnKey);
  if (col < 0) return [];
  return view.rows.filter(rows).map((r) => ({ key: r.key, label: r.label, value: cellNumber(r.cells[col]) ?? 0 }));
}

/** How a row's coverage reads: all approved, some waiting for review, or nothing behind it yet. */
export function coverageState(coverage: Coverage): 'complete' | 'partial' | 'empty' {
  if (coverage.pendingReturns > 0) return 'partial';
  return coverage.approvedReturns > 0 ? 'complete' : 'empty';
}

/** A share as a percentage with one decimal (0.875 → `87.5%`). */
export const percent = (share: number) => `${(Math.round(share * 1000) / 10).toFixed(1)}%`;

/**
 * A row's label for a chart in the language on screen. Published tables are Chinese: in Chinese the row's own label
 * (as printed); otherwise the English name of the code the row stands for (its key), where the code list has one.
 */
export function rowLabelIn(
  row: Pick<TableRow, 'key' | 'label'>,
  items: readonly Pick<CodeItem, 'code' | 'nameZh' | 'nameEn'>[],
  locale: string,
): string {
  if (locale.startsWith('zh')) return row.label;
  const item = items.find((i) => i.code === row.key);
  return item?.nameEn ? codeName(item, locale) : row.label;
}
