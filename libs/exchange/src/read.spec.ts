import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_FILES, readBundle, RETURN_FILES, type BundleFile, type ExchangeError, type ReadOptions } from '.';
import { withUsccCheck } from '@portal/shared';
import { context, FIXTURES, uscc } from '../test/helpers';

const U1 = uscc(1);
const U2 = uscc(2);
const U3 = uscc(3);

function fixture(dir: 'ok' | 'not-ok', name: string): BundleFile {
  return { name, data: readFileSync(join(FIXTURES, dir, name)) };
}

function folder(dir: 'ok' | 'not-ok'): BundleFile[] {
  return readdirSync(join(FIXTURES, dir)).map((name) => fixture(dir, name));
}

async function errorsOf(
  input: BundleFile | BundleFile[],
  ctx = context({ enterprises: [U1, U2] }),
  options?: ReadOptions,
) {
  const result = await readBundle(input, ctx, options);
  if (result.ok) throw new Error('expected the bundle to be rejected');
  return result.errors;
}

/** file, line, column and code of each error: what the tests pin down. */
const where = (errors: ExchangeError[]) => errors.map(({ file, line, column, code }) => ({ file, line, column, code }));

const csv = (name: string, text: string | Buffer): BundleFile => ({ name, data: Buffer.from(text) });

