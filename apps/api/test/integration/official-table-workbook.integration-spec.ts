import { parse as parseDisposition } from 'content-disposition';
import ExcelJS from 'exceljs';
import type { OfficialTableView } from '@portal/shared';
import { startTestStack, type TestStack } from '../utils/app';
import { libreOfficeSheets } from '../utils/libreoffice';
import { startWorker, type Managed } from '../utils/processes';
import { exportedWorkbook } from '../utils/exports';

/*
 * The official tables as Excel publications (golden/README.md "Anatomy of a published table"): the statistician
 * exports the demo data's busiest year and reads the workbooks back as a user's office suite would.
 */

/** Every table of the catalogue, in catalogue order, by the sheet name the report would give it. */
const SHEETS: [string, string][] = [
  ['so_t01', '表1 服务外包总体情况'],
  ['so_t02', '表2 服务外包出口方式情况（离岸）'],
  ['so_t04', '表4 服务外包目的地前五的国家（地区）'],
  ['so_bri', '承接“一带一路”共建国家服务外包情况'],
  ['so_rcep', '承接RCEP成员国服务外包情况'],
  ['so_city', '各市服务外包执行情况'],
  ['so_area', '各区县（园区）服务外包执行情况'],
  ['so_top_enterprises', '服务外包执行额前10位企业'],
  ['so_t08', '表8 服务外包从业人员情况'],
  ['so_nature', '服务外包离岸业务（按企业性质）'],
  ['app_t1', '表1 历年服务贸易进出口数据'],
  ['st_category', '服务贸易分类别情况'],
  ['st_partner', '服务贸易主要伙伴（前10位）'],
  ['st_city', '各市服务贸易情况'],
  ['qa_reporting', '附表 统计报表报送质量情况'],
  ['app_t2', '表2 历年技术贸易进出口数据'],
  ['tt_t12', '表12 技术出口情况（按方式）'],
  ['tt_t13', '表13 技术出口情况（按行业性质）'],
  ['tt_t14', '表14 技术出口情况（按国别地区）'],
  ['tt_t15', '表15 技术进口情况（按方式）'],
  ['tt_t16', '表16 技术进口情况（按行业性质）'],
  ['tt_t17', '表17 技术进口情况（按国别地区）'],
  ['tt_nature', '技术进出口情况（按企业性质）'],
];

