import { listQuery, startTestStack, type TestStack } from '../utils/app';

/** The audit log is hash-chained: editing a row in the database is found by the verification endpoint. */
describe('audit chain', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack();
  });
  afterAll(() => s?.close());

  it('verifies an untampered chain, for administrators only', async () => {
    await s.login('xian');
    await s.login('firm-xian-1');
    const res = await s.call('GET', '/api/audit/verify', { as: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, firstBrokenId: null });
    expect(res.body.checked).toBeGreaterThanOrEqual(3);
    expect((await s.call('GET', '/api/audit/verify', { as: 'province' })).status).toBe(403);
    expect((await s.call('GET', '/api/audit', { as: 'xian' })).status).toBe(403);
  });

  it('names the first row changed behind its back', async () => {
    const logins = await s.call(
      'GET',
      `/api/audit${listQuery({ filter: { action: 'auth.login' }, sort: ['id', 'ASC'] })}`,
      {
        as: 'admin',
      },
    );
    const victim = logins.body[1];
    await s.ds.query(`UPDATE audit_log SET details = '{"ip":"10.0.0.1"}' WHERE id = $1`, [victim.id]);
    const res = await s.call('GET', '/api/audit/verify', { as: 'admin' });
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: victim.id });
  });
});
