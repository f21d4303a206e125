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

  it('keeps one chain when many entries are appended at once', async () => {
    const [{ id: since }] = await s.ds.query('SELECT COALESCE(max(id), 0)::int AS id FROM audit_log');
    const [{ id: returnId }] = await s.ds.query(
      `SELECT id FROM statistical_return WHERE review_unit_code = '610100' ORDER BY id LIMIT 1`,
    );
    // Every opening of a return's detail is audited: 40 at once are 40 appends racing for the end of the chain.
    await s.login('xian');
    const views = await Promise.all(
      Array.from({ length: 40 }, () => s.call('GET', `/api/returns/${returnId}`, { as: 'xian' })),
    );
    expect(views.map((v) => v.status)).toEqual(Array(40).fill(200));
    const [{ n }] = await s.ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE id > $1 AND action = 'returns.view' AND entity_id = $2`,
      [since, returnId],
    );
    expect(n).toBe(40);
    // A fork would be two entries linked to the same predecessor.
    const forks = await s.ds.query(
      `SELECT b.id FROM audit_log a JOIN audit_log b ON b.prev_hash = a.prev_hash AND b.id > a.id WHERE b.id > $1`,
      [since],
    );
    expect(forks).toEqual([]);
    expect((await s.call('GET', '/api/audit/verify', { as: 'admin' })).body).toMatchObject({ ok: true });
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
