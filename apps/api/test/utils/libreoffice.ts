import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Opens a workbook with LibreOffice headless, as a user's office suite would, and converts every sheet to CSV
 * (UTF-8, cells as shown): the sheets by name, each as rows of cell texts. Throws when LibreOffice cannot open it.
 */
export function libreOfficeSheets(workbook: Buffer): Map<string, string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'lo-open-'));
  try {
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, workbook);
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${dir}/profile`,
        '--headless',
        '--convert-to',
        // field separator ",", text delimiter '"', UTF-8 (76), from line 1, …, cells as shown, every sheet (-1)
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
        '--outdir',
        dir,
        file,
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
    const sheets = new Map<string, string[][]>();
    for (const f of readdirSync(dir).filter((n) => n.startsWith('book-') && n.endsWith('.csv'))) {
      const rows: string[][] = parse(readFileSync(join(dir, f), 'utf8'), { relax_column_count: true });
      sheets.set(f.slice('book-'.length, -'.csv'.length), rows);
    }
    if (!sheets.size) throw new Error('LibreOffice wrote no sheet');
    return sheets;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
