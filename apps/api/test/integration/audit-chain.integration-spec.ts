import { AuditService } from '../../src/modules/audit/audit.service';
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

  it('filters by action group: "auth" finds every sign-in event and nothing else', async () => {
    await s.login('province');
    const res = await s.call('GET', `/api/audit${listQuery({ filter: { group: 'auth' }, range: [0, 499] })}`, {
      as: 'admin',
    });
    expect(res.status).toBe(200);
    const actions = new Set((res.body as { action: string }[]).map((e) => e.action));
    expect(actions.has('auth.login')).toBe(true);
    expect([...actions].filter((a) => !a.startsWith('auth.'))).toEqual([]);
    // The group is the whole part before the dot, not a prefix of it: "au" finds nothing.
    const part = await s.call('GET', `/api/audit${listQuery({ filter: { group: 'au' } })}`, { as: 'admin' });
    expect(part.body).toEqual([]);
    const views = await s.call('GET', `/api/audit${listQuery({ filter: { group: 'returns' }, range: [0, 499] })}`, {
      as: 'admin',
    });
    expect((views.body as { action: string }[]).some((e) => e.action === 'returns.view')).toBe(true);
    expect((views.body as { action: string }[]).every((e) => e.action.startsWith('returns.'))).toBe(true);
  });

  it('refuses a login with a lone surrogate and keeps the chain verifiable', async () => {
    const res = await s.call('POST', '/api/auth/login', {
      raw: '{"username":"a\\ud800b","password":"whatever"}',
      headers: { 'content-type': 'application/json' },
    });
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_TEXT']);
    expect(res.body.message_en).toContain('body.username');
    const stored = await s.ds.query(`SELECT id FROM audit_log WHERE actor_username LIKE 'a%b'`);
    expect(stored).toEqual([]);
    expect((await s.call('GET', '/api/audit/verify', { as: 'admin' })).body).toMatchObject({ ok: true, breaks: [] });
  });

  it('hashes exactly what it stores, even text the database cannot hold as given', async () => {
    await s.app.get(AuditService).append({
      action: 'test.unstorable',
      actorUsername: 'a\ud800b',
      entityId: 'x\u0000y',
      details: { note: 'lone \udc00 and NUL \u0000', at: new Date(0), skipped: undefined, nested: [{ k: '\ud83d' }] },
    });
    const [row] = await s.ds.query(
      `SELECT actor_username, entity_id, details FROM audit_log WHERE action = 'test.unstorable'`,
    );
    expect(row).toEqual({
      actor_username: 'a\uFFFDb',
      entity_id: 'x\uFFFDy',
      details: { note: 'lone \uFFFD and NUL \uFFFD', at: '1970-01-01T00:00:00.000Z', nested: [{ k: '\uFFFD' }] },
    });
    expect((await s.call('GET', '/api/audit/verify', { as: 'admin' })).body).toMatchObject({ ok: true, breakCount: 0 });
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

  it('reports every break after tampering: each altered row, each deletion, each rewritten link', async () => {
    for (let i = 0; i < 12; i++) await s.login(i % 2 ? 'xian' : 'province');
    const ids: string[] = (await s.ds.query('SELECT id FROM audit_log ORDER BY id')).map((r: { id: string }) => r.id);
    const before = (await s.call('GET', '/api/audit/verify', { as: 'admin' })).body;
    expect(before.breakCount).toBe(1); // the row altered by the previous test
    const [altered] = before.breaks;
    const n = ids.length;
    const [a, b, c, d1, d2, e] = [ids[n - 14], ids[n - 12], ids[n - 10], ids[n - 8], ids[n - 7], ids[n - 4]];
    await s.ds.query(`UPDATE audit_log SET details = '{"ip":"203.0.113.9"}' WHERE id = $1`, [a]);
    await s.ds.query(`UPDATE audit_log SET actor_username = 'someone-else' WHERE id = $1`, [b]);
    await s.ds.query(`DELETE FROM audit_log WHERE id = $1`, [c]);
    await s.ds.query(`DELETE FROM audit_log WHERE id IN ($1, $2)`, [d1, d2]);
    await s.ds.query(`UPDATE audit_log SET hash = repeat('f', 64) WHERE id = $1`, [e]);
    const after = next(ids);
    const res = await s.call('GET', '/api/audit/verify', { as: 'admin' });
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: altered.id, breakCount: 7 });
    expect(res.body.breaks).toEqual([
      altered,
      { id: a, kind: 'ALTERED' },
      { id: b, kind: 'ALTERED' },
      { id: after(c), kind: 'LINK', afterId: ids[n - 11], missing: 1 },
      { id: after(d2), kind: 'LINK', afterId: ids[n - 9], missing: 2 },
      { id: e, kind: 'ALTERED' },
      { id: after(e), kind: 'LINK', afterId: e, missing: 0 },
    ]);
    expect(res.body.checked).toBe(n - 3);
  });
});

/** The id after `id` in the list (before the deletions). */
const next = (ids: string[]) => (id: string) => ids[ids.indexOf(id) + 1];
