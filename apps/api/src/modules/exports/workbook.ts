import ExcelJS from 'exceljs';
import type { CellFormat, Coverage, OfficialTableView } from '@portal/shared';

/*
 * Excel layout of an official table, as printed (golden/README.md "Anatomy of a published table"): a sheet named
 * by the table's number and short title, title, unit line (right-aligned), header rows with merged group
 * headings, body, notes and the source line; number formats per the layout, frozen header and name column, A4
 * landscape fitted to the page width. Text is always written as a string value (exceljs never turns a string into
 * a formula), so a name starting with "=" stays text.
 */

export type SheetWriter = ExcelJS.stream.xlsx.WorkbookWriter;

/** Excel number formats: amounts and counts with thousands separators, growth and shares as 0.0%. */
export const NUM_FMT: Record<CellFormat, string | undefined> = {
  text: undefined,
  int: '#,##0',
  amount0: '#,##0',
  amount1: '#,##0.0',
  amount2: '#,##0.00',
  trunc0: '#,##0',
  pct1: '0.0%',
  pctnum1: '0.0',
  pp1: '0.0',
};

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
/** Points per line of 11-point text, for rows whose text wraps (Excel does not size those rows when it opens a file). */
const LINE_HEIGHT = 15;
const MAX_WIDTH = 60;

/** First body row of a table sheet (1-based): title, unit line, then the header rows. */
export const bodyStartRow = (view: Pick<OfficialTableView, 'headerRows'>) => 3 + view.headerRows;

/**
 * Names of the sheets of one workbook, in order, as Excel accepts them: none of : \ / ? * [ ], no apostrophe at
 * either end, not blank, not the reserved "History", at most 31 characters, and all different ignoring case (a
 * repeated name gets " (2)", " (3)" … within the 31). `taken` names sheets added besides (manifest).
 */
export function sheetNames(wanted: string[], taken: string[] = []): string[] {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  return wanted.map((w) => {
    let base = w
      .replace(/[:\\/?*[\]]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '');
    if (!base || base.toLowerCase() === 'history') base = `Sheet ${used.size + 1}`;
    let name = base.slice(0, 31).trim();
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${base.slice(0, 31 - suffix.length).trim()}${suffix}`;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/** Columns a text takes in a spreadsheet: CJK and full-width characters count two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

/** How a numeric cell reads with its number format (for column widths): thousands separators, a % sign. */
function shownWidth(value: number, format: CellFormat): number {
  const pct = format === 'pct1';
  const decimals = format === 'amount2' ? 2 : /1$/.test(format) ? 1 : 0;
  const text = (pct ? value * 100 : value).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return text.length + (pct ? 1 : 0);
}

/**
 * Writes one official table as it is printed: the title line, the unit line right-aligned, the header rows with
 * their group headings merged across their columns, the body (display names in the label column, indented by
 * their level in the tree, totals and subtotals bold; numbers stay numeric cells with the layout's number format,
 * a growth or share without base prints the layout's dash), then the notes and the source line. Columns are sized
 * to what they show; the header and the name column stay in view when scrolling.
 */
export function writeTableSheet(wb: SheetWriter, view: OfficialTableView, name: string): void {
  const n = view.columns.length;
  const headerTop = 3;
  const labelCol = Math.max(
    0,
    view.columns.findIndex((c) => c.key === 'label'),
  );
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: labelCol + 1, ySplit: headerTop + view.headerRows - 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${headerTop}:${headerTop + view.headerRows - 1}`,
    },
  });
  const widths = columnWidths(view, labelCol);
  ws.columns = view.columns.map((c, i) => ({ key: c.key, width: widths[i] }));
  const tableWidth = sum(widths);

  const title = ws.addRow([view.title]);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  title.height = lines(displayWidth(view.title) * 1.3, tableWidth) * 20;
  ws.mergeCells(1, 1, 1, n);
  title.commit();
  const unit = ws.addRow([view.unitLine]);
  unit.alignment = { horizontal: 'right' };
  ws.mergeCells(2, 1, 2, n);
  unit.commit();

  // The streaming writer merges only rows not yet committed: add the header block, merge, then commit it.
  const headerRows: ExcelJS.Row[] = [];
  for (let r = 0; r < view.headerRows; r++) {
    const values: string[] = new Array(n).fill('');
    for (const h of view.header) if (h.row === r) values[h.col] = h.text;
    const row = ws.addRow(values);
    row.font = { bold: true };
    for (let c = 1; c <= n; c++) {
      const cell = row.getCell(c);
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
    }
    const spanned = view.header.filter((h) => h.row === r && h.rowSpan === 1);
    const needed = Math.max(
      1,
      ...spanned.map((h) => lines(displayWidth(h.text), sum(widths.slice(h.col, h.col + h.colSpan)))),
    );
    row.height = needed * LINE_HEIGHT + 4;
    headerRows.push(row);
  }
  for (const h of view.header) {
    if (h.rowSpan > 1 || h.colSpan > 1) {
      ws.mergeCells(headerTop + h.row, h.col + 1, headerTop + h.row + h.rowSpan - 1, h.col + h.colSpan);
    }
  }
  for (const row of headerRows) row.commit();

  for (const tr of view.rows) {
    const row = ws.addRow(
      tr.cells.map((c) => (c.format === 'text' ? String(c.value ?? '') : (c.value ?? (c.text === '' ? null : c.text)))),
    );
    tr.cells.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = BORDER;
      if (c.value === null) cell.alignment = { horizontal: 'center' };
      else if (i === labelCol) cell.alignment = { horizontal: 'left', indent: tr.level };
      else if (c.format === 'text') cell.alignment = { horizontal: 'left' };
      const fmt = NUM_FMT[c.format];
      if (fmt && typeof c.value === 'number') cell.numFmt = fmt;
    });
    if (tr.kind !== 'item') row.font = { bold: true };
    row.commit();
  }
  for (const line of [...view.notes, view.sourceLine]) {
    const row = ws.addRow([line]);
    row.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    row.height = lines(displayWidth(line), tableWidth) * LINE_HEIGHT;
    ws.mergeCells(row.number, 1, row.number, n);
    row.commit();
  }
  ws.commit();
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const lines = (textWidth: number, width: number) => Math.max(1, Math.ceil(textWidth / Math.max(1, width - 1)));

