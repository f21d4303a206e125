import { listQuery, startTestStack, type TestStack } from '../utils/app';

/** Periods and deadlines (DOMAIN.md §3): holidays roll the due date forward; who owes what; exceptions. */
describe('periods', () => {
  let s: TestStack;
  let firms: { id: string; nameZh: string }[];
  const firm = (name: string) => firms.find((f) => f.nameZh === name)!.id;

  beforeAll(async () => {
    s = await startTestStack();
    firms = (await s.call('GET', `/api/enterprises${listQuery({ range: [0, 99] })}`, { as: 'admin' })).body;
  });
  afterAll(() => s.close());

  it('lists the demo calendar with the list contract', async () => {
    const res = await s.call('GET', `/api/periods${listQuery({ filter: { year: 2026 }, range: [0, 1] })}`, {
      as: 'firm-xian-1',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('periods 0-1/4');
    expect(res.body.map((p: { id: string }) => p.id)).toEqual(['2026Q4', '2026Q3']);
    const q3 = await s.call('GET', '/api/periods/2026Q3', { as: 'firm-xian-1' });
    expect(q3.body).toMatchObject({
      openDate: '2026-10-01',
      dueDate: '2026-10-15',
      lockDate: '2026-12-31',
      cnyPerUsd: 7,
    });
    expect((await s.call('GET', '/api/periods/2021Q2', { as: 'admin' })).body.cnyPerUsd).toBe(6.45);
    expect((await s.call('GET', '/api/periods/2031Q1', { as: 'admin' })).status).toBe(404);
  });

  it('rolls the due date past holidays and the weekend', async () => {
    for (const [date, nameZh] of [
      ['2027-04-15', '测试假日一'],
      ['2027-04-16', '测试假日二'],
    ]) {
      expect((await s.call('POST', '/api/holidays', { as: 'admin', body: { date, nameZh } })).status).toBe(201);
    }
    const res = await s.call('POST', '/api/periods', { as: 'admin', body: { code: '2027Q1', cnyPerUsd: 7.1 } });
    expect(res.status).toBe(201);
    // 15th and 16th are holidays, 17th and 18th a weekend.
    expect(res.body).toMatchObject({
      openDate: '2027-04-01',
      dueDate: '2027-04-19',
      lockDate: '2027-05-19',
      cnyPerUsd: 7.1,
    });
    const fixed = await s.call('POST', '/api/periods', {
      as: 'admin',
      body: { code: '2027Q2', cnyPerUsd: 7.1, dueDay: 20, rollForward: false, lockDate: '2027-09-30' },
    });
    expect(fixed.body).toMatchObject({ openDate: '2027-07-01', dueDate: '2027-07-20', lockDate: '2027-09-30' });
    expect((await s.call('POST', '/api/periods', { as: 'admin', body: { code: '2027Q1', cnyPerUsd: 7 } })).status).toBe(
      409,
    );
    expect((await s.call('POST', '/api/periods', { as: 'admin', body: { code: '2027Q5', cnyPerUsd: 7 } })).status).toBe(
      400,
    );
    expect(
      (await s.call('POST', '/api/periods', { as: 'province', body: { code: '2027Q3', cnyPerUsd: 7 } })).status,
    ).toBe(403);
    expect((await s.call('DELETE', '/api/holidays/2027-04-16', { as: 'admin' })).status).toBe(200);
    expect(
      (await s.call('GET', '/api/holidays', { as: 'admin' })).body.map((h: { date: string }) => h.date),
    ).not.toContain('2027-04-16');
  });

  it('shows a city who owes the return, where each firm stands and who is late', async () => {
    const res = await s.call('GET', '/api/periods/2026Q3/obligations', { as: 'xian' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('obligations 0-2/3');
    const yt = res.body.find((o: { nameZh: string }) => o.nameZh === '西安云图软件科技有限公司');
    expect(yt).toMatchObject({ owes: true, returnStatus: 'DRAFT', late: true });
    const other = res.body.find((o: { nameZh: string }) => o.nameZh === '西安秦岭数据服务有限公司');
    expect(other).toMatchObject({ owes: true, returnStatus: 'NONE', returnId: null, late: true });
    const xianyang = await s.call('GET', '/api/periods/2026Q3/obligations', { as: 'xianyang' });
    expect(xianyang.body.map((o: { reviewUnitCode: string }) => o.reviewUnitCode)).toEqual(['610400', '610400']);
    const q2 = await s.call(
      'GET',
      `/api/periods/2026Q2/obligations${listQuery({ filter: { returnStatus: 'SUBMITTED' } })}`,
      { as: 'province' },
    );
    expect(q2.body).toEqual([expect.objectContaining({ nameZh: '西安云图软件科技有限公司', late: false })]);
  });

  it('exempts a firm from a period, by the province only', async () => {
    const id = firm('西安丝路工程设计有限公司');
    const body = { enterpriseId: id, reason: '本季度停业整顿' };
    expect((await s.call('POST', '/api/periods/2026Q3/exemptions', { as: 'xian', body })).status).toBe(403);
    expect((await s.call('POST', '/api/periods/2026Q3/exemptions', { as: 'province', body })).status).toBe(201);
    expect((await s.call('POST', '/api/periods/2026Q3/exemptions', { as: 'province', body })).status).toBe(409);
    const res = await s.call('GET', `/api/periods/2026Q3/obligations${listQuery({ filter: { owes: false } })}`, {
      as: 'xian',
    });
    expect(res.body).toEqual([
      expect.objectContaining({ enterpriseId: id, owes: false, late: false, exemptionReason: '本季度停业整顿' }),
    ]);
  });

  it('records extensions and shows them within the territory', async () => {
    const id = firm('咸阳智汇信息技术有限公司');
    const res = await s.call('POST', '/api/periods/2026Q2/extensions', {
      as: 'province',
      body: { enterpriseId: id, until: '2026-12-15', reason: '系统故障补报' },
    });
    expect(res.status).toBe(201);
    expect(res.body.until).toBe('2026-12-15T16:00:00.000Z');
    expect((await s.call('GET', '/api/periods/2026Q2/extensions', { as: 'xianyang' })).body).toHaveLength(1);
    expect((await s.call('GET', '/api/periods/2026Q2/extensions', { as: 'xian' })).body).toHaveLength(0);
    expect(
      (
        await s.call('POST', '/api/periods/2026Q2/extensions', {
          as: 'xianyang',
          body: { enterpriseId: id, until: '2026-12-15', reason: '补报' },
        })
      ).status,
    ).toBe(403);
  });
});
