import { listQuery, startTestStack, type TestStack } from '../utils/app';

/** 属地管理: a reviewer sees the firms of their own review unit only, and a firm only itself. */
describe('territory of enterprises', () => {
  let s: TestStack;
  let xianFirmId: string;
  let xianyangFirmId: string;
  beforeAll(async () => {
    s = await startTestStack();
    const all = await s.call('GET', `/api/enterprises${listQuery({ range: [0, 99] })}`, { as: 'admin' });
    xianFirmId = all.body.find((e: { nameZh: string }) => e.nameZh === '西安云图软件科技有限公司').id;
    xianyangFirmId = all.body.find((e: { nameZh: string }) => e.nameZh === '咸阳智汇信息技术有限公司').id;
  });
  afterAll(() => s.close());

  it('lists only the firms of the reviewer’s own city', async () => {
    const xianyang = await s.call('GET', '/api/enterprises', { as: 'xianyang' });
    expect(xianyang.status).toBe(200);
    expect(xianyang.body.map((e: { reviewUnitCode: string }) => e.reviewUnitCode)).toEqual(['610400', '610400']);
    expect(xianyang.headers.get('content-range')).toBe('enterprises 0-1/2');
    const xian = await s.call('GET', '/api/enterprises', { as: 'xian' });
    expect(xian.body).toHaveLength(3);
    expect(new Set(xian.body.map((e: { reviewUnitCode: string }) => e.reviewUnitCode))).toEqual(new Set(['610100']));
  });

  it('refuses a reviewer of Xianyang a Xi’an firm by id (404, as if it did not exist)', async () => {
    const res = await s.call('GET', `/api/enterprises/${xianFirmId}`, { as: 'xianyang' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(res.body.message_zh).toBe('企业 不存在或无权访问');
    expect(res.body.message_en).toBe('Enterprise does not exist or is not accessible');
    expect((await s.call('GET', `/api/enterprises/${xianyangFirmId}`, { as: 'xianyang' })).status).toBe(200);
  });

  it('does not let a filter reach across the territory', async () => {
    const res = await s.call('GET', `/api/enterprises${listQuery({ filter: { reviewUnitCode: '610100' } })}`, {
      as: 'xianyang',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    const byId = await s.call('GET', `/api/enterprises${listQuery({ filter: { id: [xianFirmId, xianyangFirmId] } })}`, {
      as: 'xianyang',
    });
    expect(byId.body.map((e: { id: string }) => e.id)).toEqual([xianyangFirmId]);
  });

  it('shows a firm user only their own firm', async () => {
    const own = await s.call('GET', '/api/enterprises', { as: 'firm-xian-1' });
    expect(own.body.map((e: { id: string }) => e.id)).toEqual([xianFirmId]);
    expect((await s.call('GET', `/api/enterprises/${xianyangFirmId}`, { as: 'firm-xian-1' })).status).toBe(404);
  });

  it('shows the province every firm of the province', async () => {
    const res = await s.call('GET', '/api/enterprises', { as: 'province' });
    expect(res.headers.get('content-range')).toBe('enterprises 0-5/6');
  });
});
