import { writeBundle, type ExchangeData } from '@portal/exchange';
import { withUsccCheck } from '@portal/shared';
import ExcelJS from 'exceljs';
import { listQuery, startTestStack, type ApiResponse, type TestStack } from '../utils/app';
import { settledImport } from '../utils/imports';
import { startWorker, type Managed } from '../utils/processes';
import { libreOfficeSheets } from '../utils/libreoffice';
import { traversalZip, unzipEntry, zipOf } from '../utils/zip';
import { historicalFirm, historicalTradeData, XIANYANG_1, xianyangBundle } from '../factories/exchange';

const XIAN_1_NAME = '西安云图软件科技有限公司';

/** 咸阳智汇's 2026Q3 bundle; its client's name is a formula, which exports must write as text. */
const bundleData = (o: Partial<ExchangeData> = {}) => xianyangBundle({ clientName: '=HYPERLINK("http://x")', ...o });

describe('bulk exchange: import and export of CSV bundles', () => {
  let s: TestStack;
  let worker: Managed;

  const upload = async (
    as: string,
    name: string,
    data: Buffer,
    fields: Record<string, string> = {},
  ): Promise<ApiResponse> => {
    const { accessToken } = await s.login(as);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(`${s.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: JSON.parse(text), text };
  };

  /** Uploads and waits for the worker to finish the import. */
  const importAs = async (as: string, name: string, data: Buffer, fields: Record<string, string> = {}) => {
    const created = await upload(as, name, data, fields);
    expect(created.status).toBe(202);
    return settledImport(s, created.body.id, as);
  };

  const firmReturn = async (as: string, period: string) => {
    const list = await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: period } })}`, { as });
    if (!list.body.length) return null;
    return (await s.call('GET', `/api/returns/${list.body[0].id}`, { as })).body;
  };

  beforeAll(async () => {
    s = await startTestStack({ env: { UPLOAD_LIMIT_BYTES: String(1024 * 1024) } });
    worker = await startWorker(s.config);
  });
  afterAll(async () => {
    await worker.stop();
    await s.close();
  });

  it('imports a firm’s bundle into its draft, and importing it again changes nothing', async () => {
    const { zip } = await writeBundle(bundleData());
    const job = await importAs('firm-xianyang-1', 'bundle.zip', zip);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      errorCount: 0,
      counts: { servicesTrade: 2, contracts: 1, executions: 1, workforce: 1, returns: 1, returnsChanged: 1 },
    });
    const r = await firmReturn('firm-xianyang-1', '2026Q3');
    expect(r.status).toBe('DRAFT');
    expect(r.content.servicesTrade).toEqual([
      { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 120000.5, currency: 'USD' },
      { categoryCode: 'SJ', partnerCode: 'HK', direction: 'IMPORT', amount: 8800, currency: 'CNY' },
    ]);
    expect(r.content.contracts[0]).toMatchObject({
      contractNo: 'ZH-2026-07',
      clientName: '=HYPERLINK("http://x")',
      offshore: true,
    });
    expect(r.content.workforce).toMatchObject({ bachelor: 20, newHires: 2 });

    const again = await importAs('firm-xianyang-1', 'bundle.zip', zip);
    expect(again).toMatchObject({ status: 'SUCCEEDED', counts: { returns: 1, returnsChanged: 0 } });
    const after = await firmReturn('firm-xianyang-1', '2026Q3');
    expect(after.version).toBe(r.version);
    expect(after.content).toEqual(r.content);
  });

  it('exports the same returns so that re-importing the export changes nothing, with formulas neutralised', async () => {
    const before = await firmReturn('firm-xianyang-1', '2026Q3');
    const res = await fetch(
      `${s.baseUrl}/api/exchange/bundle?filter=${encodeURIComponent(JSON.stringify({ periodCode: '2026Q3' }))}`,
      {
        headers: { authorization: `Bearer ${(await s.login('firm-xianyang-1')).accessToken}` },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const exported = Buffer.from(await res.arrayBuffer());
    const job = await importAs('firm-xianyang-1', 'export.zip', exported);
    expect(job).toMatchObject({ status: 'SUCCEEDED', counts: { returnsChanged: 0 } });
    const after = await firmReturn('firm-xianyang-1', '2026Q3');
    expect(after.content).toEqual(before.content);
    expect(after.version).toBe(before.version);
    // The exported CSV starts the client name with an apostrophe, so a spreadsheet never runs it.
    const contractsCsv = await unzipEntry(exported, 'outsourcing_contracts.csv');
    expect(contractsCsv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('rejects a bundle with errors as a whole, listing file, line and column, and writes nothing', async () => {
    const bad = bundleData({
      servicesTrade: [
        {
          uscc: XIANYANG_1,
          period: '2026Q2',
          categoryCode: 'SI',
          partnerCode: 'CN',
          direction: 'EXPORT',
          amount: 100,
          currency: 'USD',
        },
        {
          uscc: XIANYANG_1,
          period: '2026Q2',
          categoryCode: 'SZ',
          partnerCode: 'US',
          direction: 'EXPORT',
          amount: 100,
          currency: 'USD',
        },
      ],
      contracts: [],
      executions: [{ uscc: XIANYANG_1, contractNo: 'NOPE-1', period: '2026Q2', amount: 5, currency: 'USD' }],
      workforce: [],
    });
    const { files } = await writeBundle(bad);
    const zip = await zipOf({
      'services_trade.csv': files['services_trade.csv'],
      'outsourcing_executions.csv': files['outsourcing_executions.csv'],
      'workforce.csv': 'uscc,period,junior_college,bachelor,master,doctor,other,shoe_size\n',
    });
    const job = await importAs('firm-xianyang-1', 'bad.zip', zip);
    expect(job.status).toBe('FAILED');
    const where = job.errors.map(
      (e: { file: string; line: number; column: string }) => `${e.file}:${e.line}:${e.column}`,
    );
    expect(where).toEqual(
      expect.arrayContaining([
        'services_trade.csv:2:partner_code',
        'services_trade.csv:3:category_code',
        'outsourcing_executions.csv:2:contract_no',
        'workforce.csv:1:shoe_size',
      ]),
    );
    for (const e of job.errors) {
      expect(e.message_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message_en).toMatch(/[a-z]/);
    }
    expect(await firmReturn('firm-xianyang-1', '2026Q2')).toBeNull();
  });

  it('refuses rows of another firm, and hides one firm’s import from another', async () => {
    const { zip } = await writeBundle(
      bundleData({
        servicesTrade: [
          {
            uscc: withUsccCheck('91610113MA6U00001'),
            period: '2026Q3',
            categoryCode: 'SI',
            partnerCode: 'US',
            direction: 'EXPORT',
            amount: 1,
            currency: 'USD',
          },
        ],
        contracts: [],
        executions: [],
        workforce: [],
      }),
    );
    const created = await upload('firm-xianyang-1', 'foreign.zip', zip);
    const job = await settledImport(s, created.body.id, 'firm-xianyang-1');
    expect(job.status).toBe('FAILED');
    expect(job.errors[0]).toMatchObject({
      file: 'services_trade.csv',
      line: 2,
      column: 'uscc',
      code: 'FOREIGN_ENTERPRISE',
    });
    expect((await s.call('GET', `/api/imports/${created.body.id}`, { as: 'firm-xian-1' })).status).toBe(404);
    const xian = await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: '2026Q3' } })}`, {
      as: 'firm-xian-1',
    });
    expect(xian.body.every((r: { enterpriseName: string }) => r.enterpriseName === XIAN_1_NAME)).toBe(true);
  });

  it('rejects hostile archives and oversized uploads', async () => {
    const traversal = await traversalZip();
    const t = await importAs('firm-xianyang-1', 'evil.zip', traversal);
    expect(t.status).toBe('FAILED');
    expect(t.errors[0].code).toBe('UNSAFE_PATH');
    const notZip = await importAs(
      'firm-xianyang-1',
      'fake.zip',
      Buffer.from('PK\u0003\u0004 this is not really a zip'),
    );
    expect(notZip.status).toBe('FAILED');
    const tooBig = await upload('firm-xianyang-1', 'big.zip', Buffer.alloc(2 * 1024 * 1024, 1));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('PAYLOAD_TOO_LARGE');
    const wrongType = await upload('firm-xianyang-1', 'notes.txt', Buffer.from('hello'));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe('UPLOAD_INVALID');
  });

  it('loads historical approved data for admins only, marked with its source and audited', async () => {
    const newFirm = withUsccCheck('91610102MA6U00099');
    const data = historicalTradeData(newFirm, [historicalFirm(newFirm, '西安历史数据测试有限公司')]);
    const { zip } = await writeBundle(data);
    const refused = await upload('firm-xianyang-1', 'history.zip', zip, { kind: 'HISTORICAL', sourceNote: 'x' });
    expect(refused.status).toBe(403);
    const job = await importAs('admin', 'history.zip', zip, { kind: 'HISTORICAL', sourceNote: '旧系统 2021 年导出' });
    expect(job).toMatchObject({ status: 'SUCCEEDED', counts: { returnsChanged: 1 } });
    const list = await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: '2021Q4', q: '历史数据' } })}`, {
      as: 'xian',
    });
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ status: 'APPROVED', approvedRevision: 1 });
    const detail = await s.call('GET', `/api/returns/${list.body[0].id}`, { as: 'xian' });
    expect(detail.body.revisions[0]).toMatchObject({
      source: 'HISTORICAL',
      sourceNote: '旧系统 2021 年导出',
      frozen: true,
    });
    const audit = await s.call('GET', `/api/audit${listQuery({ filter: { action: 'returns.import-historical' } })}`, {
      as: 'admin',
    });
    expect(audit.body[0]).toMatchObject({ actorUsername: 'admin', entityId: list.body[0].id });
    // Approved through the return lifecycle: the new return (a draft as it is written) has its transition row.
    const transitions = await s.call('GET', `/api/returns/${list.body[0].id}/transitions`, { as: 'xian' });
    expect(transitions.body).toEqual([
      expect.objectContaining({
        action: 'import-historical',
        fromStatus: 'DRAFT',
        toStatus: 'APPROVED',
        actorUsername: 'admin',
        revision: 1,
      }),
    ]);
    const again = await importAs('admin', 'history.zip', zip, { kind: 'HISTORICAL', sourceNote: '旧系统 2021 年导出' });
    expect(again.counts.returnsChanged).toBe(0);
  });

  it('round-trips the Excel template: download with drop-downs and instructions, fill offline, upload', async () => {
    const { accessToken } = await s.login('firm-xian-1');
    const list = await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: '2026Q3' } })}`, {
      as: 'firm-xian-1',
    });
    const returnId = list.body[0].id;
    const res = await fetch(`${s.baseUrl}/api/returns/${returnId}/template`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '填报说明',
      '代码表',
      'enterprises',
      'services_trade',
      'outsourcing_contracts',
      'outsourcing_executions',
      'workforce',
      '模板信息',
    ]);
    expect(String(wb.getWorksheet('填报说明')!.getCell('A1').value)).toContain('季度报表 Excel 填报模板');
    const trade = wb.getWorksheet('services_trade')!;
    // Row 1: the exchange format's names, hidden; row 2: the Chinese headers, locked; data from row 3, unlocked.
    expect(trade.getRow(1).values).toEqual([
      undefined,
      'uscc',
      'period',
      'category_code',
      'partner_code',
      'direction',
      'amount',
      'currency',
    ]);
    expect(trade.getRow(1).hidden).toBe(true);
    expect(trade.getRow(2).values).toEqual([
      undefined,
      '统一社会信用代码',
      '报告期（如 2026Q3）',
      '服务类别代码',
      '国别（地区）代码',
      '方向（EXPORT 出口 / IMPORT 进口）',
      '金额',
      '币种（USD/CNY，默认 USD）',
    ]);
    expect(trade.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const protection = (ws: ExcelJS.Worksheet) => (ws as unknown as { sheetProtection: unknown }).sheetProtection;
    expect(protection(trade)).toMatchObject({ sheet: true, insertRows: true });
    expect(protection(trade)).not.toHaveProperty('hashValue');
    // Locked is Excel's default: a header cell carries no protection of its own.
    expect(trade.getCell('C2').protection?.locked ?? true).toBe(true);
    expect(trade.getCell('C3').protection).toMatchObject({ locked: false });
    expect(trade.getColumn('F').style.protection).toMatchObject({ locked: false });
    const validations = (ws: ExcelJS.Worksheet) =>
      (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } })
        .dataValidations.model;
    expect(Object.values(validations(trade)).map((v) => v.formulae[0])).toContain(`'代码表'!$A$2:$A$12`);
    expect(Object.values(validations(trade)).find((v) => v.type === 'decimal')?.formulae).toEqual([
      0, 9999999999999.99,
    ]);
    expect(Object.values(validations(wb.getWorksheet('workforce')!)).map((v) => v.type)).toContain('whole');
    expect(Object.values(validations(wb.getWorksheet('outsourcing_contracts')!)).map((v) => v.type)).toContain('date');
    const codes = wb.getWorksheet('代码表')!;
    expect(protection(codes)).toMatchObject({ sheet: true });
    const codeColumn = (title: string) => {
      const col = (codes.getRow(1).values as unknown[]).indexOf(title);
      return [2, 3].map((r) => [codes.getCell(r, col).value, codes.getCell(r, col + 1).value]);
    };
    expect(codeColumn('方向代码')).toEqual([
      ['EXPORT', '出口'],
      ['IMPORT', '进口'],
    ]);
    expect(codeColumn('币种代码')).toEqual([
      ['USD', '美元'],
      ['CNY', '人民币'],
    ]);
    expect(codeColumn('是/否代码')).toEqual([
      ['Y', '是'],
      ['N', '否'],
    ]);
    const stamp = wb.getWorksheet('模板信息')!;
    expect(stamp.state).toBe('hidden');
    expect(stamp.getRow(1).values).toEqual([undefined, 'template_revision', '2026.2']);

    // LibreOffice opens it: every sheet, Chinese text intact.
    const opened = libreOfficeSheets(Buffer.from(await wb.xlsx.writeBuffer()));
    expect([...opened.keys()].sort()).toEqual(
      [
        '填报说明',
        '代码表',
        'enterprises',
        'services_trade',
        'outsourcing_contracts',
        'outsourcing_executions',
        'workforce',
        '模板信息',
      ].sort(),
    );
    expect(opened.get('services_trade')![1][2]).toBe('服务类别代码');
    const loCodes = opened.get('代码表')!;
    const direction = loCodes[0].indexOf('方向代码');
    expect(loCodes.slice(1, 3).map((r) => r.slice(direction, direction + 2))).toEqual([
      ['EXPORT', '出口'],
      ['IMPORT', '进口'],
    ]);

    const uscc =
      '91610113MA6U00001' + (await s.call('GET', '/api/enterprises', { as: 'firm-xian-1' })).body[0].uscc.slice(17);
    trade.spliceRows(3, trade.rowCount);
    trade.addRow([uscc, '2026Q3', 'SI', 'SG', 'EXPORT', 43210.25, 'USD']);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const ok = await importAs('firm-xian-1', 'filled.xlsx', filled);
    expect(ok).toMatchObject({ status: 'SUCCEEDED', format: 'XLSX' });
    const draft = (await s.call('GET', `/api/returns/${returnId}`, { as: 'firm-xian-1' })).body;
    expect(draft.content.servicesTrade).toEqual([
      { categoryCode: 'SI', partnerCode: 'SG', direction: 'EXPORT', amount: 43210.25, currency: 'USD' },
    ]);
    expect(draft.revisions.at(-1).source).toBe('XLSX');

    trade.addRow([uscc, '2026Q3', 'ZZ', 'SG', 'EXPORT', -5, 'USD']);
    const bad = await importAs('firm-xian-1', 'bad.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(bad.status).toBe('FAILED');
    expect(
      bad.errors.map((e: { file: string; line: number; column: string }) => `${e.file}:${e.line}:${e.column}`),
    ).toEqual(['services_trade:4:category_code', 'services_trade:4:amount']);
    const after = (await s.call('GET', `/api/returns/${returnId}`, { as: 'firm-xian-1' })).body;
    expect(after.content).toEqual(draft.content);

    // A template of an earlier layout (another revision, or none) is refused, saying what to do.
    trade.spliceRows(4, 1);
    stamp.getCell('B1').value = '2025.1';
    const old = await importAs('firm-xian-1', 'old.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(old).toMatchObject({ status: 'FAILED', errors: [expect.objectContaining({ code: 'TEMPLATE_OUTDATED' })] });
    expect(old.errors[0].message_zh).toBe(
      'Excel 文件 old.xlsx 的模板版本为 2025.1，当前模板版本为 2026.2，未导入；请在平台重新下载模板，把数据复制到新模板后再上传',
    );
    expect(old.errors[0].message_en).toContain('template revision 2025.1, the current one is 2026.2');
    wb.removeWorksheet(stamp.id);
    const unstamped = await importAs('firm-xian-1', 'unstamped.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(unstamped.errors[0].message_zh).toContain('模板版本为 （无版本标记）');
    expect((await s.call('GET', `/api/returns/${returnId}`, { as: 'firm-xian-1' })).body.content).toEqual(
      draft.content,
    );

    const fake = await importAs('firm-xian-1', 'fake.xlsx', Buffer.from('just text pretending to be a workbook'));
    expect(fake).toMatchObject({ status: 'FAILED', errors: [expect.objectContaining({ code: 'NOT_XLSX' })] });
  }, 300_000);

  it('accepts executions in later periods of a contract signed earlier in the same bundle', async () => {
    const firm = withUsccCheck('91610102MA6U00098');
    const data = bundleData({
      enterprises: [
        {
          uscc: firm,
          nameZh: '西安跨期合同测试有限公司',
          regionCode: '610102',
          zoneCode: null,
          natureCode: 'DOM-PRI',
          industryCode: 'I',
          keyEnterprise: false,
        },
      ],
      servicesTrade: [],
      contracts: [
        {
          uscc: firm,
          contractNo: 'MULTI-1',
          signedDate: '2021-02-10',
          clientName: 'Contoso Ltd.',
          clientPartnerCode: 'US',
          clientIndustryCode: 'I',
          businessCode: 'ITO-RD-01',
          offshore: true,
          amount: 900000,
          currency: 'USD',
        },
      ],
      executions: [
        { uscc: firm, contractNo: 'MULTI-1', period: '2021Q1', amount: 100000, currency: 'USD' },
        { uscc: firm, contractNo: 'MULTI-1', period: '2021Q2', amount: 200000, currency: 'USD' },
      ],
      workforce: [
        {
          uscc: firm,
          period: '2021Q1',
          juniorCollege: 1,
          bachelor: 2,
          master: 0,
          doctor: 0,
          other: 0,
          newHires: 0,
          newHiresGraduates: 0,
        },
        {
          uscc: firm,
          period: '2021Q2',
          juniorCollege: 1,
          bachelor: 2,
          master: 0,
          doctor: 0,
          other: 0,
          newHires: 0,
          newHiresGraduates: 0,
        },
      ],
    });
    const { zip } = await writeBundle(data);
    const job = await importAs('admin', 'multi.zip', zip, { kind: 'HISTORICAL', sourceNote: '跨期合同' });
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'SUCCEEDED', counts: { returns: 2, returnsChanged: 2 } });
  });
});
