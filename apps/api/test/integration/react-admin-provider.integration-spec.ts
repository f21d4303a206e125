import { hasPermission, type Permission } from '@portal/shared';
import { fetchUtils, HttpError, type DataProvider } from 'ra-core';
import simpleRestProvider from 'ra-data-simple-rest';
import { aRegistration } from '../factories/enterprises';
import { startTestStack, type TestStack } from '../utils/app';

/**
 * The stock `ra-data-simple-rest` provider, unmodified (only its httpClient is given the bearer token, as its
 * fetchUtils.fetchJson supports), against the real API: every resource the web app shows, every provider method.
 * Where a resource has no create, update or delete, the API answers a 4xx in the bilingual error shape.
 */
describe('the stock react-admin data provider against every resource', () => {
  let s: TestStack;
  const providers = new Map<string, DataProvider>();

  const as = async (username: string): Promise<DataProvider> => {
    if (!providers.has(username)) {
      const { accessToken } = await s.login(username);
      const httpClient = (url: string, options: fetchUtils.Options = {}) =>
        fetchUtils.fetchJson(url, { ...options, user: { authenticated: true, token: `Bearer ${accessToken}` } });
      providers.set(username, simpleRestProvider(`${s.baseUrl}/api`, httpClient));
    }
    return providers.get(username)!;
  };

  /** The provider call fails with an HTTP error whose body is the API's bilingual error. */
  const refused = async (call: Promise<unknown>, status: number, code?: string) => {
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    const { status: got, body } = error as HttpError;
    expect([got, code ?? body.code]).toEqual([status, body.code]);
    expect(body.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(body.message_en).toMatch(/[A-Za-z]{3}/);
  };

  const count = async (sql: string, params: unknown[] = []) => (await s.ds.query(sql, params))[0].n as number;
  const page = { page: 1, perPage: 5 };

  /** getList, getOne (when the API has it), getMany and getManyReference of one resource. */
  const reads = async (
    p: DataProvider,
    resource: string,
    o: { sort: string; total: number; target: [string, unknown]; targetTotal: number; getOne?: boolean },
  ) => {
    const list = await p.getList(resource, { pagination: page, sort: { field: o.sort, order: 'ASC' }, filter: {} });
    expect([resource, list.total]).toEqual([resource, o.total]);
    expect(list.data.length).toBe(Math.min(5, o.total));
    const byId = await p.getList(resource, { pagination: page, sort: { field: 'id', order: 'DESC' }, filter: {} });
    expect(byId.total).toBe(o.total);
    const ids = list.data.map((r) => r.id);
    if (o.getOne === false) await refused(p.getOne(resource, { id: ids[0] }), 404, 'ROUTE_NOT_FOUND');
    else expect((await p.getOne(resource, { id: ids[0] })).data.id).toEqual(ids[0]);
    const many = await p.getMany(resource, { ids });
    expect([resource, many.data.map((r) => r.id).sort()]).toEqual([resource, [...ids].sort()]);
    const [target, value] = o.target;
    const ref = await p.getManyReference(resource, {
      target,
      id: value as string,
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    });
    expect([resource, ref.total]).toEqual([resource, o.targetTotal]);
    for (const r of ref.data) expect([resource, r[target]]).toEqual([resource, value]);
    return list.data;
  };

  beforeAll(async () => {
    s = await startTestStack();
  });
  afterAll(() => s?.close());

  it('users: every method, and the user form of an enterprise scope (ReferenceInput sorts by id)', async () => {
    const p = await as('admin');
    await reads(p, 'users', {
      sort: 'username',
      total: await count('SELECT count(*)::int AS n FROM app_user'),
      target: ['scopeKind', 'REGION'],
      targetTotal: await count(`SELECT count(*)::int AS n FROM app_user WHERE scope_kind = 'REGION'`),
    });
    // <ReferenceInput source="scopeCode" reference="enterprises"> with <AutocompleteInput filterToQuery={q}>.
    const choices = await p.getList('enterprises', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'id', order: 'ASC' },
      filter: { q: '' },
    });
    expect(choices.total).toBe(await count('SELECT count(*)::int AS n FROM enterprise'));
    const firm = choices.data.find((e) => e.nameZh === '西安云图软件科技有限公司')!;
    expect((await p.getMany('enterprises', { ids: [firm.id] })).data.map((e) => e.nameZh)).toEqual([firm.nameZh]);
    const created = await p.create('users', {
      data: {
        username: 'ra-filer',
        displayName: '填报员',
        password: 'Stock#Provider2026',
        roles: ['ENTERPRISE_FILER'],
        scopeKind: 'ENTERPRISE',
        scopeCode: firm.id,
      },
    });
    expect(created.data).toMatchObject({ username: 'ra-filer', scopeKind: 'ENTERPRISE', scopeCode: firm.id });
    const updated = await p.update('users', {
      id: created.data.id,
      data: { displayName: '企业填报员' },
      previousData: created.data,
    });
    expect(updated.data).toMatchObject({ id: created.data.id, displayName: '企业填报员' });
    await refused(p.delete('users', { id: created.data.id, previousData: created.data }), 404, 'ROUTE_NOT_FOUND');
    expect((await s.login('ra-filer', 'Stock#Provider2026')).user.scopeCode).toBe(firm.id);
  });

  it('enterprises: reads, registration as create; no update or delete', async () => {
    const p = await as('admin');
    const rows = await reads(p, 'enterprises', {
      sort: 'nameZh',
      total: await count('SELECT count(*)::int AS n FROM enterprise'),
      target: ['reviewUnitCode', '610100'],
      targetTotal: await count(`SELECT count(*)::int AS n FROM enterprise WHERE review_unit_code = '610100'`),
    });
    const registrar = [...(await s.ds.query('SELECT username, roles FROM app_user'))].find((u: { roles: string[] }) =>
      hasPermission(u.roles as never, 'enterprises.register'),
    );
    const created = await (await as(registrar.username)).create('enterprises', { data: aRegistration() });
    expect(created.data).toMatchObject({ status: expect.any(String), regionCode: '610113' });
    expect(created.data.id).toMatch(/^[0-9a-f-]{36}$/);
    await refused(p.update('enterprises', { id: rows[0].id, data: { nameZh: 'x' }, previousData: rows[0] }), 404);
    await refused(p.delete('enterprises', { id: rows[0].id, previousData: rows[0] }), 404);
  });

  it('returns: reads in the territory, opening a return as create; no update or delete', async () => {
    const xian = await as('xian');
    const rows = await reads(xian, 'returns', {
      sort: 'periodCode',
      total: await count(`SELECT count(*)::int AS n FROM statistical_return WHERE review_unit_code = '610100'`),
      target: ['periodCode', '2026Q2'],
      targetTotal: await count(
        `SELECT count(*)::int AS n FROM statistical_return WHERE review_unit_code = '610100' AND period_code = '2026Q2'`,
      ),
    });
    const firm = await as('firm-xianyang-1');
    const opened = await firm.create('returns', { data: { periodCode: '2026Q3' } });
    expect(opened.data).toMatchObject({
      periodCode: '2026Q3',
      status: 'DRAFT',
      enterpriseName: '咸阳智汇信息技术有限公司',
    });
    const own = await firm.getManyReference('returns', {
      target: 'enterpriseId',
      id: opened.data.enterpriseId,
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    });
    expect(own.data.map((r) => r.id)).toContain(opened.data.id);
    await refused(xian.update('returns', { id: rows[0].id, data: {}, previousData: rows[0] }), 404);
    await refused(xian.delete('returns', { id: rows[0].id, previousData: rows[0] }), 404);
  });

  it('periods: reads by code, create; no update or delete', async () => {
    const p = await as('admin');
    await reads(p, 'periods', {
      sort: 'code',
      total: await count('SELECT count(*)::int AS n FROM period'),
      target: ['year', 2026],
      targetTotal: await count('SELECT count(*)::int AS n FROM period WHERE year = 2026'),
    });
    const created = await p.create('periods', { data: { code: '2027Q1', cnyPerUsd: 7.12 } });
    expect(created.data).toMatchObject({ id: '2027Q1', code: '2027Q1', cnyPerUsd: 7.12 });
    expect((await p.getOne('periods', { id: '2027Q1' })).data.dueDate).toMatch(/^2027-04-\d\d$/);
    await refused(p.update('periods', { id: '2027Q1', data: { cnyPerUsd: 7 }, previousData: created.data }), 404);
    await refused(p.delete('periods', { id: '2027Q1', previousData: created.data }), 404);
  });

  it('code lists: reads, create and versioned update; delete needs the retirement date (a clean 400)', async () => {
    const p = await as('admin');
    const today = new Date().toISOString().slice(0, 10);
    const validToday = `valid_from <= '${today}' AND (valid_to IS NULL OR valid_to >= '${today}')`;
    await reads(p, 'codes/regions', {
      sort: 'code',
      total: await count(`SELECT count(*)::int AS n FROM code_item WHERE list = 'regions' AND ${validToday}`),
      target: ['parentCode', '610100'],
      targetTotal: await count(
        `SELECT count(*)::int AS n FROM code_item WHERE list = 'regions' AND parent_code = '610100' AND ${validToday}`,
      ),
    });
    const created = await p.create('codes/industries', { data: { code: 'Z9', nameZh: '测试行业', validFrom: today } });
    expect(created.data).toMatchObject({ code: 'Z9', nameZh: '测试行业', validTo: null });
    const changed = await p.update('codes/industries', {
      id: created.data.id,
      data: { nameZh: '测试行业（新）', validFrom: '2099-01-01' },
      previousData: created.data,
    });
    expect(changed.data).toMatchObject({ code: 'Z9', nameZh: '测试行业（新）', validFrom: '2099-01-01' });
    await refused(p.delete('codes/industries', { id: created.data.id, previousData: created.data }), 400);
  });

  it('economy groups: reads, create and versioned update; delete needs the end date (a clean 400)', async () => {
    const admin = await as('admin');
    await reads(admin, 'partner-groups', {
      sort: 'groupCode',
      total: await count('SELECT count(*)::int AS n FROM partner_group_member'),
      target: ['groupCode', 'EU'],
      targetTotal: await count(`SELECT count(*)::int AS n FROM partner_group_member WHERE group_code = 'EU'`),
    });
    const today = new Date().toISOString().slice(0, 10);
    const joined = await admin.create('partner-groups', {
      data: { groupCode: 'RCEP', member: 'FR', validFrom: today },
    });
    expect(joined.data).toMatchObject({ groupCode: 'RCEP', member: 'FR', validFrom: today, validTo: null });
    const noted = await admin.update('partner-groups', {
      id: joined.data.id,
      data: { validFrom: '2099-01-01', note: '测试' },
      previousData: joined.data,
    });
    expect(noted.data).toMatchObject({ member: 'FR', validFrom: '2099-01-01', note: '测试' });
    await refused(admin.delete('partner-groups', { id: joined.data.id, previousData: joined.data }), 400);

    const continents = await reads(admin, 'continent-members', {
      sort: 'member',
      total: await count('SELECT count(*)::int AS n FROM continent_member'),
      target: ['groupCode', 'EU'],
      targetTotal: await count(`SELECT count(*)::int AS n FROM continent_member WHERE continent_code = 'EU'`),
    });
    // Every economy has a continent: a second one from today overlaps (a clean 409).
    await refused(
      admin.create('continent-members', { data: { groupCode: 'AS', member: continents[0].member, validFrom: today } }),
      409,
    );
  });

  it('the audit log and notifications: reads; nothing to create, change or delete', async () => {
    const admin = await as('admin');
    const audit = await reads(admin, 'audit', {
      sort: 'at',
      total: await count('SELECT count(*)::int AS n FROM audit_log'),
      target: ['actorUsername', 'xian'],
      targetTotal: await count(`SELECT count(*)::int AS n FROM audit_log WHERE actor_username = 'xian'`),
      getOne: false,
    });
    await refused(admin.delete('audit', { id: audit[0].id, previousData: audit[0] }), 404);
    await refused(admin.create('audit', { data: { action: 'forged' } }), 404);

    const [xian] = await s.ds.query(`SELECT id FROM app_user WHERE username = 'xian'`);
    for (const kind of ['REMINDER', 'ESCALATION']) {
      await s.ds.query(
        `INSERT INTO notification (user_id, kind, title_zh, title_en, body) VALUES ($1, $2, '提醒', 'Reminder', '测试')`,
        [xian.id, kind],
      );
    }
    const own = `SELECT count(*)::int AS n FROM notification WHERE user_id = $1`;
    const notes = await reads(await as('xian'), 'notifications', {
      sort: 'createdAt',
      total: await count(own, [xian.id]),
      target: ['kind', 'REMINDER'],
      targetTotal: await count(`${own} AND kind = 'REMINDER'`, [xian.id]),
      getOne: false,
    });
    await refused((await as('xian')).delete('notifications', { id: notes[0].id, previousData: notes[0] }), 404);
  });

  it('imports: reads of the uploads; create without a file is a clean 400; no update or delete', async () => {
    const { accessToken } = await s.login('firm-xian-1');
    for (const name of ['workforce.csv', 'services_trade.csv']) {
      const form = new FormData();
      form.append('file', new Blob([new TextEncoder().encode('uscc,period\n')]), name);
      const res = await fetch(`${s.baseUrl}/api/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        body: form,
      });
      expect(res.status).toBe(202);
    }
    const p = await as('firm-xian-1');
    const [{ id: uploader }] = await s.ds.query(`SELECT id FROM app_user WHERE username = 'firm-xian-1'`);
    const rows = await reads(p, 'imports', {
      sort: 'fileName',
      total: await count('SELECT count(*)::int AS n FROM import_job WHERE created_by = $1', [uploader]),
      target: ['kind', 'FIRM'],
      targetTotal: await count(`SELECT count(*)::int AS n FROM import_job WHERE created_by = $1 AND kind = 'FIRM'`, [
        uploader,
      ]),
    });
    await refused(p.create('imports', { data: { kind: 'FIRM' } }), 400, 'UPLOAD_INVALID');
    await refused(p.update('imports', { id: rows[0].id, data: {}, previousData: rows[0] }), 404);
    await refused(p.delete('imports', { id: rows[0].id, previousData: rows[0] }), 404);
  });

  it('the review inbox, the obligations of a period and failed validation jobs: reads only', async () => {
    const xian = await as('xian');
    const inReview = `FROM statistical_return WHERE review_unit_code = '610100' AND status IN ('SUBMITTED', 'SENT_BACK')`;
    const inbox = await reads(xian, 'review/inbox', {
      sort: 'enterpriseName',
      total: await count(`SELECT count(*)::int AS n ${inReview}`),
      target: ['periodCode', '2026Q2'],
      targetTotal: await count(`SELECT count(*)::int AS n ${inReview} AND period_code = '2026Q2'`),
      getOne: false,
    });
    await refused(xian.update('review/inbox', { id: inbox[0].id, data: {}, previousData: inbox[0] }), 404);
    const firms = `FROM enterprise WHERE review_unit_code = '610100'`;
    await reads(xian, 'periods/2026Q3/obligations', {
      sort: 'nameZh',
      total: await count(`SELECT count(*)::int AS n ${firms}`),
      target: ['reviewUnitCode', '610100'],
      targetTotal: await count(`SELECT count(*)::int AS n ${firms}`),
      getOne: false,
    });
    const admin = await as(
      (await s.ds.query('SELECT username, roles FROM app_user')).find((u: { roles: string[] }) =>
        hasPermission(u.roles as never, 'queues.view' as Permission),
      ).username,
    );
    const failed = await admin.getList('validation/failed-jobs', {
      pagination: page,
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    });
    expect(failed).toEqual({ data: [], total: 0 });
    expect((await admin.getMany('validation/failed-jobs', { ids: ['nope.1'] })).data).toEqual([]);
    await refused(admin.delete('validation/failed-jobs', { id: 'nope.1', previousData: { id: 'nope.1' } }), 404);
  });
});
