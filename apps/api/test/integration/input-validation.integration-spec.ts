import { hasPermission, JSON_MAX_DEPTH, type Role } from '@portal/shared';
import { routeTable, type RouteEntry } from '../../src/core/auth/route-table';
import {
  CodeListPipe,
  Int4Pipe,
  IsoDatePipe,
  PeriodCodePipe,
  SlugPipe,
  UuidPipe,
} from '../../src/core/validation/pipes';
import { CALLERS, ROUTE_MATRIX, type Caller, type MatrixContext } from '../authz/route-matrix';
import { aReturnContent } from '../factories/returns';
import { listQuery, startTestStack, type ApiResponse, type TestStack } from '../utils/app';

/** A well-formed value for a parameter parsed by each pipe: the other parameters of a route under test. */
const WELL_FORMED = new Map<unknown, string>([
  [UuidPipe, '00000000-0000-4000-8000-000000000001'],
  [Int4Pipe, '1'],
  [PeriodCodePipe, '2026Q3'],
  [IsoDatePipe, '2027-04-16'],
  [CodeListPipe, 'regions'],
  [SlugPipe, 'so_t01'],
]);

/** Path segments as a client may send them (already percent-encoded where needed). */
const MALFORMED = [
  'not-a-uuid',
  '2147483648',
  '99999999999999999999999',
  '-1',
  '0',
  '1e21',
  '1.5',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF',
  '%F0%9F%98%80',
  '..%2F..%2Fetc',
  '%20',
  '__proto__',
  'constructor',
  'toString',
  '2026-02-30',
  '0000Q1',
  '0x10',
  '%201',
  'x'.repeat(3000),
];

/** The class of the pipe parsing a path parameter (given as a class or an instance). */
const pipeOf = (route: RouteEntry, name: string): unknown => {
  const pipe = route.args.find((a) => a.kind === 'param' && a.name === name)?.pipes[0];
  return typeof pipe === 'function' ? pipe : (pipe as object | undefined)?.constructor;
};

