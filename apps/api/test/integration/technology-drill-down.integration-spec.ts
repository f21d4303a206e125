import { writeBundle, type ExchangeData } from '@portal/exchange';
import { withUsccCheck, type ContractDrillDownRow, type OfficialTableView } from '@portal/shared';
import { startTestStack, type ApiResponse, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { eventually } from '../factories/load';
import { settledImport } from '../utils/imports';

/*
 * Drill-down from a row of a technology table to the contracts behind it: the registered ones the row counts (with
 * the amount it counts) and those of its territory waiting for the city, through the row's own match (mode,
 * economy under its continent, both directions in 附表2) — and only within the caller's territory.
 *
 * Data, all signed in 2026Q4: 西安 (firm-xian-1) files two exports through the workflow, the city registers one
 * (TE-A, TT4, US, 180,000) and the other waits (TE-B, TT3, US, 50,000); a 咸阳 firm's registered contracts come from
 * a historical bundle (HX-1 export TT4 JP 20,000; HX-2 import TT1 DE 30,000).
 */

const PERIOD = '2026Q4';
const XIANYANG_FIRM = withUsccCheck('91610403MA6U0DD01');

describe('technology tables: drill-down to contracts', () => {
  let s: TestStack;
  let worker: Managed;
  /** TE-A as registered by the city. */
  let registeredA: { id: string; registrationNo: string };

  const contracts = (as: string, table: string, row: string, territory?: string) =>
    s.call(
      'GET',
      `/api/official-tables/${table}/contracts?period=${PERIOD}&row=${encodeURIComponent(row)}${
        territory ? `&territory=${territory}` : ''
      }`,
      { as },
    );
  const listed = (res: ApiResponse) =>
    (res.body as ContractDrillDownRow[]).map((c) => `${c.contractNo}:${c.contributes ? 'counted' : 'waiting'}`).sort();

  const file = async (content: Record<string, unknown>) => {
    const created = await s.call('POST', '/api/technology-contracts', { as: 'firm-xian-1', body: { content } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const submitted = await s.call('POST', `/api/technology-contracts/${id}/submit`, {
      as: 'firm-xian-1',
      body: { version: created.body.rowVersion },
    });
    expect(submitted.status).toBe(200);
    return eventually(
      `contract ${id} checked`,
      async () => {
        const c = (await s.call('GET', `/api/technology-contracts/${id}`, { as: 'xian' })).body;
        return c.status === 'SUBMITTED' ? c : null;
      },
      30_000,
    );
  };
  const doc = (o: Record<string, unknown>) => ({
    direction: 'EXPORT',
    signedDate: '2026-10-12',
    foreignParty: 'Contoso Ltd.',
    partnerCode: 'US',
    equipmentFee: 0,
    currency: 'USD',
    category: 'FREE',
    licenceNo: null,
    ...o,
  });

  beforeAll(async () => {
    s = await startTestStack();
    // Today is after the signing dates; 2026Q4 must not be locked whenever the suite runs.
    await s.ds.query(`UPDATE period SET lock_date = '2099-12-31' WHERE code = '2026Q4'`);
    worker = await startWorker(s.config);

    const a = await file(doc({ contractNo: 'TE-A', modeCode: 'TT4', techFee: 180000, contractAmount: 180000 }));
    const registered = await s.call('POST', `/api/technology-contracts/${a.id}/register`, {
      as: 'xian',
      body: { version: a.rowVersion },
    });
    expect(registered.status).toBe(200);
    registeredA = registered.body;
    await file(doc({ contractNo: 'TE-B', modeCode: 'TT3', techFee: 50000, contractAmount: 50000 }));

    const contract = (o: Partial<NonNullable<ExchangeData['technologyContracts']>[number]>) => ({
      uscc: XIANYANG_FIRM,
      contractNo: '',
      direction: 'EXPORT' as const,
      signedDate: '2026-11-02',
      modeCode: 'TT4',
      foreignParty: 'Partner KK',
      partnerCode: 'JP',
      techFee: 20000,
      equipmentFee: 0,
      contractAmount: 20000,
      currency: 'USD' as const,
      registrationNo: null,
      ...o,
    });
    const { zip } = await writeBundle({
      enterprises: [
        {
          uscc: XIANYANG_FIRM,
          nameZh: '咸阳技术贸易钻取测试有限公司',
          regionCode: '610403',
          zoneCode: null,
          natureCode: 'DOM-PRI',
          industryCode: 'C',
          keyEnterprise: false,
        },
      ],
      servicesTrade: [],
      contracts: [],
      executions: [],
      workforce: [],
      technologyContracts: [
        contract({ contractNo: 'HX-1' }),
        contract({
          contractNo: 'HX-2',
          direction: 'IMPORT',
          modeCode: 'TT1',
          partnerCode: 'DE',
          techFee: 30000,
          contractAmount: 30000,
        }),
      ],
    });
    const created = await s.upload('admin', 'xianyang.zip', zip, {
      kind: 'HISTORICAL',
      sourceNote: '技术合同登记系统',
    });
    expect(created.status).toBe(202);
    const job = await settledImport(s, created.body.id, 'admin', 60_000);
    expect(job.status).toBe('SUCCEEDED');
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  it('lists the registered contracts a mode row counts, with their amounts, and the waiting ones apart', async () => {
    const tt4 = await contracts('province', 'tt_t12', 'TT4');
    expect(tt4.status).toBe(200);
    expect(listed(tt4)).toEqual(['HX-1:counted', 'TE-A:counted']);
    expect(tt4.body.find((c: ContractDrillDownRow) => c.contractNo === 'TE-A')).toMatchObject({
      contractId: registeredA.id,
      enterpriseName: expect.any(String),
      direction: 'EXPORT',
      periodCode: PERIOD,
      status: 'REGISTERED',
      registrationNo: registeredA.registrationNo,
      contractAmountUsd: 180000,
    });
    expect(listed(await contracts('province', 'tt_t12', 'TT3'))).toEqual(['TE-B:waiting']);
    expect(listed(await contracts('province', 'tt_t12', 'total'))).toEqual([
      'HX-1:counted',
      'TE-A:counted',
      'TE-B:waiting',
    ]);
    // What the drill-down counts is what the table's coverage says stands behind the row.
    const view: OfficialTableView = (
      await s.call('GET', `/api/official-tables/tt_t12?period=${PERIOD}`, { as: 'province' })
    ).body;
    expect(view.rows.find((r) => r.key === 'TT4')!.coverage.approvedReturns).toBe(2);
  });

  it('follows the rows of other layouts: continents over economies, both directions in 附表2', async () => {
    expect(listed(await contracts('province', 'tt_t14', 'C:AS'))).toEqual(['HX-1:counted']);
    expect(listed(await contracts('province', 'tt_t14', 'US'))).toEqual(['TE-A:counted', 'TE-B:waiting']);
    expect(listed(await contracts('province', 'tt_t17', 'DE'))).toEqual(['HX-2:counted']);
    expect(listed(await contracts('province', 'app_t2', 'total'))).toEqual([
      'HX-1:counted',
      'HX-2:counted',
      'TE-A:counted',
      'TE-B:waiting',
    ]);
  });

  it('keeps to the caller’s territory', async () => {
    expect(listed(await contracts('xian', 'tt_t12', 'total', '610100'))).toEqual(['TE-A:counted', 'TE-B:waiting']);
    expect(listed(await contracts('xianyang', 'app_t2', 'total', '610400'))).toEqual(['HX-1:counted', 'HX-2:counted']);
    const refused = await contracts('xianyang', 'tt_t12', 'total', '610100');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('TERRITORY_OUT_OF_SCOPE');
    expect((await contracts('firm-xian-1', 'tt_t12', 'total')).status).toBe(403);
  });

  it('refuses tables that are not made of contracts and unknown rows, in Chinese and English', async () => {
    const other = await contracts('province', 'so_t01', 'total');
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('TABLE_NOT_OF_CONTRACTS');
    expect(other.body.message_zh).toContain('so_t01');
    expect(other.body.message_en).toContain('not summed from technology contracts');
    const unknown = await contracts('province', 'tt_t12', 'TT9');
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('TABLE_PARAMETER');
    // A technology row has no returns behind it: the returns drill-down lists none.
    const returns = await s.call('GET', `/api/official-tables/tt_t12/drill-down?period=${PERIOD}&row=total`, {
      as: 'province',
    });
    expect(returns.body).toEqual([]);
  });
});