describe('readBundle: a valid bundle', () => {
  it('reads every file of a folder into typed rows with their lines', async () => {
    const ctx = context();
    const result = await readBundle(folder('ok'), ctx);
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    const { bundle } = result;
    expect(bundle.enterprises).toEqual([
      {
        line: 2,
        uscc: U1,
        nameZh: '西安软件服务有限公司',
        regionCode: '610113',
        zoneCode: '6101Z1',
        natureCode: 'DOM-PRI',
        industryCode: 'I',
        keyEnterprise: true,
      },
      {
        line: 4,
        uscc: U2,
        nameZh: '咸阳数据服务有限公司, 分公司',
        regionCode: '610400',
        zoneCode: null,
        natureCode: 'FIE',
        industryCode: 'L',
        keyEnterprise: false,
      },
    ]);
    expect(
      bundle.servicesTrade.map((s) => [s.line, s.period, s.partnerCode, s.direction, s.amount, s.currency]),
    ).toEqual([
      [2, '2021Q4', 'US', 'EXPORT', 1234567.89, 'USD'],
      [3, '2021Q4', 'HK', 'IMPORT', 0.5, 'USD'],
      [6, '2022Q1', 'JP', 'EXPORT', 100, 'USD'],
    ]);
    expect(bundle.contracts.map((c) => [c.line, c.contractNo, c.clientName, c.offshore, c.amount, c.currency])).toEqual(
      [
        [2, 'C-2021-001', 'Acme Inc.', true, 500000, 'USD'],
        [3, '-007', '=HYPERLINK("x")', false, 1000.5, 'CNY'],
        [4, 'HK-01', '香港客户\n（多行名称）', true, 20000, 'USD'],
        [6, 'TW-01', '台湾客户', true, 0, 'USD'],
      ],
    );
    expect(bundle.contracts[3].clientIndustryCode).toBe('M');
    expect(bundle.executions.map((e) => [e.line, e.contractNo, e.period, e.amount, e.currency])).toEqual([
      [2, 'C-2021-001', '2021Q4', 100000, 'USD'],
      [3, 'C-2021-001', '2022Q1', 150000.25, 'USD'],
      [4, 'HK-01', '2022Q1', 5000, 'CNY'],
    ]);
    expect(bundle.workforce).toEqual([
      {
        line: 2,
        uscc: U1,
        period: '2021Q4',
        juniorCollege: 10,
        bachelor: 50,
        master: 8,
        doctor: 1,
        other: 3,
        newHires: 12,
        newHiresGraduates: 10,
      },
      {
        line: 3,
        uscc: U2,
        period: '2022Q1',
        juniorCollege: 2,
        bachelor: 5,
        master: 0,
        doctor: 0,
        other: 1,
        newHires: null,
        newHiresGraduates: null,
      },
    ]);
    expect(bundle.technologyContracts).toEqual([
      {
        line: 2,
        uscc: U1,
        contractNo: 'TE-2021-001',
        direction: 'EXPORT',
        signedDate: '2021-11-15',
        modeCode: 'TT4',
        foreignParty: 'Contoso Ltd.',
        partnerCode: 'US',
        techFee: 180000,
        equipmentFee: 0,
        contractAmount: 180000,
        currency: 'USD',
        registrationNo: null,
      },
      {
        line: 3,
        uscc: U1,
        contractNo: 'TI-2021-002',
        direction: 'IMPORT',
        signedDate: '2021-06-30',
        modeCode: 'TT7',
        foreignParty: 'Fabrikam GmbH, Werk 2',
        partnerCode: 'DE',
        techFee: 50000.5,
        equipmentFee: 130000.25,
        contractAmount: 180000.75,
        currency: 'USD',
        registrationNo: '6101202100017',
      },
      {
        line: 5,
        uscc: U2,
        contractNo: 'TE-2021-001',
        direction: 'EXPORT',
        signedDate: '2021-03-01',
        modeCode: 'TT2',
        foreignParty: '=香港技术有限公司',
        partnerCode: 'HK',
        techFee: 0.1,
        equipmentFee: 0.2,
        contractAmount: 0.3,
        currency: 'CNY',
        registrationNo: null,
      },
    ]);
    // Every firm is in enterprises.csv and every contract in the bundle: the portal is not asked.
    expect(ctx.asked).toEqual({ enterprises: [], contracts: [] });
  });

  it('reads a bundle of format 1 (without technology_contracts.csv) as before', async () => {
    const result = await readBundle(
      folder('ok').filter((f) => f.name !== 'technology_contracts.csv'),
      context(),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    expect(result.bundle.technologyContracts).toEqual([]);
    expect(result.bundle.servicesTrade).toHaveLength(3);
  });

  it('takes the defaults of technology_contracts.csv when optional columns are left out, in any column order', async () => {
    const text = `contract_amount,tech_fee,partner_code,foreign_party,mode_code,signed_date,direction,contract_no,uscc\n250000,250000,JP,株式会社テスト,TT1,2021-12-31,EXPORT,P-1,${U1}\n`;
    const result = await readBundle(csv('technology_contracts.csv', text), context({ enterprises: [U1] }));
    expect(result.ok && result.bundle.technologyContracts).toEqual([
      {
        line: 2,
        uscc: U1,
        contractNo: 'P-1',
        direction: 'EXPORT',
        signedDate: '2021-12-31',
        modeCode: 'TT1',
        foreignParty: '株式会社テスト',
        partnerCode: 'JP',
        techFee: 250000,
        equipmentFee: 0,
        contractAmount: 250000,
        currency: 'USD',
        registrationNo: null,
      },
    ]);
  });

  it('refuses a file of the format that the caller does not accept, naming it', async () => {
    const errors = await errorsOf(folder('ok'), context(), { files: RETURN_FILES });
    expect(errors).toEqual([
      {
        file: 'technology_contracts.csv',
        line: null,
        column: null,
        value: 'technology_contracts.csv',
        code: 'FILE_NOT_ACCEPTED',
        message_zh: `此处不接受文件 technology_contracts.csv；本次导入只接受 ${RETURN_FILES.join(', ')}`,
        message_en: `File technology_contracts.csv is not accepted here; this import takes ${RETURN_FILES.join(', ')}`,
      },
    ]);
  });

  it('accepts a BOM and CRLF line ends, and counts lines after a quoted CRLF correctly', async () => {
    const text = readFileSync(join(FIXTURES, 'ok', 'outsourcing_contracts.csv'), 'utf8').replace(/\n/g, '\r\n');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const result = await readBundle(
      [csv('outsourcing_contracts.csv', bom), fixture('ok', 'enterprises.csv')],
      context(),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    expect(result.bundle.contracts.map((c) => [c.line, c.contractNo, c.clientName])).toEqual([
      [2, 'C-2021-001', 'Acme Inc.'],
      [3, '-007', '=HYPERLINK("x")'],
      [4, 'HK-01', '香港客户\r\n（多行名称）'],
      [6, 'TW-01', '台湾客户'],
    ]);
  });

  it('reads a single CSV file whose firms the portal knows', async () => {
    const ctx = context({ enterprises: [U1] });
    const result = await readBundle(
      csv('workforce.csv', `uscc,period,other,doctor,master,bachelor,junior_college\n${U1},2021Q4,1,2,3,4,5\n`),
      ctx,
    );
    expect(result.ok && result.bundle.workforce).toEqual([
      {
        line: 2,
        uscc: U1,
        period: '2021Q4',
        juniorCollege: 5,
        bachelor: 4,
        master: 3,
        doctor: 2,
        other: 1,
        newHires: null,
        newHiresGraduates: null,
      },
    ]);
    expect(ctx.asked.enterprises).toEqual([[U1]]);
  });

  it('accepts executions of contracts already in the portal', async () => {
    const ctx = context({ enterprises: [U1], contracts: { [U1]: { OLD: '2020-12-31' } } });
    const text = `uscc,contract_no,period,executed_amount\n${U1},OLD,2020Q4,1\n${U1},OLD,2021Q1,2\n`;
    const result = await readBundle(csv('outsourcing_executions.csv', text), ctx);
    expect(result.ok && result.bundle.executions.map((e) => e.period)).toEqual(['2020Q4', '2021Q1']);
    expect(ctx.asked.contracts).toEqual([[U1]]);
  });
});

describe('readBundle: cell and row errors', () => {
  it('reports every error of enterprises.csv', async () => {
    expect(where(await errorsOf(fixture('not-ok', 'enterprises.csv')))).toEqual([
      { file: 'enterprises.csv', line: 2, column: 'uscc', code: 'USCC_LENGTH' },
      { file: 'enterprises.csv', line: 3, column: 'region_code', code: 'CODE_UNKNOWN' },
      { file: 'enterprises.csv', line: 4, column: 'zone_code', code: 'CODE_UNKNOWN' },
      { file: 'enterprises.csv', line: 4, column: 'uscc', code: 'DUPLICATE_ROW' },
      { file: 'enterprises.csv', line: 5, column: 'key_enterprise', code: 'FLAG_INVALID' },
      { file: 'enterprises.csv', line: 6, column: 'uscc', code: 'USCC_CHARSET' },
      { file: 'enterprises.csv', line: 7, column: 'name_zh', code: 'TEXT_TOO_LONG' },
      { file: 'enterprises.csv', line: 7, column: 'nature_code', code: 'CODE_UNKNOWN' },
      { file: 'enterprises.csv', line: 7, column: 'industry_code', code: 'CODE_UNKNOWN' },
    ]);
  });

  it('reports every error of services_trade.csv', async () => {
    const errors = await errorsOf(fixture('not-ok', 'services_trade.csv'));
    const file = 'services_trade.csv';
    expect(where(errors)).toEqual([
      { file, line: 2, column: 'amount', code: 'AMOUNT_INVALID' }, // 1e309
      { file, line: 3, column: 'amount', code: 'AMOUNT_INVALID' }, // NaN
      { file, line: 4, column: 'amount', code: 'AMOUNT_NEGATIVE' }, // -0
      { file, line: 5, column: 'amount', code: 'AMOUNT_DECIMALS' }, // 1.234
      { file, line: 6, column: 'amount', code: 'AMOUNT_THOUSANDS_SEPARATOR' }, // "1,234.00"
      { file, line: 7, column: 'partner_code', code: 'PARTNER_MAINLAND' },
      { file, line: 8, column: 'category_code', code: 'CODE_UNKNOWN' }, // SL is national only
      { file, line: 9, column: 'period', code: 'PERIOD_INVALID' },
      { file, line: 10, column: 'uscc', code: 'USCC_CHECK' },
      { file, line: 11, column: 'direction', code: 'DIRECTION_INVALID' },
      { file, line: 12, column: 'currency', code: 'CURRENCY_INVALID' },
      { file, line: 13, column: 'amount', code: 'AMOUNT_INVALID' }, // Infinity
      { file, line: 15, column: null, code: 'DUPLICATE_ROW' },
      { file, line: 16, column: 'partner_code', code: 'CODE_UNKNOWN' },
      { file, line: 17, column: null, code: 'FIELD_COUNT' },
      { file, line: 18, column: 'uscc', code: 'REQUIRED' },
    ]);
    expect(errors[0]).toMatchObject({ value: '1e309', message_en: expect.stringContaining('plain decimal') });
    expect(errors[8]).toMatchObject({ value: '916101000000000019', message_en: expect.stringContaining('is 8') });
    expect(errors[12].message_en).toContain('Repeats line 14');
  });

  it('reports every error of outsourcing_contracts.csv', async () => {
    const errors = await errorsOf(fixture('not-ok', 'outsourcing_contracts.csv'));
    const file = 'outsourcing_contracts.csv';
    expect(where(errors)).toEqual([
      { file, line: 2, column: 'signed_date', code: 'DATE_INVALID' }, // 2021-02-30
      { file, line: 3, column: 'offshore', code: 'OFFSHORE_MISMATCH' }, // HK client, offshore N
      { file, line: 4, column: 'offshore', code: 'OFFSHORE_MISMATCH' }, // CN client, offshore Y
      { file, line: 5, column: 'business_code', code: 'CODE_UNKNOWN' }, // level 2
      { file, line: 6, column: 'contract_no', code: 'DUPLICATE_CONTRACT' },
      { file, line: 7, column: 'offshore', code: 'FLAG_INVALID' },
      { file, line: 8, column: 'client_name', code: 'TEXT_TOO_LONG' },
    ]);
    expect(errors[4].message_en).toContain('first appears on line 2');
    expect(errors[1].message_zh).toContain('offshore 应为 Y');
  });

  it('reports every error of technology_contracts.csv', async () => {
    const errors = await errorsOf(fixture('not-ok', 'technology_contracts.csv'));
    const file = 'technology_contracts.csv';
    expect(where(errors)).toEqual([
      { file, line: 2, column: 'contract_amount', code: 'CONTRACT_AMOUNT_SUM' }, // 100 + 50 ≠ 100
      { file, line: 3, column: 'partner_code', code: 'TECHNOLOGY_PARTNER_MAINLAND' },
      { file, line: 4, column: 'mode_code', code: 'CODE_UNKNOWN' }, // TT9
      { file, line: 5, column: 'direction', code: 'DIRECTION_INVALID' },
      { file, line: 6, column: 'signed_date', code: 'DATE_INVALID' }, // 2021-02-30
      { file, line: 7, column: 'contract_no', code: 'DUPLICATE_CONTRACT' }, // A1 of the same firm
      { file, line: 8, column: 'tech_fee', code: 'AMOUNT_THOUSANDS_SEPARATOR' },
      { file, line: 9, column: 'equipment_fee', code: 'AMOUNT_NEGATIVE' },
      { file, line: 10, column: 'foreign_party', code: 'REQUIRED' },
      { file, line: 11, column: 'currency', code: 'CURRENCY_INVALID' },
      { file, line: 12, column: 'contract_amount', code: 'CONTRACT_AMOUNT_SUM' }, // one cent off
      { file, line: 13, column: 'uscc', code: 'UNKNOWN_ENTERPRISE' },
      { file, line: 14, column: 'partner_code', code: 'CODE_UNKNOWN' }, // UK is GB; A1 of another firm is fine
    ]);
    expect(errors[0]).toMatchObject({
      value: '100',
      message_zh: '合同金额 100 不等于技术费 100 与设备费 50 之和 150（须精确到分）',
      message_en: 'contract_amount 100 is not tech_fee 100 plus equipment_fee 50, 150 (to the cent)',
    });
    expect(errors[1].message_en).toContain('foreign party of a technology contract cannot be in CN');
    expect(errors[2]).toMatchObject({ value: 'TT9', message_zh: expect.stringContaining('技术进出口方式') });
    expect(errors[5].message_en).toContain('first appears on line 2');
    expect(errors[10].message_zh).toContain('之和 100');
  });

  it('checks executions against the bundle and the portal', async () => {
    const ctx = context({ enterprises: [U1, U2], contracts: { [U1]: { P1: '2021-05-01', P2: '2021-05-01' } } });
    const errors = await errorsOf(
      [fixture('not-ok', 'outsourcing_contracts.csv'), fixture('not-ok', 'outsourcing_executions.csv')],
      ctx,
    );
    const file = 'outsourcing_executions.csv';
    expect(where(errors.filter((e) => e.file === file))).toEqual([
      { file, line: 3, column: 'contract_no', code: 'UNKNOWN_CONTRACT' },
      { file, line: 4, column: 'period', code: 'EXECUTION_BEFORE_SIGNING' }, // A2 signed in 2021Q1
      { file, line: 5, column: 'period', code: 'EXECUTION_BEFORE_SIGNING' }, // P1 signed in 2021Q2 (portal)
      { file, line: 7, column: null, code: 'DUPLICATE_ROW' },
    ]);
    expect(ctx.asked.contracts).toEqual([[U1]]);
  });

  it('reports every error of workforce.csv, and firms that are nowhere', async () => {
    const errors = await errorsOf(fixture('not-ok', 'workforce.csv'));
    const file = 'workforce.csv';
    expect(where(errors)).toEqual([
      { file, line: 2, column: 'new_hires_graduates', code: 'GRADUATES_EXCEED_NEW_HIRES' },
      { file, line: 3, column: 'junior_college', code: 'COUNT_INVALID' },
      { file, line: 4, column: 'junior_college', code: 'COUNT_INVALID' },
      { file, line: 5, column: null, code: 'DUPLICATE_ROW' },
      { file, line: 6, column: 'uscc', code: 'UNKNOWN_ENTERPRISE' },
    ]);
    expect(errors[4].value).toBe(U3);
  });

  it('reads the same bounds as the API: contract numbers, headcounts, period years, prototype-named flags', async () => {
    const contracts =
      'uscc,contract_no,signed_date,client_name,client_partner_code,business_code,offshore,contract_amount\n' +
      `${U1},${'C'.repeat(65)},2021-05-01,甲,US,ITO-RD-01,Y,10\n` +
      `${U1},C2,2021-05-01,乙,US,ITO-RD-01,constructor,10\n` +
      `${U1},C3,2021-05-01,丙,US,ITO-RD-01,Y,10000000000000\n`;
    const work = `uscc,period,junior_college,bachelor,master,doctor,other\n${U1},2021Q1,3000000000,1,1,1,1\n${U1},0000Q1,1,1,1,1,1\n`;
    const errors = await errorsOf([csv('outsourcing_contracts.csv', contracts), csv('workforce.csv', work)]);
    expect(where(errors)).toEqual([
      { file: 'outsourcing_contracts.csv', line: 2, column: 'contract_no', code: 'TEXT_TOO_LONG' },
      { file: 'outsourcing_contracts.csv', line: 3, column: 'offshore', code: 'FLAG_INVALID' },
      { file: 'outsourcing_contracts.csv', line: 4, column: 'contract_amount', code: 'AMOUNT_TOO_LARGE' },
      { file: 'workforce.csv', line: 2, column: 'junior_college', code: 'COUNT_TOO_LARGE' },
      { file: 'workforce.csv', line: 3, column: 'period', code: 'PERIOD_INVALID' },
    ]);
  });

  it('refuses a NUL character, which the database cannot store, naming its line', async () => {
    const text = `uscc,name_zh,region_code,nature_code,industry_code\n${U1},甲,610113,DOM,I\n${U2},乙\u0000,610113,DOM,I\n`;
    const errors = await errorsOf(csv('enterprises.csv', text));
    expect(where(errors)).toEqual([{ file: 'enterprises.csv', line: 3, column: null, code: 'NUL_CHARACTER' }]);
    expect(errors[0].message_zh).toContain('第 3 行含有空字符');
  });

  it('checks the division code inside a USCC', async () => {
    const text = `uscc,name_zh,region_code,nature_code,industry_code\n${withUsccCheck('91A10100000000001')},甲,610113,DOM,I\n`;
    expect(where(await errorsOf(csv('enterprises.csv', text)))).toEqual([
      { file: 'enterprises.csv', line: 2, column: 'uscc', code: 'USCC_DIVISION' },
    ]);
  });

  it('knows the firms of enterprises.csv without asking the portal', async () => {
    const ctx = context();
    const text = `uscc,name_zh,region_code,nature_code,industry_code\n${U3},甲,610113,DOM,I\n`;
    const work = `uscc,period,junior_college,bachelor,master,doctor,other\n${U3},2021Q1,1,1,1,1,1\n${U1},2021Q1,1,1,1,1,1\n`;
    const errors = await errorsOf([csv('enterprises.csv', text), csv('workforce.csv', work)], ctx);
    expect(where(errors)).toEqual([{ file: 'workforce.csv', line: 3, column: 'uscc', code: 'UNKNOWN_ENTERPRISE' }]);
    expect(ctx.asked.enterprises).toEqual([[U1]]);
  });

  it('caps the list of errors', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${U1},2021Q${(i % 4) + 1},x,1,1,1,1`).join('\n');
    const errors = await errorsOf(
      csv('workforce.csv', `uscc,period,junior_college,bachelor,master,doctor,other\n${rows}`),
      undefined,
      {
        maxErrors: 5,
      },
    );
    expect(errors).toHaveLength(6);
    expect(errors[5]).toMatchObject({ file: null, line: null, code: 'TOO_MANY_ERRORS' });
  });
});

describe('readBundle: file layout errors', () => {
  const header = 'uscc,period,junior_college,bachelor,master,doctor,other';
  const row = `${U1},2021Q1,1,1,1,1,1`;

  it('rejects unknown and repeated columns and names them', async () => {
    const errors = await errorsOf(csv('workforce.csv', `${header},remarks,other\n${row},x,1\n`));
    expect(where(errors)).toEqual([
      { file: 'workforce.csv', line: 1, column: 'remarks', code: 'UNKNOWN_COLUMN' },
      { file: 'workforce.csv', line: 1, column: 'other', code: 'DUPLICATE_COLUMN' },
    ]);
    expect(errors[0].message_en).toContain('Unknown column remarks');
  });

  it('rejects missing required columns', async () => {
    const errors = await errorsOf(csv('workforce.csv', `uscc,period,bachelor,master,doctor\n${U1},2021Q1,1,1,1\n`));
    expect(where(errors)).toEqual([
      { file: 'workforce.csv', line: 1, column: 'junior_college', code: 'MISSING_COLUMN' },
      { file: 'workforce.csv', line: 1, column: 'other', code: 'MISSING_COLUMN' },
    ]);
  });

  it('requires a header row', async () => {
    expect(where(await errorsOf(csv('workforce.csv', `${row}\n`)))).toEqual([
      { file: 'workforce.csv', line: 1, column: null, code: 'MISSING_HEADER' },
    ]);
    expect(where(await errorsOf(csv('workforce.csv', '\n\n')))).toEqual([
      { file: 'workforce.csv', line: 1, column: null, code: 'MISSING_HEADER' },
    ]);
  });

  it('rejects invalid UTF-8 naming the line', async () => {
    const gbk = Buffer.from([0xce, 0xf7, 0xb0, 0xb2]); // 西安 in GBK
    const text = Buffer.concat([
      Buffer.from(`uscc,name_zh,region_code,nature_code,industry_code\n${U1},`),
      gbk,
      Buffer.from(',610113,DOM,I\n'),
    ]);
    expect(where(await errorsOf(csv('enterprises.csv', text)))).toEqual([
      { file: 'enterprises.csv', line: 2, column: null, code: 'INVALID_UTF8' },
    ]);
  });

  it('finds invalid UTF-8 far into a file, beyond the first chunk', async () => {
    // Distinct rows: 400 periods (2000Q1–2099Q4) of each of eight registered firms.
    const firms = Array.from({ length: 8 }, (_, n) => uscc(n + 1));
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `${firms[Math.floor(i / 400)]},${2000 + Math.floor((i % 400) / 4)}Q${(i % 4) + 1},1,1,1,1,1`,
    );
    const text = Buffer.concat([
      Buffer.from(`${header}\n${rows.join('\n')}\n`),
      Buffer.from([0xff]),
      Buffer.from(`\n`),
    ]);
    expect(text.length).toBeGreaterThan(64 * 1024);
    expect(where(await errorsOf(csv('workforce.csv', text), context({ enterprises: firms })))).toEqual([
      { file: 'workforce.csv', line: 3002, column: null, code: 'INVALID_UTF8' },
    ]);
  });

  it('rejects a truncated UTF-8 sequence at the end of a file', async () => {
    const text = Buffer.concat([Buffer.from(`${header}\n${row}\n`), Buffer.from([0xe8, 0xa5])]);
    expect(where(await errorsOf(csv('workforce.csv', text)))).toEqual([
      { file: 'workforce.csv', line: 3, column: null, code: 'INVALID_UTF8' },
    ]);
  });

  it('reports an unclosed quote at the line where it opens', async () => {
    const text = `uscc,name_zh,region_code,nature_code,industry_code\n${U1},甲,610113,DOM,I\n\n${U2},"乙,610113,DOM,I\n${U3},丙,610113,DOM,I\n`;
    expect(where(await errorsOf(csv('enterprises.csv', text)))).toEqual([
      { file: 'enterprises.csv', line: 4, column: null, code: 'BROKEN_QUOTE' },
    ]);
  });

  it('stops at an unclosed quote in a large file before it swallows the rest', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${U1},${1500 + i}Q1,1,1,1,1,1`).join('\n');
    const text = `${header}\n${row}\n${U1},2021Q2,"1,1,1,1,1\n${rows}\n`;
    expect(where(await errorsOf(csv('workforce.csv', text)))).toEqual([
      { file: 'workforce.csv', line: 3, column: null, code: 'RECORD_TOO_LARGE' },
    ]);
  });

  it('reports a stray quote inside a field', async () => {
    const text = `uscc,name_zh,region_code,nature_code,industry_code\n${U1},甲,610113,DOM,I\n${U2},乙"丙,610113,DOM,I\n`;
    expect(where(await errorsOf(csv('enterprises.csv', text)))).toEqual([
      { file: 'enterprises.csv', line: 3, column: null, code: 'BROKEN_QUOTE' },
    ]);
  });

  it('limits the rows of a file', async () => {
    const errors = await errorsOf(
      csv('workforce.csv', `${header}\n${row}\n${row.replace('Q1', 'Q2')}\n${row}\n`),
      undefined,
      {
        maxRowsPerFile: 2,
      },
    );
    expect(where(errors)).toEqual([{ file: 'workforce.csv', line: 4, column: null, code: 'TOO_MANY_ROWS' }]);
  });

  it('rejects file names outside the format', async () => {
    expect(where(await errorsOf(csv('services.csv', `${header}\n`)))).toEqual([
      { file: null, line: null, column: null, code: 'UNKNOWN_FILE' },
    ]);
    expect(where(await errorsOf([csv('workforce.csv', header), csv('sub/workforce.csv', header)]))).toEqual([
      { file: 'workforce.csv', line: null, column: null, code: 'DUPLICATE_FILE' },
    ]);
  });

  it('lists errors of several files in the order of the format', async () => {
    const errors = await errorsOf([...folder('not-ok')].reverse());
    const files = [...new Set(errors.map((e) => e.file))];
    expect(files).toEqual([...BUNDLE_FILES]);
  });
});