describe('official tables as Excel publications', () => {
  let s: TestStack;
  let worker: Managed;
  let year: string;

  const exported = async (tableId: string) => {
    const { headers, file, wb } = await exportedWorkbook(s, 'province', { tableId, period: year });
    const header = headers.get('content-disposition')!;
    // filename* (RFC 8187) decoded; the plain filename is the ASCII fallback beside it.
    const fallback = /;\s*filename="?([^";]+)"?/.exec(header)?.[1];
    return { wb, file, header, fallback, disposition: parseDisposition(header) };
  };

  const view = async (id: string): Promise<OfficialTableView> => {
    const res = await s.call('GET', `/api/official-tables/${id}?period=${year}`, { as: 'province' });
    expect(res.status).toBe(200);
    return res.body as OfficialTableView;
  };

  /** The rectangles merged on a sheet, as A1 ranges. */
  const merges = (ws: ExcelJS.Worksheet): string[] => (ws.model as unknown as { merges: string[] }).merges;

  beforeAll(async () => {
    s = await startTestStack();
    worker = await startWorker(s.config);
    [{ year }] = await s.ds.query(
      `SELECT substr(period_code, 1, 4) AS year FROM fact_return WHERE province_code = '610000'
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  it('lays one table out as printed, with a Chinese file name and an ASCII fallback', async () => {
    const t = await view('so_t02');
    expect(t.rows.length).toBeGreaterThan(2);
    const { wb, file, header, fallback, disposition } = await exported('so_t02');
    expect(header).toMatch(/^attachment; filename=.*; filename\*=UTF-8''%E8%A1%A82%EF%BC%9A/);
    expect(fallback).toBe(`so_t02_${year}_610000.xlsx`);
    expect(disposition.parameters.filename).toBe(
      `表2：${Number(year) - 1}-${year}年陕西省服务外包出口方式情况（离岸）.xlsx`,
    );

    expect(wb.worksheets.map((w) => w.name)).toEqual(['表2 服务外包出口方式情况（离岸）', 'manifest']);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe(t.title);
    expect(ws.getCell('A2').value).toBe('单位：万美元');
    expect(ws.getCell('A2').alignment).toMatchObject({ horizontal: 'right' });
    // Two header rows: the group headings merged over 金额 | 同比 | 占…比重, the label column down both rows.
    expect(merges(ws)).toEqual(expect.arrayContaining(['A1:G1', 'A2:G2', 'A3:A4', 'B3:D3', 'E3:G3']));
    expect(ws.getCell('B3').value).toBe('接包合同签订');
    expect(ws.getCell('E3').value).toBe('接包合同执行');
    expect([ws.getCell('B4').value, ws.getCell('C4').value, ws.getCell('D4').value]).toEqual([
      '金额',
      '金额同比',
      '占全部签约金额比重',
    ]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 4 });

    // The body: a level-1 subtotal, its sub-categories indented beneath by name, 总计 last; numbers stay numbers.
    const body = t.rows.map((_, i) => ws.getRow(5 + i));
    const subtotal = body.findIndex((_, i) => t.rows[i].kind === 'subtotal');
    expect(String(body[subtotal].getCell(1).value)).toMatch(/业务小类$/);
    expect(body[subtotal].getCell(1).font).toMatchObject({ bold: true });
    expect(t.rows[subtotal + 1].kind).toBe('item');
    expect(body[subtotal + 1].getCell(1).value).toBe(t.rows[subtotal + 1].label);
    expect(body[subtotal + 1].getCell(1).alignment).toMatchObject({ indent: 1 });
    expect(body.at(-1)!.getCell(1).value).toBe('总计');
    const total = body.at(-1)!;
    expect(typeof total.getCell(2).value).toBe('number');
    expect(total.getCell(2).numFmt).toBe('#,##0.0');
    expect(total.getCell(4).value).toBe(1);
    expect(total.getCell(4).numFmt).toBe('0.0%');
    // Growth without a base is the layout's dash, any other growth a number shown as 0.0%.
    for (const row of body) {
      for (const c of [3, 6]) {
        const cell = row.getCell(c);
        if (typeof cell.value === 'number') expect(cell.numFmt).toBe('0.0%');
        else expect(cell.value).toBe('-');
      }
    }
    // The source line right under the table.
    expect(ws.getCell(5 + t.rows.length + t.notes.length, 1).value).toBe('数据来源：陕西省商务厅。');
    // Wide enough for the longest name in the label column (Chinese characters take two columns).
    const columns = (text: string) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) >= 0x2e80 ? 2 : 1), 0);
    const longest = Math.max(...t.rows.map((r) => columns(r.label) + 2 * r.level));
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(longest);

    // LibreOffice opens it and shows the cells as formatted: separators, one decimal, a % sign.
    const opened = libreOfficeSheets(file);
    expect([...opened.keys()].sort()).toEqual(['manifest', '表2 服务外包出口方式情况（离岸）'].sort());
    const shown = opened.get('表2 服务外包出口方式情况（离岸）')!;
    expect(shown[0][0]).toBe(t.title);
    const shownTotal = shown[4 + t.rows.length - 1];
    expect(shownTotal[0]).toBe('总计');
    const amount = total.getCell(2).value as number;
    expect(shownTotal[1]).toBe(amount.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
    expect(shownTotal[3]).toBe('100.0%');
  });

  it('prints the district and zone table with its 合同金额 and 执行金额 halves', async () => {
    const t = await view('so_area');
    const { wb } = await exported('so_area');
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('各区县（园区）服务外包执行情况');
    expect(merges(ws)).toEqual(expect.arrayContaining(['A3:A4', 'B3:E3', 'F3:I3']));
    expect([ws.getCell('B3').value, ws.getCell('F3').value]).toEqual(['合同金额', '执行金额']);
    const halves = ['直接离岸', '间接离岸', '合计', '占比'];
    expect(['B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'].map((c) => ws.getCell(`${c}4`).value)).toEqual([
      ...halves,
      ...halves,
    ]);
    // 合计 first; in each half direct + indirect = total (to the printed decimal) and the shares of the total row are 100 %.
    expect(ws.getCell('A5').value).toBe('合计');
    expect(t.rows.length).toBeGreaterThan(1);
    t.rows.forEach((_, i) => {
      const row = ws.getRow(5 + i);
      for (const first of [2, 6]) {
        const [direct, indirect, sum] = [0, 1, 2].map((k) => row.getCell(first + k).value as number);
        expect(Math.abs(direct + indirect - sum)).toBeLessThanOrEqual(0.1 + 1e-9);
        expect(row.getCell(first).numFmt).toBe('#,##0.0');
        expect(row.getCell(first + 3).numFmt).toBe('0.0%');
      }
    });
    expect([ws.getCell('E5').value, ws.getCell('I5').value]).toEqual([1, 1]);
  });

  it('exports the whole catalogue as one workbook, a sheet per table named as the report names it', async () => {
    const { wb, file, fallback, disposition } = await exported('all');
    expect(fallback).toBe(`official-tables_${year}_610000.xlsx`);
    expect(disposition.parameters.filename).toBe(`${year}年陕西省服务贸易和服务外包统计汇总表.xlsx`);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...SHEETS.map(([, name]) => name), 'manifest']);
    // The manifest says which table is on which sheet.
    const manifest = wb.getWorksheet('manifest')!;
    const listed = new Map<string, string>();
    manifest.eachRow((row) => {
      const sheet = row.getCell(4).value;
      if (typeof sheet === 'string' && SHEETS.some(([id]) => id === row.getCell(1).value))
        listed.set(String(row.getCell(1).value), sheet);
    });
    expect([...listed]).toEqual(SHEETS);

    // Ranked tables keep the name column in view (rank, then name); amounts there are whole numbers with separators.
    const so4 = wb.getWorksheet('表4 服务外包目的地前五的国家（地区）')!;
    expect(so4.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 4 });
    expect(so4.getCell('B5').value).toBe('全球');
    expect(so4.getCell('F5').numFmt).toBe('#,##0');
    // A table with one header row: nothing merged in the header, the header frozen under it.
    const so8 = wb.getWorksheet('表8 服务外包从业人员情况')!;
    expect(so8.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 3 });
    expect(so8.getCell('A3').value).toBe('学历情况');
    expect(merges(so8).filter((m) => /^[A-Z]+3:/.test(m))).toEqual([]);
    // Every sheet ends with its source line, every number cell has a format.
    for (const [id, name] of SHEETS) {
      const ws = wb.getWorksheet(name)!;
      expect([id, String(ws.getCell(ws.rowCount, 1).value)]).toEqual([id, expect.stringMatching(/^数据来源：/)]);
      ws.eachRow((row, r) => {
        if (r < 3) return;
        row.eachCell((cell) => {
          if (typeof cell.value === 'number') expect([id, r, cell.numFmt]).toEqual([id, r, expect.any(String)]);
        });
      });
    }

    // LibreOffice opens every sheet of it.
    const opened = libreOfficeSheets(file);
    expect([...opened.keys()].sort()).toEqual([...SHEETS.map(([, name]) => name), 'manifest'].sort());
    expect(opened.get('表1 服务外包总体情况')![0][0]).toBe(`表1：${year}年陕西省服务外包总体情况`);
  }, 300_000);
});
