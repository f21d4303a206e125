import ExcelJS from 'exceljs';
import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { eventually } from '../factories/load';
import { startTestStack, type TestStack } from '../utils/app';
import { libreOfficeSheets } from '../utils/libreoffice';
import { startWorker, type Managed } from '../utils/processes';

/** Processes whose parent is `ppid` and whose command line names the detail-export entry. */
function exportChildren(ppid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        return (
          new RegExp(`^PPid:\\s+${ppid}$`, 'm').test(status) &&
          readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('detail-export.child')
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Running (not gone, not a zombie waiting to be reaped). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe('detail export: written by a child process of the worker', () => {
  let s: TestStack;
  let worker: Managed | undefined;

  beforeAll(async () => {
    s = await startTestStack();
    worker = await startWorker(s.config);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await s?.close();
  });

  it('stops the export process when the worker is killed, and the export completes after the restart', async () => {
    // The year with the most approved returns in the demo data, and its line items counted from the revisions.
    const [{ year }] = await s.ds.query(
      `SELECT substr(period_code, 1, 4) AS year FROM fact_return WHERE province_code = '610000'
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const [{ lines }] = await s.ds.query(
      `SELECT COALESCE(sum(jsonb_array_length(COALESCE(v.content->'servicesTrade', '[]'))
                        + jsonb_array_length(COALESCE(v.content->'contracts', '[]'))
                        + jsonb_array_length(COALESCE(v.content->'executions', '[]'))
                        + CASE WHEN jsonb_typeof(v.content->'workforce') = 'object' THEN 5 ELSE 0 END), 0)::int AS lines
         FROM fact_return f JOIN return_revision v ON v.return_id = f.return_id AND v.revision = f.revision
        WHERE f.period_code LIKE $1 AND f.province_code = '610000'`,
      [`${year}Q%`],
    );
    expect(lines).toBeGreaterThan(0);

    // Holding the revisions table makes the export process wait at its first batch, so it can be caught running.
    const holder = new Client({ connectionString: s.config.DATABASE_URL });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE return_revision IN ACCESS EXCLUSIVE MODE');
    let id: string;
    try {
      const created = await s.call('POST', '/api/exports', {
        as: 'province',
        body: { tableId: 'detail', period: year, territory: '610000' },
      });
      expect(created.status).toBe(202);
      id = created.body.id;
      const [child] = await eventually(
        'export process started',
        async () => {
          const c = exportChildren(worker!.proc.pid!);
          return c.length ? c : null;
        },
        30_000,
      );
      expect((await s.call('GET', `/api/exports/${id}`, { as: 'province' })).body.status).toBe('RUNNING');
      await worker!.stop('SIGKILL');
      await eventually('export process gone with the worker', async () => !alive(child), 10_000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }

    worker = await startWorker(s.config);
    const done = await eventually(
      'export finished after the restart',
      async () => {
        const job = (await s.call('GET', `/api/exports/${id}`, { as: 'province' })).body;
        return ['SUCCEEDED', 'FAILED'].includes(job.status) ? job : null;
      },
      120_000,
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null });
    const file = await fetch(`${s.baseUrl}/api/exports/${id}/file`, {
      headers: { authorization: `Bearer ${(await s.login('province')).accessToken}` },
    });
    expect(file.status).toBe(200);
    // A Chinese file name for browsers (filename*), an ASCII one for older clients.
    expect(file.headers.get('content-disposition')).toMatch(
      /^attachment; filename="detail_\d{4}(Q[1-4])?_\d+\.xlsx"; filename\*=UTF-8''%E5%B7%B2%E5%AE%A1%E6%A0%B8%E6%8A%A5%E8%A1%A8%E6%98%8E%E7%BB%86_/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('detail')!;
    expect(sheet.getRow(1).getCell(2).value).toBe('统一社会信用代码');
    expect(sheet.rowCount - 1).toBe(lines);
    expect(wb.getWorksheet('manifest')!.getColumn(2).values).toContain(done.snapshotHash);

    // Formatted for reading: a filter on the header, dates as dates, amounts with thousands separators.
    expect(sheet.autoFilter).toBe('A1:P1');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 3 });
    let contract: ExcelJS.Row | undefined;
    let staff: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(6).value === '接包合同') contract ??= row;
      if (row.getCell(6).value === '从业人员') staff ??= row;
    });
    expect(contract!.getCell(13).value).toBeInstanceOf(Date);
    expect(contract!.getCell(13).numFmt).toBe('yyyy-mm-dd');
    expect(contract!.getCell(14).numFmt).toBe('#,##0.00');
    expect(contract!.getCell(16).numFmt).toBe('#,##0.00');
    expect(staff!.getCell(14).numFmt).toBe('#,##0');
    expect(contract!.getCell(5).numFmt).toBe('0');
    // Every column has a width for its content: the firm's and the client's names wide enough to read.
    // (A width equal to Excel's default of 9 is not written, and reads back as undefined.)
    for (let c = 1; c <= 16; c++) expect(sheet.getColumn(c).width ?? 9).toBeGreaterThanOrEqual(6);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(18);
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(30);
    expect(sheet.getColumn(12).width).toBeGreaterThanOrEqual(25);
    const generated = wb.getWorksheet('manifest')!.getRow(2);
    expect(String(generated.getCell(2).value)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 北京时间$/);
    const utc = new Date(String(generated.getCell(3).value));
    const beijing = new Date(utc.getTime() + 8 * 3600_000).toISOString();
    expect(generated.getCell(2).value).toBe(`${beijing.slice(0, 10)} ${beijing.slice(11, 19)} 北京时间`);

    // LibreOffice opens it: both sheets, the dates as dates in the CSV, Chinese text intact.
    const opened = libreOfficeSheets(Buffer.from(await wb.xlsx.writeBuffer()));
    expect([...opened.keys()].sort()).toEqual(['detail', 'manifest']);
    const rows = opened.get('detail')!;
    expect(rows[0][1]).toBe('统一社会信用代码');
    expect(rows).toHaveLength(lines + 1);
    expect(rows.find((r) => r[5] === '接包合同')![12]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }, 400_000);
});
