import { startTestStack, type ApiResponse, type TestStack } from '../utils/app';

/**
 * Expensive endpoints are limited per user (issue 13, item 11): requests a minute (in Redis, shared by API
 * processes) and exports or imports queued or running at once. No worker runs here, so accepted jobs stay QUEUED.
 */
describe('rate limits on exports, imports and downloads', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack({
      env: {
        THROTTLE_EXPORTS_PER_MINUTE: '5',
        THROTTLE_IMPORTS_PER_MINUTE: '4',
        THROTTLE_DOWNLOADS_PER_MINUTE: '6',
        JOBS_IN_FLIGHT_PER_USER: '2',
      },
    });
  });
  afterAll(() => s?.close());

  const count = (answers: ApiResponse[]) =>
    answers.reduce<Record<number, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {});

  const expectRateLimited = (res: ApiResponse, limit: number) => {
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({
      code: 'RATE_LIMITED',
      message_zh: expect.stringContaining(`每分钟最多 ${limit} 次`),
      message_en: expect.stringContaining(`at most ${limit} a minute`),
    });
    const seconds = Number(res.headers.get('retry-after'));
    expect(seconds >= 1 && seconds <= 60).toBe(true);
  };

  const exportRequest = (as: string) =>
    s.call('POST', '/api/exports', { as, body: { tableId: 'so_t01', period: '2021', territory: '610000' } });

  it('60 export requests at once: five pass the limit, of which two are queued and three refused as in flight', async () => {
    await s.login('province');
    const answers = await Promise.all(Array.from({ length: 60 }, () => exportRequest('province')));
    expect(count(answers)).toEqual({ 202: 2, 409: 3, 429: 55 });
    expectRateLimited(
      answers.find((a) => a.status === 429)!,
      5,
    );
    expect(answers.find((a) => a.status === 409)!.body).toMatchObject({
      code: 'JOBS_IN_FLIGHT',
      message_zh: expect.stringContaining('您已有 2 个导出任务在排队或运行'),
      message_en: expect.stringContaining('You already have 2 export jobs queued or running'),
    });
    const [{ n }] = await s.ds.query(
      `SELECT count(*)::int AS n FROM export_job j JOIN app_user u ON u.id = j.created_by WHERE u.username = 'province'`,
    );
    expect(n).toBe(2);
  });

  it('counts per user: another user exports meanwhile, and gets a slot back when a job of theirs finishes', async () => {
    expect((await exportRequest('admin')).status).toBe(202);
    expect((await exportRequest('admin')).status).toBe(202);
    expect((await exportRequest('admin')).status).toBe(409);
    await s.ds.query(
      `UPDATE export_job SET status = 'SUCCEEDED' WHERE id = (
         SELECT j.id FROM export_job j JOIN app_user u ON u.id = j.created_by WHERE u.username = 'admin' LIMIT 1)`,
    );
    expect((await exportRequest('admin')).status).toBe(202);
  });

  it('40 uploads at once: four pass the limit before anything is read, two are stored and queued', async () => {
    const { accessToken } = await s.login('firm-xian-1');
    const upload = () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(Buffer.from('uscc,period\n'))]), 'returns.csv');
      return fetch(`${s.baseUrl}/api/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        body: form,
      }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.json(), text: '' }) as ApiResponse);
    };
    const answers = await Promise.all(Array.from({ length: 40 }, upload));
    expect(count(answers)).toEqual({ 202: 2, 409: 2, 429: 36 });
    expectRateLimited(
      answers.find((a) => a.status === 429)!,
      4,
    );
    expect(answers.find((a) => a.status === 409)!.body.message_en).toContain('2 import jobs queued or running');
    const [{ n }] = await s.ds.query(`SELECT count(*)::int AS n FROM import_upload`);
    expect(n).toBe(2);
  });

  it('30 bundle downloads in a row: six are built, the rest refused', async () => {
    await s.login('province');
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => s.call('GET', '/api/exchange/bundle', { as: 'province' })),
    );
    expect(count(answers)).toEqual({ 200: 6, 429: 24 });
    expectRateLimited(
      answers.find((a) => a.status === 429)!,
      6,
    );
  });
});
