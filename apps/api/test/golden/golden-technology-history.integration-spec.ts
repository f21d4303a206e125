import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { writeBundle, type ExchangeData } from '@portal/exchange';
import { withUsccCheck, type OfficialTableView } from '@portal/shared';
import { readGolden } from '@portal/demo';
import { startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { tableSheet } from '../utils/workbook';
import { exportedWorkbook } from '../utils/exports';
import { settledImport } from '../utils/imports';

/*
 * The published 附表2 (technology trade by the 8 contract modes, 2016–2021) rebuilt from contract-level data through
 * the real path: firms and their registered contracts of six years are an administrator's historical bundle
 * (technology_contracts.csv), the table is exported to Excel by the worker and read back, and every printed cell is
 * compared at the printed two decimals.
 *
 * Data: every printed 出口 / 进口 cell of 2016–2020 (whole dollars: 万美元 × 10,000 with two decimals) is spread over
 * up to three contracts in different quarters, of firms in two cities (西安, 咸阳), some with an equipment fee
 * (合同金额 = 技术费 + 设备费 is what counts). 进出口 and 合计 are left to the portal.
 *
 * 2021 出口 is printed as percentages (the column sums to 100.00; golden/README.md): the data is 表13's exported
 * total (tt_t13 合计 合同金额, 22,513.4 万) split by those shares, and the portal prints amounts there — the column
 * and 进出口 of the rows with exports differ from the print, and each amount is the printed share of the total.
 */

/** Differences from the print the portal is right about (docs/official-tables.md, "Differences to the print"). */
const EXPECTED_DIFFERENCES = ['total', 'TT1', 'TT2', 'TT3', 'TT4', 'TT8'].flatMap((row) => [
  `app_t2|${row}|2021_进出口`,
  `app_t2|${row}|2021_出口`,
]);

const WAN = 10_000;
const MODES_CSV = join(__dirname, '../../../../libs/shared/codes/technology_modes.csv');
const APP_T2 = 'app_t2_shaanxi_tech_trade_2016_2021.tsv';
const PERCENT_YEAR = '2021';

/** Firms in two cities, one pair per direction (contracts alternate between them). */
const FIRMS = [
  { region: '610113', nature: 'DOM-PRI' },
  { region: '610403', nature: 'FIE' },
];

describe('golden: technology trade by mode over six years (附表2)', () => {
  let s: TestStack;
  let worker: Managed;
  let ws: ExcelJS.Worksheet;
  let view: OfficialTableView;
  const golden = readGolden(APP_T2);
  const modeOf = new Map<string, string>();
  /** 表13's 2021 export total, 万美元: what the print's 2021 出口 percentages are shares of. */
  const exportTotal2021 = Number(readGolden('tt_t13_export_by_industry_2021.tsv').rows[0][3]);

  const importHistorical = async (data: ExchangeData) => {
    const { zip } = await writeBundle(data);
    const created = await s.upload('admin', 'app-t2.zip', zip, { kind: 'HISTORICAL', sourceNote: '技术合同登记系统' });
    expect(created.status).toBe(202);
    const job = await settledImport(s, created.body.id, 'admin', 150_000);
    if (job.status === 'FAILED') throw new Error(JSON.stringify(job.errors.slice(0, 5)));
    return job;
  };

  /** Whole dollars of each mode's 2021 exports: 表13's total split by the printed shares (largest remainder). */
  const exports2021 = (): Map<string, number> => {
    const total = Math.round(exportTotal2021 * WAN);
    const column = golden.header.indexOf(`${PERCENT_YEAR}_出口`);
    const shares = golden.rows.slice(1).map((g) => ({ mode: modeOf.get(g[0])!, share: Number(g[column]) }));
    const out = new Map(shares.map((x) => [x.mode, Math.round((total * x.share) / 100)]));
    const largest = shares.reduce((a, b) => (b.share > a.share ? b : a)).mode;
    out.set(largest, out.get(largest)! + total - [...out.values()].reduce((a, b) => a + b, 0));
    return out;
  };

  beforeAll(async () => {
    for (const line of readFileSync(MODES_CSV, 'utf8').trim().split(/\r?\n/).slice(1)) {
      const [code, name] = line.split(',');
      modeOf.set(`${code.slice(2)}、${name}`, code);
    }
    s = await startTestStack();
    worker = await startWorker(s.config);

    const enterprises: ExchangeData['enterprises'] = [];
    const usccs: Record<'EXPORT' | 'IMPORT', string[]> = { EXPORT: [], IMPORT: [] };
    for (const direction of ['EXPORT', 'IMPORT'] as const)
      FIRMS.forEach((f, i) => {
        const uscc = withUsccCheck(`91610000AT2${direction === 'EXPORT' ? 'E' : 'M'}${String(i).padStart(5, '0')}`);
        usccs[direction].push(uscc);
        enterprises.push({
          uscc,
          nameZh: `附表2金样企业${direction === 'EXPORT' ? '出口' : '进口'}${i + 1}`,
          regionCode: f.region,
          zoneCode: null,
          natureCode: f.nature,
          industryCode: 'M',
          keyEnterprise: false,
        });
      });

    const contracts: NonNullable<ExchangeData['technologyContracts']> = [];
    const addContracts = (year: string, mode: string, direction: 'EXPORT' | 'IMPORT', dollars: number) => {
      if (dollars === 0) return;
      const n = Math.min(3, Math.ceil(dollars / 1_000_000));
      for (let k = 0; k < n; k++) {
        const amount = Math.floor(dollars / n) + (k === 0 ? dollars % n : 0);
        // Every second contract carries an equipment fee: the table counts 合同金额, not 技术费.
        const equipmentFee = k % 2 === 1 ? Math.floor(amount / 5) : 0;
        contracts.push({
          uscc: usccs[direction][contracts.length % FIRMS.length],
          contractNo: `AT2-${year}-${mode}-${direction[0]}${k + 1}`,
          direction,
          signedDate: `${year}-${String(3 * ((k + Number(year)) % 4) + 2).padStart(2, '0')}-15`,
          modeCode: mode,
          foreignParty: 'Golden Technology Partner Ltd',
          partnerCode: direction === 'EXPORT' ? 'US' : 'DE',
          techFee: amount - equipmentFee,
          equipmentFee,
          contractAmount: amount,
          currency: 'USD',
          registrationNo: null,
        });
      }
    };
    const shares2021 = exports2021();
    for (const g of golden.rows.slice(1)) {
      const mode = modeOf.get(g[0]);
      if (!mode) throw new Error(`附表2: no technology mode named ${g[0]}`);
      golden.header.forEach((column, c) => {
        const [year, measure] = column.split('_');
        if (measure === '出口')
          addContracts(
            year,
            mode,
            'EXPORT',
            year === PERCENT_YEAR ? shares2021.get(mode)! : Math.round(Number(g[c]) * WAN),
          );
        if (measure === '进口') addContracts(year, mode, 'IMPORT', Math.round(Number(g[c]) * WAN));
      });
    }

    const none = { servicesTrade: [], contracts: [], executions: [], workforce: [] };
    await importHistorical({ ...none, enterprises });
    await importHistorical({ ...none, enterprises: [], technologyContracts: contracts });

    const res = await s.call('GET', '/api/official-tables/app_t2?period=2021', { as: 'province' });
    expect(res.status).toBe(200);
    view = res.body;
    const { wb: workbook } = await exportedWorkbook(s, 'province', {
      tableId: 'app_t2',
      period: '2021',
      territory: '610000',
    });
    ws = tableSheet(workbook, 'app_t2');
  }, 600_000);

  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  const keyOf = (label: string) => (label === '合计' ? 'total' : modeOf.get(label)!);
  /** The exported cell of a printed row and column (title, unit line and header rows above the body). */
  const sheetCell = (label: string, column: string) => {
    const index = view.rows.findIndex((r) => r.key === keyOf(label));
    if (index < 0) throw new Error(`app_t2: no row ${keyOf(label)} (${label})`);
    return ws.getCell(3 + view.headerRows + index, golden.header.indexOf(column) + 1).value;
  };
  const cents = (v: unknown) => Math.round(Number(v) * 100);

  it('reproduces every printed cell of 2016–2020 and differs only where 2021 出口 is printed as percentages', () => {
    expect(view.rows.map((r) => r.label)).toEqual(golden.rows.map((g) => g[0]));
    expect(ws.getCell(1, 1).value).toBe('表2：历年陕西省技术贸易进出口数据（2016--2021）');
    const differences: string[] = [];
    for (const g of golden.rows)
      golden.header.forEach((column, c) => {
        if (c === 0) return;
        const cell = sheetCell(g[0], column);
        if (typeof cell !== 'number') throw new Error(`app_t2 ${g[0]} ${column}: ${String(cell)} is not a number`);
        if (cents(cell) !== cents(g[c])) differences.push(`app_t2|${keyOf(g[0])}|${column}`);
      });
    expect(differences.sort()).toEqual([...EXPECTED_DIFFERENCES].sort());
  });

  it('prints 2021 exports as amounts: 表13 total, each mode its printed share of it, 进出口 = 出口 + 进口', () => {
    const exportCol = `${PERCENT_YEAR}_出口`;
    const importCol = `${PERCENT_YEAR}_进口`;
    const printed = (g: string[], column: string) => g[golden.header.indexOf(column)];
    expect(cents(sheetCell('合计', exportCol))).toBe(cents(exportTotal2021));
    for (const g of golden.rows) {
      const amount = Number(sheetCell(g[0], exportCol));
      // The printed percentage is the mode's share of the amount (two decimals, as printed).
      expect(((amount / exportTotal2021) * 100).toFixed(2)).toBe(printed(g, exportCol));
      // 进出口 is the export amount plus the printed imports, never 100 + imports.
      expect(cents(sheetCell(g[0], `${PERCENT_YEAR}_进出口`))).toBe(cents(amount) + cents(printed(g, importCol)));
    }
  });

  it('counts the registered contracts behind each row and reads the same figures for a city', async () => {
    // Coverage of the latest year: every registered 2021 contract of the province stands behind 合计.
    const [{ n }] = await s.ds.query(
      `SELECT count(*)::int AS n FROM technology_contract WHERE period_code LIKE '2021Q%' AND status = 'REGISTERED'`,
    );
    expect(n).toBeGreaterThan(0);
    expect(view.rows[0].coverage).toMatchObject({ approvedReturns: n, pendingReturns: 0 });
    // Xi'an's table holds only its firms' contracts: less than the province wherever the other city has business.
    const city = (await s.call('GET', '/api/official-tables/app_t2?period=2021&territory=610100', { as: 'xian' })).body;
    const totalCol = view.columns.findIndex((c) => c.key === 'total');
    expect(city.rows[0].cells[totalCol].value).toBeGreaterThan(0);
    expect(city.rows[0].cells[totalCol].value).toBeLessThan(view.rows[0].cells[totalCol].value as number);
  });
});
