import { writeBundle, type ExchangeData } from '@portal/exchange';
import { withUsccCheck } from '@portal/shared';
import { startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { unzipEntry } from '../utils/zip';
import { importAndSettle, settledImport } from '../utils/imports';

/*
 * technology_contracts.csv (EXCHANGE_FORMAT.md, format 1.1) through the real import path: an administrator's
 * historical bundle registers contracts (idempotently, audited, into the technology aggregates), the export writes
 * them back and re-importing the export changes nothing; bad rows reject the bundle with bilingual errors naming
 * file, line and column and write nothing; a firm's bundle makes its registration applications.
 */

const FIRM = withUsccCheck('91610113MA6U00077');
const XIANYANG_1 = '91610400MA6U00004Y';

const firmRow: ExchangeData['enterprises'][number] = {
  uscc: FIRM,
  nameZh: '西安技术贸易测试有限公司',
  regionCode: '610113',
  zoneCode: null,
  natureCode: 'FIE',
  industryCode: 'I',
  keyEnterprise: false,
};

type TechRow = NonNullable<ExchangeData['technologyContracts']>[number];
const exportContract: TechRow = {
  uscc: FIRM,
  contractNo: 'TT-2021-001',
  direction: 'EXPORT',
  signedDate: '2021-05-10',
  modeCode: 'TT4',
  foreignParty: 'Acme Software GmbH',
  partnerCode: 'DE',
  techFee: 120000.5,
  equipmentFee: 0,
  contractAmount: 120000.5,
  currency: 'USD',
  registrationNo: '2021610100000101',
};
const importContract: TechRow = {
  uscc: FIRM,
  contractNo: 'TT-2021-002',
  direction: 'IMPORT',
  signedDate: '2021-11-30',
  modeCode: 'TT1',
  foreignParty: 'Nippon Patent KK',
  partnerCode: 'JP',
  techFee: 50000,
  equipmentFee: 25000.25,
  contractAmount: 75000.25,
  currency: 'USD',
  registrationNo: null,
};

const bundle = (technologyContracts: TechRow[]): ExchangeData => ({
  enterprises: [firmRow],
  servicesTrade: [],
  contracts: [],
  executions: [],
  workforce: [],
  technologyContracts,
});

describe('technology contracts in exchange bundles (format 1.1)', () => {
  let s: TestStack;
  let worker: Managed;

  const importAs = (as: string, name: string, data: Buffer, fields: Record<string, string> = {}) =>
    importAndSettle(s, as, name, data, fields);
  const historical = (data: Buffer) =>
    importAs('admin', 'history.zip', data, { kind: 'HISTORICAL', sourceNote: '旧技术合同登记系统 2021' });
  const contracts = () =>
    s.ds.query(
      `SELECT c.contract_no, c.status, c.registration_no, c.current_version, c.registered_version, c.direction,
              v.source, v.source_note, v.kind, v.contract_amount_usd
         FROM technology_contract c
         JOIN technology_contract_version v ON v.contract_id = c.id AND v.version = c.current_version
        ORDER BY c.contract_no`,
    );
  const aggregates = () =>
    s.ds.query(
      `SELECT period_code, city_code, area_code, direction, mode_code, partner_code, nature_group, contracts,
              amount_usd, tech_fee_usd, equipment_fee_usd
         FROM agg_technology ORDER BY period_code, direction`,
    );

  beforeAll(async () => {
    s = await startTestStack();
    worker = await startWorker(s.config);
  });
  afterAll(async () => {
    await worker.stop();
    await s.close();
  });

  it('imports registered contracts from a historical bundle, idempotently, audited and into the aggregates', async () => {
    const { zip } = await writeBundle(bundle([exportContract, importContract]));
    const job = await historical(zip);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      counts: { technologyContracts: 2, technologyContractsChanged: 2 },
    });
    expect(await contracts()).toEqual([
      {
        contract_no: 'TT-2021-001',
        status: 'REGISTERED',
        registration_no: '2021610100000101',
        current_version: 1,
        registered_version: 1,
        direction: 'EXPORT',
        source: 'HISTORICAL',
        source_note: '旧技术合同登记系统 2021',
        kind: 'REGISTRATION',
        contract_amount_usd: '120000.50',
      },
      {
        contract_no: 'TT-2021-002',
        status: 'REGISTERED',
        registration_no: null,
        current_version: 1,
        registered_version: 1,
        direction: 'IMPORT',
        source: 'HISTORICAL',
        source_note: '旧技术合同登记系统 2021',
        kind: 'REGISTRATION',
        contract_amount_usd: '75000.25',
      },
    ]);
    // 610113 (雁塔区) lies in 西安 (610100); the firm's nature FIE is its own group.
    expect(await aggregates()).toEqual([
      {
        period_code: '2021Q2',
        city_code: '610100',
        area_code: '610113',
        direction: 'EXPORT',
        mode_code: 'TT4',
        partner_code: 'DE',
        nature_group: 'FIE',
        contracts: 1,
        amount_usd: '120000.50',
        tech_fee_usd: '120000.50',
        equipment_fee_usd: '0.00',
      },
      {
        period_code: '2021Q4',
        city_code: '610100',
        area_code: '610113',
        direction: 'IMPORT',
        mode_code: 'TT1',
        partner_code: 'JP',
        nature_group: 'FIE',
        contracts: 1,
        amount_usd: '75000.25',
        tech_fee_usd: '50000.00',
        equipment_fee_usd: '25000.25',
      },
    ]);
    const audited = await s.ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'technology-contracts.import-historical'`,
    );
    expect(audited[0].n).toBe(2);

    const again = await historical(zip);
    expect(again).toMatchObject({ status: 'SUCCEEDED', counts: { technologyContractsChanged: 0 } });
    expect((await contracts()).map((c: { current_version: number }) => c.current_version)).toEqual([1, 1]);
  });

  it('records a changed figure as a new registered version that replaces the old one in the aggregates', async () => {
    const changed = { ...importContract, techFee: 60000, contractAmount: 85000.25 };
    const { zip } = await writeBundle(bundle([exportContract, changed]));
    const job = await historical(zip);
    expect(job).toMatchObject({ status: 'SUCCEEDED', counts: { technologyContractsChanged: 1 } });
    const rows = await contracts();
    expect(rows[1]).toMatchObject({ current_version: 2, registered_version: 2, kind: 'CHANGE' });
    const agg = await aggregates();
    expect(agg[1]).toMatchObject({ contracts: 1, amount_usd: '85000.25', tech_fee_usd: '60000.00' });
  });

  it('exports the registered contracts, and importing the export changes nothing', async () => {
    const res = await fetch(
      `${s.baseUrl}/api/exchange/bundle?basis=approved&filter=${encodeURIComponent(JSON.stringify({}))}`,
      { headers: { authorization: `Bearer ${(await s.login('admin')).accessToken}` } },
    );
    expect(res.status).toBe(200);
    const exported = Buffer.from(await res.arrayBuffer());
    const csv = await unzipEntry(exported, 'technology_contracts.csv');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      'uscc,contract_no,direction,signed_date,mode_code,foreign_party,partner_code,tech_fee,equipment_fee,' +
        'contract_amount,currency,registration_no',
    );
    expect(lines).toContain(
      `${FIRM},TT-2021-001,EXPORT,2021-05-10,TT4,Acme Software GmbH,DE,120000.5,0,120000.5,USD,2021610100000101`,
    );
    expect(lines).toContain(
      `${FIRM},TT-2021-002,IMPORT,2021-11-30,TT1,Nippon Patent KK,JP,60000,25000.25,85000.25,USD,`,
    );
    const job = await historical(exported);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      counts: { technologyContractsChanged: 0, technologyContractsUnchanged: 2 },
    });
  });

  it('fills the technology tables from the aggregates, for the province and the city, with coverage', async () => {
    const cell = (
      view: { columns: { key: string }[]; rows: { key: string; cells: { text: string }[] }[] },
      row: string,
      col: string,
    ) => view.rows.find((r) => r.key === row)!.cells[view.columns.findIndex((c) => c.key === col)].text;
    // Exports 2021: one contract, TT4, DE, 120,000.50 USD = 12.0 万; none in 2020 (同比 —).
    const t12 = (await s.call('GET', '/api/official-tables/tt_t12?period=2021', { as: 'province' })).body;
    expect(t12.title).toBe('表12：2020-2021年陕西省技术出口情况（按方式）');
    expect(cell(t12, 'total', 'count')).toBe('1');
    expect(cell(t12, 'TT4', 'amount')).toBe('12.0');
    expect(cell(t12, 'TT4', 'amountYoy')).toBe('—');
    expect(cell(t12, 'TT4', 'amountShare')).toBe('100.0');
    expect(cell(t12, 'TT1', 'amount')).toBe('0.0');
    expect(t12.rows.find((r: { key: string }) => r.key === 'TT4').coverage).toEqual({
      approvedReturns: 1,
      pendingReturns: 0,
      approvedShare: 1,
    });
    // Imports 2021 by economy: 亚洲 > 日本, 85,000.25 = 8.5 万, 技术费 6.0, 设备费 2.5.
    const t17 = (await s.call('GET', '/api/official-tables/tt_t17?period=2021', { as: 'province' })).body;
    expect(t17.rows.map((r: { key: string; label: string }) => `${r.key}:${r.label}`)).toEqual([
      'total:合计',
      'C:AS:亚洲',
      'JP:日本',
    ]);
    expect(['count', 'amount', 'techFee', 'equipmentFee'].map((c) => cell(t17, 'JP', c))).toEqual([
      '1',
      '8.5',
      '6.0',
      '2.5',
    ]);
    // 附表2, 2021: 进出口 20.50 = 出口 12.00 + 进口 8.50 (two decimals).
    const app2 = (await s.call('GET', '/api/official-tables/app_t2?period=2021', { as: 'province' })).body;
    expect(['total', 'export', 'import'].map((c) => cell(app2, 'total', c))).toEqual(['20.50', '12.00', '8.50']);
    expect(cell(app2, 'TT4', 'export')).toBe('12.00');
    // The firm (FIE, 西安) by nature and for its city; the city bureau may not read the province.
    const nature = (await s.call('GET', '/api/official-tables/tt_nature?period=2021&territory=610100', { as: 'xian' }))
      .body;
    expect(['export', 'import'].map((c) => cell(nature, 'FIE', c))).toEqual(['12.0', '8.5']);
    const refused = await s.call('GET', '/api/official-tables/tt_t12?period=2021&territory=610000', { as: 'xian' });
    expect(refused.status).toBe(403);
    const firm = await s.call('GET', '/api/official-tables/tt_t12?period=2021', { as: 'firm-xianyang-1' });
    expect(firm.status).toBe(403);
  });

  it('rejects bad rows as a whole with bilingual errors naming file, line and column, and writes nothing', async () => {
    const before = await contracts();
    const aggBefore = await aggregates();
    const { zip } = await writeBundle(
      bundle([
        { ...exportContract, contractNo: 'TT-NEW-1', registrationNo: null, techFee: 100, contractAmount: 100 },
        { ...exportContract, contractNo: 'TT-NEW-2', registrationNo: null, contractAmount: 99.99, techFee: 100 },
        { ...exportContract, contractNo: 'TT-NEW-3', registrationNo: null, partnerCode: 'CN' },
        { ...exportContract, contractNo: 'TT-NEW-4', registrationNo: '2021610100000101' },
      ]),
    );
    const job = await historical(zip);
    expect(job.status).toBe('FAILED');
    const where = job.errors.map(
      (e: { file: string; line: number; column: string }) => `${e.file}:${e.line}:${e.column}`,
    );
    expect(where).toEqual(
      expect.arrayContaining(['technology_contracts.csv:3:contract_amount', 'technology_contracts.csv:4:partner_code']),
    );
    for (const e of job.errors) {
      expect(e.message_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message_en).toMatch(/[a-z]/);
    }
    expect(await contracts()).toEqual(before);
    expect(await aggregates()).toEqual(aggBefore);

    // A registration number already held by another contract is refused at its line, and again nothing is written.
    const { zip: taken } = await writeBundle(
      bundle([{ ...exportContract, contractNo: 'TT-NEW-5', registrationNo: '2021610100000101' }]),
    );
    const refused = await historical(taken);
    expect(refused.status).toBe('FAILED');
    expect(refused.errors[0]).toMatchObject({
      file: 'technology_contracts.csv',
      line: 2,
      column: 'registration_no',
      code: 'REGISTRATION_NO_TAKEN',
    });
    expect(refused.errors[0].message_zh).toContain('登记证书编号 2021610100000101');
    expect(await contracts()).toEqual(before);
  });

  it('makes a firm’s rows its registration applications (drafts), idempotently; a registered contract is refused', async () => {
    const draft: TechRow = {
      ...exportContract,
      uscc: XIANYANG_1,
      contractNo: 'ZH-TT-1',
      registrationNo: null,
      signedDate: '2026-08-01',
    };
    const { zip } = await writeBundle({ ...bundle([draft]), enterprises: [] });
    const job = await importAs('firm-xianyang-1', 'tech.zip', zip);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      counts: { technologyContracts: 1, technologyContractsChanged: 1 },
    });
    const [row] = await s.ds.query(
      `SELECT c.status, c.registered_version, v.source, v.frozen FROM technology_contract c
         JOIN technology_contract_version v ON v.contract_id = c.id AND v.version = c.current_version
        WHERE c.contract_no = 'ZH-TT-1'`,
    );
    expect(row).toEqual({ status: 'DRAFT', registered_version: null, source: 'IMPORT', frozen: false });
    const again = await importAs('firm-xianyang-1', 'tech.zip', zip);
    expect(again).toMatchObject({ status: 'SUCCEEDED', counts: { technologyContractsChanged: 0 } });
    // Drafts never reach the tables.
    expect((await aggregates()).filter((a: { period_code: string }) => a.period_code === '2026Q3')).toEqual([]);

    // Rows of another firm are refused, as in every firm import.
    const { zip: foreign } = await writeBundle({ ...bundle([exportContract]), enterprises: [] });
    const refused = await importAs('firm-xianyang-1', 'foreign.zip', foreign);
    expect(refused.status).toBe('FAILED');
    expect(refused.errors[0]).toMatchObject({
      file: 'technology_contracts.csv',
      line: 2,
      column: 'uscc',
      code: 'FOREIGN_ENTERPRISE',
    });

    // Once filed (the registration workflow sets the status), a firm's bundle no longer changes the contract.
    await s.ds.query(`UPDATE technology_contract SET status = 'SUBMITTED' WHERE contract_no = 'ZH-TT-1'`);
    const { zip: edited } = await writeBundle({
      ...bundle([{ ...draft, foreignParty: 'Other GmbH' }]),
      enterprises: [],
    });
    const filed = await importAs('firm-xianyang-1', 'tech.zip', edited);
    expect(filed.status).toBe('FAILED');
    expect(filed.errors[0]).toMatchObject({
      file: 'technology_contracts.csv',
      line: 2,
      column: 'foreign_party',
      value: 'Other GmbH',
      code: 'CONTRACT_ALREADY_FILED',
    });
  });

  it('takes the firm’s own bundle back: filed and registered contracts as they are count as unchanged; a changed one is refused naming line and field', async () => {
    const FIRM_USER = 'firm-xianyang-1';
    const versions = async () =>
      (
        await s.ds.query(
          `SELECT count(*)::int AS n FROM technology_contract_version v
             JOIN technology_contract c ON c.id = v.contract_id WHERE c.contract_no = 'ZH-TT-1'`,
        )
      )[0].n;
    const download = async () => {
      const res = await s.call('GET', '/api/exchange/bundle?periods=2026Q3', { as: FIRM_USER });
      expect(res.status).toBe(200);
      return res.bytes;
    };
    const reupload = async (zip: Buffer) => {
      const job = await importAs(FIRM_USER, 'own.zip', zip, { dryRun: 'true' });
      expect(job).toMatchObject({
        status: 'PREVIEWED',
        errorCount: 0,
        counts: { technologyContracts: 1, technologyContractsChanged: 0, technologyContractsUnchanged: 1 },
      });
      const confirmed = await s.call('POST', `/api/imports/${job.id}/confirm`, { as: FIRM_USER });
      expect(confirmed.status).toBe(202);
      return settledImport(s, job.id, FIRM_USER);
    };

    // Filed (left SUBMITTED by the test above): the firm's own download goes back up without an error.
    const before = await versions();
    const filedBundle = await download();
    expect(await unzipEntry(filedBundle, 'technology_contracts.csv')).toContain('ZH-TT-1');
    expect(await reupload(filedBundle)).toMatchObject({
      status: 'SUCCEEDED',
      errorCount: 0,
      counts: { technologyContractsChanged: 0, technologyContractsUnchanged: 1 },
    });
    expect(await versions()).toBe(before);

    // Registered (with its registration number in the download): unchanged as well, nothing written twice.
    await s.ds.query(
      `UPDATE technology_contract SET status = 'REGISTERED', registered_version = current_version,
              registration_no = '2026610400E0001', first_registered_at = now()
        WHERE contract_no = 'ZH-TT-1'`,
    );
    await s.ds.query(
      `UPDATE technology_contract_version v SET frozen = true FROM technology_contract c
        WHERE c.id = v.contract_id AND c.contract_no = 'ZH-TT-1'`,
    );
    const [row] = await s.ds.query(
      `SELECT status, current_version, registered_version, row_version FROM technology_contract
        WHERE contract_no = 'ZH-TT-1'`,
    );
    const registeredBundle = await download();
    expect(await unzipEntry(registeredBundle, 'technology_contracts.csv')).toContain('2026610400E0001');
    expect(await reupload(registeredBundle)).toMatchObject({ status: 'SUCCEEDED', errorCount: 0 });
    expect(
      (
        await s.ds.query(
          `SELECT status, current_version, registered_version, row_version FROM technology_contract
            WHERE contract_no = 'ZH-TT-1'`,
        )
      )[0],
    ).toEqual(row);
    expect(await versions()).toBe(before);

    // The same download with a different fee: refused, naming file, line and field in both languages.
    const { zip: changed } = await writeBundle({
      ...bundle([
        {
          ...exportContract,
          uscc: XIANYANG_1,
          contractNo: 'ZH-TT-1',
          signedDate: '2026-08-01',
          techFee: 130000.5,
          contractAmount: 130000.5,
          registrationNo: '2026610400E0001',
        },
      ]),
      enterprises: [],
    });
    const refused = await importAs(FIRM_USER, 'changed.zip', changed, { dryRun: 'true' });
    expect(refused.status).toBe('FAILED');
    expect(refused.errors).toEqual([
      expect.objectContaining({
        file: 'technology_contracts.csv',
        line: 2,
        column: 'tech_fee',
        value: '130000.5',
        code: 'CONTRACT_ALREADY_FILED',
        message_zh: expect.stringMatching(
          /^第 2 行：合同 ZH-TT-1 已提交登记或已登记，技术费（tech_fee）与门户中的“120000.5”不同/,
        ),
        message_en: expect.stringMatching(
          /^Line 2: contract ZH-TT-1 .*technology fee \(tech_fee\) differs from "120000.5"/,
        ),
      }),
    ]);
    expect(await versions()).toBe(before);

    // A change filed for review (a new version with another fee): the download carries it, and goes back up as is.
    await s.ds.query(
      `INSERT INTO technology_contract_version
              (contract_id, version, kind, reason, signed_date, period_code, mode_code, foreign_party, partner_code,
               tech_fee, equipment_fee, contract_amount, currency, cny_per_usd, tech_fee_usd, equipment_fee_usd,
               contract_amount_usd, source, source_note, frozen, created_by)
       SELECT v.contract_id, v.version + 1, 'CHANGE', '补充协议调整技术费', v.signed_date, v.period_code, v.mode_code,
              v.foreign_party, v.partner_code, 130000.5, v.equipment_fee, 130000.5, v.currency, v.cny_per_usd,
              130000.5, v.equipment_fee_usd, 130000.5, v.source, v.source_note, true, v.created_by
         FROM technology_contract_version v JOIN technology_contract c ON c.id = v.contract_id
        WHERE c.contract_no = 'ZH-TT-1' AND v.version = c.current_version`,
    );
    await s.ds.query(
      `UPDATE technology_contract SET status = 'CHANGE_REQUESTED', current_version = current_version + 1
        WHERE contract_no = 'ZH-TT-1'`,
    );
    const changeBundle = await download();
    expect(await unzipEntry(changeBundle, 'technology_contracts.csv')).toContain(',130000.5,0,130000.5,');
    expect(await reupload(changeBundle)).toMatchObject({ status: 'SUCCEEDED', errorCount: 0 });
    expect(await versions()).toBe(before + 1);
  });

  it('places a registered contract again when the firm’s profile changes back to its signing quarter', async () => {
    const cell = (
      view: { columns: { key: string }[]; rows: { key: string; cells: { text: string }[] }[] },
      row: string,
      col: string,
    ) => view.rows.find((r) => r.key === row)?.cells[view.columns.findIndex((c) => c.key === col)].text;
    const nature = async () =>
      (await s.call('GET', '/api/official-tables/tt_nature?period=2021', { as: 'province' })).body;
    const before = await nature();
    const fie = cell(before, 'FIE', 'export');
    expect(Number(fie)).toBeGreaterThan(0);
    const [{ id }] = await s.ds.query('SELECT id FROM enterprise WHERE uscc = $1', [FIRM]);
    // The registry learns that the firm was a private domestic firm from 2021 on.
    const res = await s.call('POST', `/api/enterprises/${id}/profile`, {
      as: 'admin',
      body: { validFrom: '2021-01-01', natureCode: 'DOM-PRI' },
    });
    expect(res.status).toBe(201);
    const after = await nature();
    // Nothing left under 外商投资企业 (an empty cell or a zero), all of it under 内资企业.
    expect(['0.0', '—', undefined]).toContain(cell(after, 'FIE', 'export'));
    expect(cell(after, 'DOM', 'export')).toBe(fie);
  });
});