describe('one input-validation layer: typed parameters, clean text, bounded bodies, never a 500', () => {
  let s: TestStack;
  const roles = new Map<Caller, Role[]>();

  const callerFor = (route: RouteEntry): Caller => {
    const auth = route.auth!;
    const permission = 'permission' in auth ? auth.permission : undefined;
    return [...roles].find(([, r]) => !permission || hasPermission(r, permission))![0];
  };

  /** A 4xx in the bilingual error shape. */
  const expectClean4xx = (res: ApiResponse, what: string, statuses = [400, 404]) => {
    const seen = `${what} → ${res.status} ${res.text.slice(0, 160)}`;
    expect([seen, statuses.includes(res.status)]).toEqual([seen, true]);
    expect([seen, typeof res.body?.code]).toEqual([seen, 'string']);
    expect([seen, res.body.message_zh]).toEqual([seen, expect.stringMatching(/[\u4e00-\u9fff]/)]);
    expect([seen, res.body.message_en]).toEqual([seen, expect.stringMatching(/[A-Za-z]{3}/)]);
  };

  beforeAll(async () => {
    s = await startTestStack();
    for (const caller of CALLERS.filter((c) => c !== 'xixian')) roles.set(caller, (await s.login(caller)).user.roles);
  });
  afterAll(() => s?.close());

  it('parses every path parameter with a typed pipe (the API refuses to start otherwise)', () => {
    const untyped = routeTable(s.app).flatMap((r) =>
      r.path
        .split('/')
        .filter((p) => p.startsWith(':'))
        .map((p) => p.slice(1))
        .filter((name) => !WELL_FORMED.has(pipeOf(r, name)))
        .map((name) => `${r.method} ${r.path} :${name}`),
    );
    expect(untyped).toEqual([]);
  });

  it('answers malformed values at every path parameter of every route with a clean 400 or 404', async () => {
    const placeholders = {} as MatrixContext;
    let fired = 0;
    for (const route of routeTable(s.app)) {
      const names = route.path
        .split('/')
        .filter((p) => p.startsWith(':'))
        .map((p) => p.slice(1));
      if (!names.length) continue;
      const matrix = ROUTE_MATRIX[`${route.method} ${route.path}`];
      const url = matrix.url(
        new Proxy(placeholders, { get: () => '00000000-0000-4000-8000-000000000001' }) as MatrixContext,
      );
      const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
      const as = callerFor(route);
      for (const target of names) {
        for (const bad of MALFORMED) {
          const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
            if (name === target) return bad;
            return WELL_FORMED.get(pipeOf(route, name))!;
          });
          const res = await s.call(route.method, `${path}${query}`, { as, body: matrix.body });
          expectClean4xx(res, `${route.method} ${path.slice(0, 90)} as ${as}`);
          fired++;
        }
        for (const bad of ['%00', '%ED%A0%80', 'not-a-uuid%00']) {
          const path = route.path.replace(/:(\w+)/g, (_, name: string) =>
            name === target ? bad : WELL_FORMED.get(pipeOf(route, name))!,
          );
          const res = await s.call(route.method, `${path}${query}`, { as, body: matrix.body });
          expectClean4xx(res, `${route.method} ${path}`, [400]);
          expect(res.body.message_en).toMatch(bad === '%ED%A0%80' ? /^path / : new RegExp(`^path\\.${target} `));
        }
      }
    }
    expect(fired).toBeGreaterThan(500);
  }, 300_000);

  it('answers malformed values of every query parameter of the routes that take them without a 500', async () => {
    for (const route of routeTable(s.app)) {
      const matrix = ROUTE_MATRIX[`${route.method} ${route.path}`];
      const url = matrix.url(new Proxy({}, { get: () => '00000000-0000-4000-8000-000000000001' }) as MatrixContext);
      if (!url.includes('?')) continue;
      const [base, query] = url.split('?');
      for (const name of new URLSearchParams(query).keys()) {
        for (const bad of ['%00', '%ED%A0%80', '0000', '2026-02-30', '1e21', '__proto__', 'x'.repeat(5000)]) {
          const params = new URLSearchParams(query);
          params.delete(name);
          const res = await s.call(route.method, `${base}?${params.toString()}&${name}=${bad}`, {
            as: callerFor(route),
          });
          expectClean4xx(res, `${route.method} ${base} ?${name}=${bad.slice(0, 20)}`, [400, 403, 404]);
        }
      }
    }
  });

  it('refuses the malformed values the probe found, each naming its parameter', async () => {
    const [ret] = await s.ds.query(`SELECT id FROM statistical_return LIMIT 1`);
    const cases: [string, string, string, string][] = [
      ['GET', `/api/returns/${ret.id}/revisions/2147483648`, 'BAD_PARAMETER', 'path.rev'],
      ['GET', '/api/returns/not-a-uuid', 'BAD_PARAMETER', 'path.id'],
      ['GET', '/api/periods/%00', 'INVALID_TEXT', 'path.code'],
      ['GET', '/api/periods/0000Q1', 'BAD_PARAMETER', 'path.code'],
      ['GET', '/api/codes/regions/2147483648', 'BAD_PARAMETER', 'path.id'],
      ['DELETE', '/api/holidays/2026-02-30', 'BAD_PARAMETER', 'path.date'],
      ['GET', `/api/audit${listQuery({ filter: { from: '2026-02-30' } })}`, 'BAD_LIST_PARAMETER', 'filter.from'],
      ['GET', `/api/returns${listQuery({ filter: { id: ['x'] } })}`, 'BAD_LIST_PARAMETER', 'filter.id[0]'],
      ['GET', `/api/enterprises?range=${encodeURIComponent('[1e21,1e21]')}`, 'BAD_LIST_PARAMETER', 'range'],
      ['GET', `/api/users${listQuery({ filter: { role: 'ROOT' } })}`, 'BAD_LIST_PARAMETER', 'filter.role'],
    ];
    // The same routes with well-formed values answer.
    expect((await s.call('GET', `/api/returns/${ret.id}/revisions/1`, { as: 'admin' })).status).toBe(200);
    expect((await s.call('GET', '/api/periods/2026Q3', { as: 'admin' })).status).toBe(200);
    for (const [method, url, code, name] of cases) {
      const res = await s.call(method, url, { as: 'admin' });
      expect([url, res.status, res.body.code]).toEqual([url, 400, code]);
      expect([url, res.body.message_zh]).toEqual([url, expect.stringContaining(name)]);
      expect([url, res.body.message_en]).toEqual([url, expect.stringContaining(name)]);
    }
    const tables = await s.call('GET', '/api/official-tables/so_t01?period=0000&territory=610000', { as: 'province' });
    expect([tables.status, tables.body.code, tables.body.details[0].field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'period',
    ]);
    const [firm] = await s.ds.query(`SELECT id FROM enterprise WHERE name_zh = '西安云图软件科技有限公司'`);
    const profile = await s.call('POST', `/api/enterprises/${firm.id}/profile`, {
      as: 'firm-xian-1',
      body: { validFrom: '2026-02-30', keyEnterprise: true },
    });
    expect([profile.status, profile.body.details[0].field]).toEqual([400, 'validFrom']);
    const retire = await s.call('DELETE', '/api/codes/regions/1?validFrom=2026-02-30', { as: 'admin' });
    expect([retire.status, retire.body.details[0].field]).toEqual([400, 'validFrom']);
    const extension = await s.call('POST', '/api/periods/2026Q3/extensions', {
      as: [...roles].find(([, r]) => hasPermission(r, 'periods.exceptions'))![0],
      body: { enterpriseId: firm.id, until: '0000-01-01', reason: '系统故障延期' },
    });
    expect([extension.status, extension.body.details[0].field]).toEqual([400, 'until']);
  });

  it('refuses NUL and lone surrogates anywhere in a JSON body, naming the field; login is not audited then', async () => {
    const [{ n: before }] = await s.ds.query(`SELECT count(*)::int AS n FROM audit_log`);
    const cases: [string, string][] = [
      ['{"username":"a\\u0000b","password":"x"}', 'body.username'],
      ['{"username":"a\\ud800b","password":"x"}', 'body.username'],
      ['{"username":"admin","password":"\\udfff"}', 'body.password'],
      ['{"username":"admin","password":"x","\\u0000":1}', 'body.\u0000'],
    ];
    for (const [raw, field] of cases) {
      const res = await s.call('POST', '/api/auth/login', { raw, headers: { 'content-type': 'application/json' } });
      expect([raw, res.status, res.body.code]).toEqual([raw, 400, 'INVALID_TEXT']);
      expect(res.body.message_en).toContain(field);
      expect(res.body.message_zh).toContain(field);
    }
    const [{ n: after }] = await s.ds.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after).toBe(before);
    const opened = await s.call('POST', '/api/returns', { as: 'firm-xianyang-1', body: { periodCode: '2026Q3' } });
    const content = aReturnContent(opened.body.content.profile);
    content.contracts[0].clientName = 'Contoso\u0000Ltd.';
    const draft = await s.call('PUT', `/api/returns/${opened.body.id}/draft`, {
      as: 'firm-xianyang-1',
      body: { content, version: opened.body.version },
    });
    expect([draft.status, draft.body.code]).toEqual([400, 'INVALID_TEXT']);
    expect(draft.body.message_en).toContain('body.content.contracts[0].clientName');
  });

  it('refuses prototype-named keys in bodies and bodies that are not UTF-8', async () => {
    for (const raw of ['{"__proto__":{"admin":true},"username":"a","password":"b"}', '{"constructor":{"x":1}}']) {
      const res = await s.call('POST', '/api/auth/login', { raw, headers: { 'content-type': 'application/json' } });
      expect([raw, res.status, res.body.code]).toEqual([raw, 400, 'FIELD_NAME_NOT_ALLOWED']);
    }
    const latin1 = Buffer.from('{"username":"caf\xe9","password":"x"}', 'latin1');
    const res = await fetch(`${s.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: latin1,
    });
    const body = await res.json();
    expect([res.status, body.code, body.message_en]).toEqual([400, 'INVALID_ENCODING', 'body is not valid UTF-8']);
  });

  it('refuses JSON nested deeper than the limit with a 400, and takes the deepest real body', async () => {
    for (const raw of [
      '['.repeat(50_000) + ']'.repeat(50_000),
      '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
      '['.repeat(JSON_MAX_DEPTH + 1) + ']'.repeat(JSON_MAX_DEPTH + 1),
    ]) {
      const res = await s.call('POST', '/api/auth/login', { raw, headers: { 'content-type': 'application/json' } });
      expect([res.status, res.body.code]).toEqual([400, 'JSON_TOO_DEEP']);
      expect(res.body.message_zh).toContain(String(JSON_MAX_DEPTH));
    }
    // Brackets inside strings are text, not nesting.
    const text = await s.call('POST', '/api/auth/login', {
      body: { username: '['.repeat(40), password: '{'.repeat(100) },
    });
    expect([text.status, text.body.code]).toEqual([401, 'BAD_CREDENTIALS']);
    const health = await s.call('GET', '/api/health');
    expect(health.status).toBe(200);
  });

  it('refuses NUL in multipart fields and file names of an upload', async () => {
    const { accessToken } = await s.login('firm-xianyang-1');
    const upload = async (form: FormData) => {
      const res = await fetch(`${s.baseUrl}/api/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        body: form,
      });
      return { status: res.status, body: await res.json() };
    };
    const field = new FormData();
    field.append('sourceNote', 'a\u0000b');
    field.append('file', new Blob([new TextEncoder().encode('uscc,period\n')]), 'workforce.csv');
    expect(await upload(field)).toMatchObject({ status: 400, body: { code: 'INVALID_TEXT' } });
    const name = new FormData();
    name.append('file', new Blob([new TextEncoder().encode('uscc,period\n')]), 'work\u0000force.csv');
    // The browser's encoding of such a name puts a NUL into the part header, which the multipart parser refuses.
    const raw = await upload(name);
    expect([raw.status, raw.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(raw.body.message_zh).toMatch(/[\u4e00-\u9fff]/);
    // RFC 5987 encodes it in the header's text: the name reaches the API, which refuses it.
    const boundary = 'nulnameboundary';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''work%00force.csv\r\n` +
        `Content-Type: text/csv\r\n\r\nuscc,period\n\r\n--${boundary}--\r\n`,
    );
    const res = await fetch(`${s.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    const refused = await res.json();
    expect([res.status, refused.code]).toEqual([400, 'INVALID_TEXT']);
    expect(refused.message_en).toContain('file.name');
    expect(refused.message_zh).toContain('file.name');
    const [{ jobs }] = await s.ds.query(`SELECT count(*)::int AS jobs FROM import_job`);
    expect(jobs).toBe(0);
  });

  it('refuses a user whose scope code cannot be its scope (an enterprise scope needs a firm id)', async () => {
    const res = await s.call('POST', '/api/users', {
      as: 'admin',
      body: {
        username: 'scope-typo',
        displayName: '范围错误',
        password: 'Scope#Typo2026x',
        roles: ['ENTERPRISE_FILER'],
        scopeKind: 'ENTERPRISE',
        scopeCode: '610100',
      },
    });
    expect([res.status, res.body.code, res.body.details[0].field]).toEqual([400, 'VALIDATION_FAILED', 'scopeCode']);
  });
});
