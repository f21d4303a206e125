import ExcelJS from 'exceljs';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { ReturnContent } from '@portal/shared';
import { detailLines } from '../apps/api/src/modules/exports/detail-export';

/*
 * Baseline of the detail export: a bare exceljs WorkbookWriter loop writing the same cells (same 16 columns,
 * one row per line item of every approved return in scope, from the export's own `detailLines`), reading the revisions with one cursor-less keyset
 * loop and nothing else — no progress reports, no snapshot hash, no manifest, no storing of the file. Prints
 * {"seconds": …, "peakRssMb": …}.
 */
async function main() {
  const [url, period, territory] = process.argv.slice(2);
  const quarters = /Q/.test(period) ? [period] : [1, 2, 3, 4].map((q) => `${period}Q${q}`);
  const c = new Client({ connectionString: url });
  await c.connect();
  const file = join(tmpdir(), `portal-bench-baseline-${process.pid}.xlsx`);
  const t = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('detail');
  ws.columns = Array.from({ length: 16 }, (_, i) => ({ header: `c${i}`, width: 10 }));
  const scope =
    territory === '000000'
      ? `f.period_code = ANY($1) AND $2::varchar IS NOT NULL`
      : `f.period_code = ANY($1) AND (f.province_code = $2 OR f.city_code = $2 OR f.area_code = $2)`;
  let last = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await c.query(
      `SELECT f.return_id, f.period_code, e.uscc, f.name_zh, f.area_code, f.revision, f.cny_per_usd, v.content
         FROM fact_return f JOIN enterprise e ON e.id = f.enterprise_id
         JOIN return_revision v ON v.return_id = f.return_id AND v.revision = f.revision
        WHERE ${scope} AND f.return_id > $3 ORDER BY f.return_id LIMIT 200`,
      [quarters, territory, last],
    );
    if (!rows.length) break;
    for (const r of rows as {
      return_id: string;
      period_code: string;
      uscc: string;
      name_zh: string;
      area_code: string;
      revision: number;
      cny_per_usd: string;
      content: ReturnContent;
    }[]) {
      const base: (string | number | Date | null)[] = [r.period_code, r.uscc, r.name_zh, r.area_code, r.revision];
      for (const cells of detailLines(r.content, Number(r.cny_per_usd))) ws.addRow(base.concat(cells)).commit();
    }
    last = rows[rows.length - 1].return_id;
  }
  ws.commit();
  await wb.commit();
  const seconds = (performance.now() - t) / 1000;
  await c.end();
  rmSync(file, { force: true });
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({ seconds: Number(seconds.toFixed(1)), peakRssMb: Number(peakRssMb.toFixed(1)) }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
