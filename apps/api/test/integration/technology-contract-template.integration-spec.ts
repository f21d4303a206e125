import ExcelJS from 'exceljs';
import { startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { settledImport } from '../utils/imports';

/*
 * A firm's Excel template of technology contracts: downloaded with Chinese and English headers and the code lists
 * as drop-downs, filled offline and uploaded through the import page. A file with any bad row is refused as a whole
 * with bilingual errors naming sheet, row and column; a good one makes the rows the firm's registration
 * applications (drafts), which the next template carries prefilled.
 */

const FIRM = '91610400MA6U00004Y';
const FIRM_USER = 'firm-xianyang-1';
const SHEET = 'technology_contracts';

type Validations = Record<string, { type: string; formulae: unknown[] }>;
const validations = (ws: ExcelJS.Worksheet) =>
  (ws as unknown as { dataValidations: { model: Validations } }).dataValidations.model;

describe('technology contracts from the Excel template', () => {
  let s: TestStack;
  let worker: Managed;

  const download = async (as: string) => {
    const { accessToken } = await s.login(as);
    return fetch(`${s.baseUrl}/api/exchange/templates/technology-contracts`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
  };
  const template = async () => {
    const res = await download(FIRM_USER);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`technology-contracts-${FIRM}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return wb;
  };
  const upload = async (wb: ExcelJS.Workbook) => {
    const created = await s.upload(FIRM_USER, 'contracts.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(created.status).toBe(202);
    return settledImport(s, created.body.id, FIRM_USER, 60_000);
  };
  const firmContracts = () =>
    s.ds.query(
      `SELECT c.contract_no, c.direction, c.status, v.mode_code, v.partner_code, v.tech_fee, v.equipment_fee,
              v.contract_amount, v.source
         FROM technology_contract c
         JOIN enterprise e ON e.id = c.enterprise_id
         JOIN technology_contract_version v ON v.contract_id = c.id AND v.version = c.current_version
        WHERE e.uscc = $1 ORDER BY c.contract_no`,
      [FIRM],
    );

  beforeAll(async () => {
    s = await startTestStack();
    worker = await startWorker(s.config);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  it('is a firm’s download: reviewers are refused', async () => {
    expect((await download('xian')).status).toBe(403);
    expect((await download('province')).status).toBe(403);
  });

  it('has bilingual headers and the code lists as drop-downs (no CN among foreign economies)', async () => {
    const wb = await template();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填报说明', '代码表', SHEET, '模板信息']);
    expect(String(wb.getWorksheet('填报说明')!.getCell('A1').value)).toContain(
      '技术进出口合同 Excel 登记模板 / Excel template of technology import and export contracts',
    );
    const ws = wb.getWorksheet(SHEET)!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'uscc',
      'contract_no',
      'direction',
      'signed_date',
      'mode_code',
      'foreign_party',
      'partner_code',
      'tech_fee',
      'equipment_fee',
      'contract_amount',
      'currency',
      'registration_no',
    ]);
    expect(ws.getRow(1).hidden).toBe(true);
    expect(ws.getCell('B2').value).toBe('合同编号\ncontract number');
    expect(ws.getCell('H2').value).toBe('技术费\ntechnology fee');
    // No contract yet: nothing prefilled.
    expect(ws.rowCount).toBe(2);

    const codes = wb.getWorksheet('代码表')!;
    const column = (title: string) => {
      const col = (codes.getRow(1).values as unknown[]).indexOf(title);
      const out: string[] = [];
      for (let r = 2; codes.getCell(r, col).value; r++) out.push(String(codes.getCell(r, col).value));
      return out;
    };
    expect(column('技术进出口方式代码')).toEqual(['TT1', 'TT2', 'TT3', 'TT4', 'TT5', 'TT6', 'TT7', 'TT8']);
    expect(column('外方国别（地区）代码')).toEqual(expect.arrayContaining(['US', 'DE', 'JP']));
    expect(column('外方国别（地区）代码')).not.toContain('CN');
    const rules = Object.entries(validations(ws));
    const ruleOf = (col: string) => rules.find(([range]) => range.startsWith(`${col}3`))?.[1];
    expect(ruleOf('E')).toMatchObject({ type: 'list', formulae: [`'代码表'!$C$2:$C$9`] });
    expect(ruleOf('D')?.type).toBe('date');
    expect(ruleOf('H')?.type).toBe('decimal');
    expect(wb.getWorksheet('模板信息')!.getRow(1).values).toEqual([undefined, 'template_revision', '2026.2']);
  });

  it('refuses a file with bad rows as a whole, naming sheet, row and column in zh and en', async () => {
    const wb = await template();
    const ws = wb.getWorksheet(SHEET)!;
    ws.addRow([
      FIRM,
      'XL-1',
      'EXPORT',
      new Date('2026-08-03T00:00:00Z'),
      'TT4',
      'Acme GmbH',
      'DE',
      1000,
      0,
      1000,
      'USD',
    ]);
    // 技术费 + 设备费 ≠ 合同金额, and a Chinese "foreign" party.
    ws.addRow([
      FIRM,
      'XL-2',
      'IMPORT',
      new Date('2026-08-04T00:00:00Z'),
      'TT1',
      'Patent KK',
      'JP',
      500,
      20,
      600,
      'USD',
    ]);
    ws.addRow([FIRM, 'XL-3', 'EXPORT', new Date('2026-08-05T00:00:00Z'), 'TT3', '某公司', 'CN', 10, 0, 10, 'USD']);
    const job = await upload(wb);
    expect(job.status).toBe('FAILED');
    expect(
      job.errors.map((e: { file: string; line: number; column: string }) => `${e.file}:${e.line}:${e.column}`),
    ).toEqual([`${SHEET}:4:contract_amount`, `${SHEET}:5:partner_code`]);
    for (const e of job.errors) {
      expect(e.message_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message_en).toMatch(/[a-z]{3}/);
    }
    expect(await firmContracts()).toEqual([]);
  });

  it('makes the rows drafts of registration applications, and the next template carries them', async () => {
    const wb = await template();
    const ws = wb.getWorksheet(SHEET)!;
    ws.addRow([
      FIRM,
      'XL-1',
      'EXPORT',
      new Date('2026-08-03T00:00:00Z'),
      'TT4',
      'Acme GmbH',
      'DE',
      1000,
      0,
      1000,
      'USD',
    ]);
    ws.addRow([
      FIRM,
      'XL-2',
      'IMPORT',
      new Date('2026-08-04T00:00:00Z'),
      'TT1',
      'Patent KK',
      'JP',
      500,
      100,
      600,
      'USD',
    ]);
    const job = await upload(wb);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      format: 'XLSX',
      counts: { technologyContracts: 2, technologyContractsChanged: 2 },
    });
    expect(await firmContracts()).toEqual([
      {
        contract_no: 'XL-1',
        direction: 'EXPORT',
        status: 'DRAFT',
        mode_code: 'TT4',
        partner_code: 'DE',
        tech_fee: '1000.00',
        equipment_fee: '0.00',
        contract_amount: '1000.00',
        source: 'IMPORT',
      },
      {
        contract_no: 'XL-2',
        direction: 'IMPORT',
        status: 'DRAFT',
        mode_code: 'TT1',
        partner_code: 'JP',
        tech_fee: '500.00',
        equipment_fee: '100.00',
        contract_amount: '600.00',
        source: 'IMPORT',
      },
    ]);
    const list = await s.call('GET', '/api/technology-contracts', { as: FIRM_USER });
    expect(list.body.map((r: { contractNo: string; status: string }) => `${r.contractNo}:${r.status}`).sort()).toEqual([
      'XL-1:DRAFT',
      'XL-2:DRAFT',
    ]);

    const next = (await template()).getWorksheet(SHEET)!;
    expect([3, 4].map((r) => [next.getCell(r, 2).value, next.getCell(r, 9).value, next.getCell(r, 10).value])).toEqual([
      ['XL-1', 0, 1000],
      ['XL-2', 100, 600],
    ]);
    expect(next.getCell(3, 4).value).toEqual(new Date('2026-08-03T00:00:00Z'));
  });
});
