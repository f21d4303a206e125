import { hasPermission, type Role } from '@portal/shared';
import { routeTable } from '../../src/core/auth/route-table';
import { EnterprisesService } from '../../src/modules/enterprises/enterprises.service';
import {
  CALLERS,
  expectedOutcome,
  ROUTE_MATRIX,
  type Caller,
  type MatrixContext,
  type Outcome,
} from '../authz/route-matrix';
import { listQuery, startTestStack, type TestStack } from '../utils/app';

/**
 * Every endpoint × every role × own or foreign territory (firm, city, zone, province), generated from the route
 * table: a route without an entry in ROUTE_MATRIX fails here, so a new endpoint cannot ship without its rule.
 */
describe('authorization matrix of every route', () => {
  let s: TestStack;
  let c: MatrixContext;
  const roles = new Map<Caller, Role[]>();

  beforeAll(async () => {
    s = await startTestStack();
    const created = await s.call('POST', '/api/users', {
      as: 'admin',
      body: {
        username: 'xixian',
        displayName: '西咸新区商务局',
        password: 'Xixian#Zone2026',
        roles: ['MUNICIPAL_REVIEWER'],
        scopeKind: 'REGION',
        scopeCode: '6101Z8',
      },
    });
    expect(created.status).toBe(201);
    for (const caller of CALLERS)
      roles.set(caller, (await s.login(caller, caller === 'xixian' ? 'Xixian#Zone2026' : undefined)).user.roles);

    const [firm] = await s.ds.query(`SELECT id FROM enterprise WHERE name_zh = '西安云图软件科技有限公司'`);
    const [ret] = await s.ds.query(
      `SELECT id, current_revision FROM statistical_return WHERE enterprise_id = $1 AND status = 'SUBMITTED' ORDER BY period_code LIMIT 1`,
      [firm.id],
    );
    const [finding] = await s.ds.query(
      `INSERT INTO validation_finding (return_id, revision, rule_id, severity, cells, message_zh, message_en, params, status)
       VALUES ($1, $2, 'R-CHG-001', 'EXPLAIN', '["servicesTrade[0].amount"]', '环比变化较大', 'Large change', '{}', 'OPEN') RETURNING id`,
      [ret.id, ret.current_revision],
    );
    const [xianUser] = await s.ds.query(`SELECT id FROM app_user WHERE username = 'xian'`);
    const [transition] = await s.ds.query(
      `INSERT INTO return_transition (return_id, revision, action, from_status, to_status, actor_id, actor_username, reason, at)
       VALUES ($1, $2, 'municipal-return', 'SUBMITTED', 'RETURNED', $3, 'xian', '矩阵测试', now()) RETURNING id`,
      [ret.id, ret.current_revision, xianUser.id],
    );
    const [comment] = await s.ds.query(
      `INSERT INTO review_comment (return_id, revision, transition_id, path, text, proposed_value, has_proposal, author_id, author_username, author_role)
       VALUES ($1, $2, $3, 'servicesTrade[0].amount', '请核实金额', '100', true, $4, 'xian', 'MUNICIPAL_REVIEWER') RETURNING id`,
      [ret.id, ret.current_revision, transition.id, xianUser.id],
    );
    const [notification] = await s.ds.query(
      `INSERT INTO notification (user_id, kind, title_zh, title_en, body) VALUES ($1, 'REMINDER', '提醒', 'Reminder', '测试') RETURNING id`,
      [xianUser.id],
    );
    const form = new FormData();
    form.append('file', new Blob([new TextEncoder().encode('uscc,period\n')]), 'workforce.csv');
    const upload = await fetch(`${s.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(await s.login('firm-xian-1')).accessToken}` },
      body: form,
    });
    const contract = await s.call('POST', '/api/technology-contracts', {
      as: 'firm-xian-1',
      body: {
        content: {
          contractNo: 'TE-MATRIX-1',
          direction: 'EXPORT',
          signedDate: '2026-10-12',
          modeCode: 'TT4',
          foreignParty: 'Contoso Ltd.',
          partnerCode: 'US',
          techFee: 1000,
          equipmentFee: 0,
          contractAmount: 1000,
          currency: 'USD',
          category: 'FREE',
          licenceNo: null,
        },
      },
    });
    expect(contract.status).toBe(201);
    const scan = new FormData();
    scan.append('file', new Blob([new TextEncoder().encode('%PDF-1.4 scan')]), 'scan.pdf');
    const attached = await fetch(`${s.baseUrl}/api/technology-contracts/${contract.body.id}/attachment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(await s.login('firm-xian-1')).accessToken}` },
      body: scan,
    });
    expect(attached.status).toBe(200);
    const tables = await s.call('GET', '/api/official-tables', { as: 'province' });
    const tableId = (Array.isArray(tables.body) ? tables.body : tables.body.tables)[0].id;
    const exported = await s.call('POST', '/api/exports', {
      as: 'province',
      body: { tableId, period: '2021', territory: '610000' },
    });
    expect(exported.status).toBeLessThan(300);
    // A change dated at the start of the open period: backdated, so it waits for the firm's own unit.
    const change = await s.call('POST', `/api/enterprises/${firm.id}/profile`, {
      as: 'firm-xian-1',
      body: { validFrom: (await s.app.get(EnterprisesService).validFromBounds()).from, advancedTech: false },
    });
    expect(change.status).toBe(202);
    const [region] = (
      await s.call('GET', `/api/codes/regions${listQuery({ filter: { code: '610100' } })}`, { as: 'admin' })
    ).body;
    c = {
      xianFirm: firm.id,
      xianProfileChange: change.body.id,
      xianReturn: ret.id,
      xianContract: contract.body.id,
      xianFinding: finding.id,
      xianComment: comment.id,
      xianCommentReturn: ret.id,
      xianImport: (await upload.json()).id,
      provinceExport: exported.body.id,
      xianUser: xianUser.id,
      xianNotification: notification.id,
      regionCodeId: String(region.id),
      partnerGroupMemberId: String((await s.call('GET', '/api/partner-groups', { as: 'admin' })).body[0].id),
      continentMemberId: String((await s.call('GET', '/api/continent-members', { as: 'admin' })).body[0].id),
      tableId,
      tableRow: (
        await s.call('GET', `/api/official-tables/${tableId}?period=2021&territory=610100`, { as: 'province' })
      ).body.rows[0].key,
    };
  }, 120_000);
  afterAll(() => s.close());

  it('has a rule for every route and no rule for a route that is gone', () => {
    const routes = routeTable(s.app).map((r) => `${r.method} ${r.path}`);
    expect(routes.filter((r) => !ROUTE_MATRIX[r])).toEqual([]);
    expect(Object.keys(ROUTE_MATRIX).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('answers every route × caller as its rule says', async () => {
    const table = routeTable(s.app);
    const keys = Object.keys(ROUTE_MATRIX).sort(
      (a, b) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')),
    );
    const mismatches: string[] = [];
    let checked = 0;
    for (const key of keys) {
      const route = ROUTE_MATRIX[key];
      const [method] = key.split(' ');
      const auth = table.find((r) => `${r.method} ${r.path}` === key)!.auth!;
      const permission = 'permission' in auth ? auth.permission : null;
      const url = route.url(c);
      const anonymous = await s.call(method, url, { body: route.body });
      if (route.scope !== 'public' && anonymous.status !== 401)
        mismatches.push(`${key} anonymous → ${anonymous.status}, expected 401`);
      for (const caller of CALLERS) {
        const expected: Outcome = expectedOutcome(route, caller, permission, (who, p) =>
          hasPermission(roles.get(who)!, p),
        );
        const res = await s.call(method, url, { as: caller, body: route.body });
        checked++;
        const got = res.status;
        const okClass =
          method === 'GET'
            ? (got >= 200 && got < 300) || !!route.okStatuses?.includes(got)
            : got < 500 && ![401, 403, 404].includes(got);
        const matches = expected === 'ok' ? okClass : got === expected;
        if (!matches) mismatches.push(`${key} as ${caller} → ${got} ${res.text.slice(0, 120)}, expected ${expected}`);
        if (got >= 500) mismatches.push(`${key} as ${caller} → server error ${res.text.slice(0, 200)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(keys.length * CALLERS.length);
  }, 300_000);
});
