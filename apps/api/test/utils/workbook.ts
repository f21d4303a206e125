import type ExcelJS from 'exceljs';

/**
 * The sheet an official table is on in an exported workbook, found as a reader would: the manifest lists each
 * table's id (column A) with its sheet (column D), and sheets are named as the report names the table.
 */
export function tableSheet(wb: ExcelJS.Workbook, tableId: string): ExcelJS.Worksheet {
  let name: string | undefined;
  wb.getWorksheet('manifest')!.eachRow((row) => {
    if (row.getCell(1).value === tableId) name = String(row.getCell(4).value);
  });
  const ws = name === undefined ? undefined : wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet of ${tableId} in the manifest`);
  return ws;
}
