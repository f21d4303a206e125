import type { OfficialTableView } from '@portal/shared';
import { OfficialTablesService } from '../../src/modules/official-tables/official-tables.service';
import { aReturnContent, aTradeLine } from '../factories/returns';
import { submitted } from '../factories/review';
import { startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';

/**
 * Tables of approved facts are kept between requests while what they read is unchanged (issue 19: 50 statisticians
 * previewing tables at national size), and computed again at once when it changes — a submission, an approval, an
 * exchange rate — never served stale.
 */
describe('official tables kept between requests, and only while nothing they read has changed', () => {
  let s: TestStack;
  let worker: Managed;
  let compute: jest.SpyInstance;

  const table = async (query: string, as = 'province') => {
    const res = await s.call('GET', `/api/official-tables/${query}`, { as });
    expect(res.status).toBe(200);
    return res.body as OfficialTableView;
  };
  const SO_T01 = 'so_t01?period=2026Q3&territory=610000';

  beforeAll(async () => {
    s = await startTestStack();
    await s.ds.query(`UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code = '2026Q3'`);
    worker = await startWorker(s.config);
    compute = jest.spyOn(s.app.get(OfficialTablesService), 'compute');
  });
  afterAll(async () => {
    compute?.mockRestore();
    await worker?.stop();
    await s?.close();
  });

  it('serves a table again without computing it, and computes it again on a submission and an approval', async () => {
    const first = await table(SO_T01);
    const computed = compute.mock.calls.length;
    expect(await table(SO_T01)).toEqual(first);
    expect(compute.mock.calls.length).toBe(computed);

    const r = await submitted(s, 'firm-xianyang-1', '2026Q3', (p) =>
      aReturnContent(p, { servicesTrade: [aTradeLine({ categoryCode: 'SJ', amount: 4321 })] }),
    );
    expect(r.status).toBe('SUBMITTED');
    const pending = await table(SO_T01);
    expect(pending.coverage.pendingReturns).toBe(first.coverage.pendingReturns + 1);
    expect(compute.mock.calls.length).toBe(computed + 1);

    const city = await s.call('POST', `/api/returns/${r.id}/approve`, {
      as: 'xianyang',
      body: { version: r.version, note: '已核实' },
    });
    expect(city.status).toBe(200);
    const province = await s.call('POST', `/api/returns/${r.id}/approve`, {
      as: 'province',
      body: { version: city.body.version },
    });
    expect(province.body.status).toBe('APPROVED');
    const approved = await table(SO_T01);
    expect(approved.coverage).toMatchObject({
      approvedReturns: first.coverage.approvedReturns + 1,
      pendingReturns: first.coverage.pendingReturns,
    });
    expect(approved.snapshotHash).not.toBe(first.snapshotHash);
  });

  it('follows a changed exchange rate at once, and keeps each territory and currency apart', async () => {
    const cny = `${SO_T01}&currency=CNY`;
    const before = await table(cny);
    const usd = await table(SO_T01);
    expect(before.parameters.currency).toBe('CNY');
    const [{ rate }] = await s.ds.query(`SELECT cny_per_usd::float AS rate FROM period WHERE code = '2026Q3'`);
    await s.ds.query(`UPDATE period SET cny_per_usd = cny_per_usd * 2 WHERE code = '2026Q3'`);
    try {
      const after = await table(cny);
      // The first amount of the total row (amounts print in 万元 or 亿元: the same rate doubles every one of them).
      const total = (v: OfficialTableView) =>
        v.rows[0].cells.find((c) => c.format.startsWith('amount') && typeof c.value === 'number' && c.value > 0);
      expect(total(before)).toBeDefined();
      expect(Number(total(after)!.value)).toBeCloseTo(Number(total(before)!.value) * 2, 0);
      // The USD table is unchanged by the rate and its own entry.
      expect(await table(SO_T01)).toEqual(usd);
    } finally {
      await s.ds.query(`UPDATE period SET cny_per_usd = $1 WHERE code = '2026Q3'`, [rate]);
    }
    // A city reads its own territory's table, not the province's kept one.
    const xianyang = await table('so_t01?period=2026Q3&territory=610400', 'xianyang');
    expect(xianyang.parameters.territory).toBe('610400');
    expect(xianyang.coverage.approvedReturns).toBeLessThanOrEqual(usd.coverage.approvedReturns);
  });

  it('shows a code edit (a city renamed) at once', async () => {
    const query = 'so_city?period=2026Q3&territory=610000';
    const before = await table(query);
    expect(before.rows.map((r) => r.label)).toContain('咸阳市');
    const [city] = (
      await s.call('GET', `/api/codes/regions?filter=${encodeURIComponent(JSON.stringify({ code: '610400' }))}`, {
        as: 'admin',
      })
    ).body;
    const edit = await s.call('PUT', `/api/codes/regions/${city.id}`, {
      as: 'admin',
      body: { nameZh: '咸阳市（新名）', validFrom: '2026-07-01' },
    });
    expect(edit.status).toBe(200);
    const after = await table(query);
    expect(after.rows.map((r) => r.label)).toContain('咸阳市（新名）');
    expect(after.rows.map((r) => r.label)).not.toContain('咸阳市');
  });

  it('computes the quality annex (the workflow, which no marker covers) every time', async () => {
    const calls = compute.mock.calls.length;
    await table('qa_reporting?period=2026Q3&territory=610000');
    await table('qa_reporting?period=2026Q3&territory=610000');
    expect(compute.mock.calls.length).toBe(calls + 2);
  });
});
