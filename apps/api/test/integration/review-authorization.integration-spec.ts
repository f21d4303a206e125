import { DEMO_USERS } from '@portal/shared';
import { startTestStack, type TestStack } from '../utils/app';

type User = (typeof DEMO_USERS)[number];
type Target = 'xian' | 'xianyang';

/**
 * Every workflow endpoint × every demo role × a return of Xi'an and one of Xianyang. Before each call the return
 * is put into the state the endpoint acts on, so a success in one case does not change the next.
 */
describe('review: authorization matrix', () => {
  let s: TestStack;
  const ids: Record<Target, string> = { xian: '', xianyang: '' };
  const commentIds: Record<Target, string> = { xian: '', xianyang: '' };

  beforeAll(async () => {
    s = await startTestStack();
    // Approved demo returns of 西安云图 (2026Q1) and 咸阳智汇 (2025Q2); both periods reopened for the firms.
    const rows = await s.ds.query(
      `SELECT r.id, e.review_unit_code FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
       WHERE (e.name_zh = '西安云图软件科技有限公司' AND r.period_code = '2026Q1')
          OR (e.name_zh = '咸阳智汇信息技术有限公司' AND r.period_code = '2025Q2')`,
    );
    for (const r of rows) ids[r.review_unit_code === '610100' ? 'xian' : 'xianyang'] = r.id;
    await s.ds.query(`UPDATE period SET lock_date = '2099-12-31' WHERE code IN ('2026Q1', '2025Q2')`);
    for (const t of ['xian', 'xianyang'] as const) {
      const [c] = await s.ds.query(
        `INSERT INTO review_comment (return_id, revision, transition_id, path, text, proposed_value, has_proposal,
           author_id, author_username, author_role)
         SELECT $1, 1, 0, 'workforce.doctor', '请核实', '3', true, id, username, 'MUNICIPAL_REVIEWER'
         FROM app_user WHERE username = 'province' RETURNING id`,
        [ids[t]],
      );
      commentIds[t] = c.id;
    }
  });
  afterAll(() => s?.close());

  async function putInState(id: string, status: string) {
    await s.ds.query('DELETE FROM return_revision WHERE return_id = $1 AND revision > 1', [id]);
    await s.ds.query('UPDATE review_comment SET response = NULL WHERE return_id = $1', [id]);
    await s.ds.query(
      `UPDATE statistical_return SET status = $2::varchar, current_revision = 1,
         approved_revision = CASE WHEN $2::varchar = 'APPROVED' THEN 1 ELSE NULL END WHERE id = $1`,
      [id, status],
    );
  }

  interface Endpoint {
    name: string;
    state: string;
    call: (as: User, target: Target, version: number) => ReturnType<TestStack['call']>;
    /** expected status per user: [on the Xi'an return, on the Xianyang return] */
    expect: Record<User, [number, number]>;
  }
  const post = (action: string, body: Record<string, unknown>) => (as: User, t: Target, version: number) =>
    s.call('POST', `/api/returns/${ids[t]}/${action}`, { as, body: { version, ...body } });
  const read = (what: string) => (as: User, t: Target) => s.call('GET', `/api/returns/${ids[t]}/${what}`, { as });
  const municipal: Endpoint['expect'] = {
    admin: [403, 403],
    province: [403, 403],
    xian: [200, 404],
    xianyang: [404, 200],
    'firm-xian-1': [403, 403],
    'firm-xianyang-1': [403, 403],
  };
  const provincial: Endpoint['expect'] = {
    admin: [403, 403],
    province: [200, 200],
    xian: [403, 404],
    xianyang: [404, 403],
    'firm-xian-1': [403, 403],
    'firm-xianyang-1': [403, 403],
  };
  const reading: Endpoint['expect'] = {
    admin: [200, 200],
    province: [200, 200],
    xian: [200, 404],
    xianyang: [404, 200],
    'firm-xian-1': [200, 404],
    'firm-xianyang-1': [404, 200],
  };
  const ENDPOINTS: Endpoint[] = [
    { name: 'approve (municipal)', state: 'SUBMITTED', call: post('approve', {}), expect: municipal },
    { name: 'return (municipal)', state: 'SUBMITTED', call: post('return', { reason: '请核实' }), expect: municipal },
    { name: 'approve (provincial)', state: 'MUNICIPAL_APPROVED', call: post('approve', {}), expect: provincial },
    {
      name: 'return (provincial)',
      state: 'MUNICIPAL_APPROVED',
      call: post('return', { reason: '请核实' }),
      expect: provincial,
    },
    {
      name: 'send-back',
      state: 'MUNICIPAL_APPROVED',
      call: post('send-back', { reason: '请市局核实' }),
      expect: { ...provincial, xian: [403, 403], xianyang: [403, 403] },
    },
    {
      name: 'correction-request',
      state: 'APPROVED',
      call: post('correction-request', { reason: '漏报一笔' }),
      expect: {
        admin: [403, 403],
        province: [403, 403],
        xian: [403, 403],
        xianyang: [403, 403],
        'firm-xian-1': [200, 404],
        'firm-xianyang-1': [404, 200],
      },
    },
    { name: 'transitions', state: 'APPROVED', call: read('transitions'), expect: reading },
    { name: 'comments', state: 'APPROVED', call: read('comments'), expect: reading },
    { name: 'diff', state: 'APPROVED', call: read('diff'), expect: reading },
    {
      name: 'respond to a proposal',
      state: 'RETURNED',
      call: (as, t) =>
        s.call('POST', `/api/returns/${ids[t]}/comments/${commentIds[t]}/respond`, {
          as,
          body: { accept: false, reason: '以原数为准' },
        }),
      expect: {
        admin: [403, 403],
        province: [403, 403],
        xian: [403, 403],
        xianyang: [403, 403],
        'firm-xian-1': [200, 404],
        'firm-xianyang-1': [404, 200],
      },
    },
  ];

  const cases = ENDPOINTS.flatMap((e) =>
    DEMO_USERS.flatMap((u) =>
      (['xian', 'xianyang'] as const).map((t, i) => [e.name, u, t, e.expect[u][i], e] as const),
    ),
  );

  it.each(cases)('%s as %s on the %s return → %i', async (_name, user, target, status, e) => {
    await putInState(ids[target], e.state);
    const [{ version }] = await s.ds.query('SELECT version FROM statistical_return WHERE id = $1', [ids[target]]);
    const res = await e.call(user, target, version);
    expect(res.status).toBe(status);
    if (status === 404) expect(res.body.code).toBe('NOT_FOUND');
    if (status === 403) expect(res.body.code).toBe('FORBIDDEN');
  });

  const desk: [string, (as: User) => ReturnType<TestStack['call']>][] = [
    ['GET /api/review/inbox', (as) => s.call('GET', '/api/review/inbox', { as })],
    ['GET /api/review/overdue', (as) => s.call('GET', '/api/review/overdue?periodCode=2026Q3', { as })],
    [
      'POST /api/review/bulk-approve',
      (as) => s.call('POST', '/api/review/bulk-approve', { as, body: { ids: [ids.xian] } }),
    ],
    [
      'POST /api/review/reminders',
      (as) => s.call('POST', '/api/review/reminders', { as, body: { periodCode: '2026Q3' } }),
    ],
  ];
  it.each(
    desk.flatMap(([name, call]) => DEMO_USERS.map((u) => [name, u, u.startsWith('firm-') ? 403 : 200, call] as const)),
  )('%s as %s → %i', async (_name, user, status, call) => {
    expect((await call(user)).status).toBe(status);
  });
});