/**
 * Each column as wide as the layout asks and at least as wide as its widest body cell (the label column with its
 * indent) and four Chinese characters of its one-column heading; longer headings wrap.
 */
function columnWidths(view: OfficialTableView, labelCol: number): number[] {
  return view.columns.map((col, i) => {
    let w = col.width;
    for (const tr of view.rows) {
      const c = tr.cells[i];
      if (!c) continue;
      const shown =
        typeof c.value === 'number' ? shownWidth(c.value, c.format) : displayWidth(String(c.value ?? c.text));
      w = Math.max(w, shown + (i === labelCol ? tr.level * 2 : 0) + 2);
    }
    for (const h of view.header) {
      if (h.col === i && h.colSpan === 1) w = Math.max(w, Math.min(displayWidth(h.text), 8) + 2);
    }
    return Math.min(MAX_WIDTH, w);
  });
}

/** A time as Beijing time (UTC+8, no daylight saving), as staff read it: 2026-10-09 14:05:00 北京时间. */
export function beijingTime(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)} 北京时间`;
}

export interface Manifest {
  generatedAt: Date;
  generatedBy: string;
  parameters: Record<string, string>;
  snapshotHash: string;
  ruleCatalogueVersion: string;
  coverage: Coverage | null;
  /** Each table with the sheet it is on. */
  tables: { id: string; sheet: string; title: string; snapshotHash: string }[];
}

/** The manifest's sheet name (table sheets are named after their tables and never take it). */
export const MANIFEST_SHEET = 'manifest';

/** The manifest sheet: what the workbook was built from, so two exports can be told apart or matched. */
export function writeManifestSheet(wb: SheetWriter, m: Manifest): void {
  const ws = wb.addWorksheet(MANIFEST_SHEET);
  ws.columns = [{ width: 26 }, { width: 70 }, { width: 68 }, { width: 68 }];
  const add = (values: (string | number)[], bold = false) => {
    const row = ws.addRow(values);
    if (bold) row.font = { bold: true };
    row.commit();
  };
  add(['导出清单 Manifest'], true);
  add(['生成时间 generated at', beijingTime(m.generatedAt), m.generatedAt.toISOString()]);
  add(['生成人 generated by', m.generatedBy]);
  for (const [k, v] of Object.entries(m.parameters)) add([`参数 ${k}`, v]);
  add(['数据快照 snapshot (SHA-256)', m.snapshotHash]);
  add(['审核规则目录版本 rule catalogue', m.ruleCatalogueVersion]);
  if (m.coverage) {
    add(['已审核通过报表 approved returns', m.coverage.approvedReturns]);
    add(['待审核报表 pending returns', m.coverage.pendingReturns]);
    add(['审核覆盖率 approved share', `${(m.coverage.approvedShare * 100).toFixed(1)}%`]);
  }
  add([]);
  add(['表 table', '标题 title', '数据快照 snapshot', '工作表 sheet'], true);
  for (const t of m.tables) add([t.id, t.title, t.snapshotHash, t.sheet]);
  ws.commit();
}
