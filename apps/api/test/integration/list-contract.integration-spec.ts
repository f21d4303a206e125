import { hasPermission, type Role } from '@portal/shared';
import { routeTable, type RouteEntry } from '../../src/core/auth/route-table';
import { ListQueryPipe, type FilterType, type ListSpec } from '../../src/core/http/list-query';
import { CALLERS, ROUTE_MATRIX, type Caller, type MatrixContext } from '../authz/route-matrix';
import { aReturnContent } from '../factories/returns';
import { startTestStack, type ApiResponse, type TestStack } from '../utils/app';

/** Path parameters of the list routes: any well-formed value (the lists here take a period or a code list). */
const PLACEHOLDERS: MatrixContext = {
  xianFirm: '00000000-0000-4000-8000-000000000001',
  xianProfileChange: '00000000-0000-4000-8000-000000000009',
  xianReturn: '00000000-0000-4000-8000-000000000002',
  xianContract: '00000000-0000-4000-8000-00000000000a',
  xianFinding: '00000000-0000-4000-8000-000000000003',
  xianComment: '00000000-0000-4000-8000-000000000004',
  xianCommentReturn: '00000000-0000-4000-8000-000000000002',
  xianImport: '00000000-0000-4000-8000-000000000005',
  provinceExport: '00000000-0000-4000-8000-000000000006',
  xianUser: '00000000-0000-4000-8000-000000000007',
  xianNotification: '00000000-0000-4000-8000-000000000008',
  regionCodeId: '1',
  partnerGroupMemberId: '1',
  continentMemberId: '1',
  tableId: 'so_t01',
  tableRow: 'x',
};

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Values that are not of the filter's type, each a 400 naming the filter. */
const WRONG_VALUES: Record<FilterType, unknown[]> = {
  uuid: ['x', 42, true, { a: 1 }, '00000000-0000-4000-8000-00000000000g'],
  int: ['text', 1.5, -1, 1e21, '2147483648', true],
  bigint: ['abc', 0, -5, 1.5, 1e21],
  date: ['2026-02-30', '0000-01-01', 'yesterday', 20260101],
  datetime: ['2026-02-30', '2026-01-01T25:00:00Z', 'now', 0],
  period: ['0000Q1', '2026Q5', 'Q3', 20263],
  enum: ['NOPE', 7, true],
  boolean: ['yes', 1, 'TRUE'],
  text: ['a'.repeat(201), { $ne: 1 }, true],
};

/** The order of ids as PostgreSQL sorts them: numbers (serial and bigserial ids) by value, text and uuids by bytes. */
function byId(a: string | number, b: string | number): number {
  const numeric = (v: string | number) => typeof v === 'number' || /^\d+$/.test(v);
  if (numeric(a) && numeric(b)) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Every list endpoint: a GET route whose query is parsed by a ListQueryPipe, with its spec. */
function listRoutes(table: RouteEntry[]): { route: RouteEntry; spec: ListSpec<never> }[] {
  return table.flatMap((route) => {
    const pipe = route.args.flatMap((a) => a.pipes).find((p): p is ListQueryPipe<never> => p instanceof ListQueryPipe);
    return route.method === 'GET' && pipe ? [{ route, spec: pipe.spec }] : [];
  });
}

describe('the list contract of every list endpoint (route table): typed, own keys only, never a 500', () => {
  let s: TestStack;
  let lists: { route: RouteEntry; spec: ListSpec<never>; url: string; as: Caller }[];
  const roles = new Map<Caller, Role[]>();

  const get = (url: string, as: Caller, query: Record<string, string>) =>
    s.call('GET', `${url}?${new URLSearchParams(query).toString()}`, { as });

  /** A 400 in the bilingual shape whose messages name the parameter. */
  const expectRefused = (res: ApiResponse, name: string, what: string) => {
    const seen = `${what} → ${res.status} ${res.text.slice(0, 200)}`;
    expect([seen, res.status]).toEqual([seen, 400]);
    expect(res.body.code).toMatch(
      /^(BAD_LIST_PARAMETER|UNKNOWN_QUERY_PARAMETER|FIELD_NAME_NOT_ALLOWED|INVALID_TEXT|INVALID_ENCODING)$/,
    );
    expect([seen, res.body.message_zh]).toEqual([seen, expect.stringContaining(name)]);
    expect([seen, res.body.message_en]).toEqual([seen, expect.stringContaining(name)]);
    expect(res.body.message_zh).toMatch(/[\u4e00-\u9fff]/);
  };

  beforeAll(async () => {
    s = await startTestStack();
    for (const caller of CALLERS.filter((c) => c !== 'xixian')) roles.set(caller, (await s.login(caller)).user.roles);
    lists = listRoutes(routeTable(s.app)).map(({ route, spec }) => {
      const auth = route.auth!;
      const permission = 'permission' in auth ? auth.permission : undefined;
      const as = [...roles].find(([, r]) => !permission || hasPermission(r, permission))![0];
      return { route, spec, url: ROUTE_MATRIX[`GET ${route.path}`].url(PLACEHOLDERS), as };
    });
  });
  afterAll(() => s?.close());

  it('regression: a prototype name as sort key is refused, and login and saving keep working', async () => {
    const res = await get('/api/review/inbox', 'xian', { sort: '["__proto__","ASC"]' });
    expectRefused(res, 'sort.__proto__', 'inbox sorted by __proto__');
    // Before the fix this request answered 200 and wrote onto Object.prototype: every later login was a 500.
    const login = await s.call('POST', '/api/auth/login', { body: { username: 'admin', password: 'Demo@2026' } });
    expect(login.status).toBe(200);
    expect(({} as Record<string, unknown>).orderBys).toBeUndefined();
  });

  it('finds the list endpoints in the route table, and every GET answering Content-Range is one of them', async () => {
    expect(lists.map((l) => l.route.path).sort()).toEqual(
      expect.arrayContaining(['/api/returns', '/api/enterprises', '/api/users', '/api/review/inbox', '/api/audit']),
    );
    const listPaths = new Set(lists.map((l) => l.route.path));
    const others: string[] = [];
    for (const route of routeTable(s.app).filter((r) => r.method === 'GET' && !listPaths.has(r.path))) {
      const auth = route.auth!;
      const permission = 'permission' in auth ? auth.permission : undefined;
      const as = [...roles].find(([, r]) => !permission || hasPermission(r, permission))![0];
      const res = await s.call('GET', ROUTE_MATRIX[`GET ${route.path}`].url(PLACEHOLDERS), { as });
      if (res.headers.get('content-range')) others.push(route.path);
    }
    expect(others).toEqual([]);
  });

  it('sorts and filters every list by id, one id or a list of them (react-admin getMany)', async () => {
    for (const { route, url, as } of lists) {
      const sorted = await get(url, as, { sort: '["id","ASC"]', range: '[0,9]' });
      expect([route.path, sorted.status]).toEqual([route.path, 200]);
      expect(sorted.headers.get('content-range')).toMatch(/^\S+ \d+-\d+\/\d+$/);
      const ids = (sorted.body as { id: string | number }[]).map((r) => r.id);
      expect([route.path, ids]).toEqual([route.path, [...ids].sort(byId)]);
      if (!ids.length) continue;
      const many = await get(url, as, { filter: JSON.stringify({ id: ids.slice(0, 3) }) });
      expect([route.path, many.status]).toEqual([route.path, 200]);
      expect(new Set(many.body.map((r: { id: unknown }) => r.id))).toEqual(new Set(ids.slice(0, 3)));
      const one = await get(url, as, { filter: JSON.stringify({ id: ids[0] }) });
      expect([route.path, one.body.map((r: { id: unknown }) => r.id)]).toEqual([route.path, [ids[0]]]);
    }
  });

  it('answers getMany with every id asked for, beyond the default page of 25', async () => {
    const all = await s.call('GET', `/api/codes/regions?range=${encodeURIComponent('[0,59]')}`, { as: 'admin' });
    const ids = all.body.map((r: { id: number }) => r.id);
    expect(ids.length).toBeGreaterThan(30);
    const many = await get('/api/codes/regions', 'admin', { filter: JSON.stringify({ id: ids }) });
    expect(many.status).toBe(200);
    expect(many.body.map((r: { id: number }) => r.id).sort()).toEqual([...ids].sort());
    const none = await get('/api/codes/regions', 'admin', { filter: JSON.stringify({ id: [] }) });
    expect([none.status, none.body, none.headers.get('content-range')]).toEqual([200, [], 'regions 0-0/0']);
  });

  it('refuses prototype names as sort and filter keys on every list', async () => {
    for (const { route, url, as } of lists) {
      for (const name of PROTOTYPE_NAMES) {
        expectRefused(await get(url, as, { sort: JSON.stringify([name, 'ASC']) }), `sort.${name}`, route.path);
        expectRefused(
          await get(url, as, { filter: `{${JSON.stringify(name)}:1}` }),
          `filter.${name}`,
          `${route.path} filter ${name}`,
        );
      }
    }
  });

  it('refuses a value of the wrong type for every declared filter, naming it', async () => {
    let checked = 0;
    for (const { route, spec, url, as } of lists) {
      for (const [field, def] of Object.entries(spec.filters)) {
        for (const value of WRONG_VALUES[def.type]) {
          const res = await get(url, as, { filter: JSON.stringify({ [field]: value }) });
          expectRefused(res, `filter.${field}`, `${route.path} filter ${field}=${JSON.stringify(value)}`);
          checked++;
        }
        if (!def.many) {
          const list = await get(url, as, { filter: JSON.stringify({ [field]: [1, 2] }) });
          expectRefused(list, `filter.${field}`, `${route.path} filter ${field} as a list`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses malformed ranges, sorts and filters, NUL and lone surrogates, undecodable bytes', async () => {
    const ranges = ['[1e21,1e21]', '[-1,5]', '[0.5,3]', '["0","9"]', '[5,1]', '[0]', '{"a":1}', '[0,2147483648]'];
    for (const { route, url, as } of lists) {
      for (const range of ranges) expectRefused(await get(url, as, { range }), 'range', `${route.path} ${range}`);
      expectRefused(await get(url, as, { range: '[0,5000]' }), 'range', `${route.path} a page of 5001`);
      for (const sort of ['["id"]', '["id","SIDEWAYS"]', '"id"', '[1,"ASC"]', '["id",{"$gt":1}]']) {
        expectRefused(await get(url, as, { sort }), 'sort', `${route.path} sort ${sort}`);
      }
      for (const filter of ['[]', '"x"', '{oops', '1']) {
        expectRefused(await get(url, as, { filter }), 'filter', `${route.path} filter ${filter}`);
      }
      expectRefused(await get(url, as, { sort: '["id\\u0000","ASC"]' }), 'sort', `${route.path} NUL in sort`);
      expectRefused(await get(url, as, { filter: '{"id":"\\ud800"}' }), 'filter.id', `${route.path} lone surrogate`);
      expectRefused(await get(url, as, { filter: '{"x\\u0000":1}' }), 'filter', `${route.path} NUL in a key`);
      expectRefused(await get(url, as, { colour: 'red' }), 'colour', `${route.path} unknown parameter`);
      expectRefused(
        await s.call('GET', `${url}?filter=%7B%22id%22%3A%22%ED%A0%80%22%7D`, { as }),
        'query.filter',
        `${route.path} bytes that are not UTF-8`,
      );
    }
  });

  it('still logs in and saves a draft after all of that', async () => {
    const login = await s.call('POST', '/api/auth/login', { body: { username: 'xian', password: 'Demo@2026' } });
    expect(login.status).toBe(200);
    const opened = await s.call('POST', '/api/returns', { as: 'firm-xianyang-1', body: { periodCode: '2026Q3' } });
    expect(opened.status).toBeLessThan(300);
    const saved = await s.call('PUT', `/api/returns/${opened.body.id}/draft`, {
      as: 'firm-xianyang-1',
      body: { content: aReturnContent(opened.body.content.profile), version: opened.body.version },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(opened.body.version + 1);
    const health = await s.call('GET', '/api/health');
    expect(health.status).toBe(200);
  });
});
