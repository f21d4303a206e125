import { listQuery, startTestStack, type ApiResponse, type TestStack } from '../utils/app';

describe('bad requests get clear errors with a code and Chinese and English messages', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack({ env: { BODY_LIMIT_BYTES: '4096' } });
  });
  afterAll(() => s.close());

  /** Every error is an RFC 9457 problem that keeps the portal's bilingual members. */
  const expectError = (res: ApiResponse, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.body.code).toBe(code);
    expect(res.body.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.message_en).toMatch(/[A-Za-z]/);
    expect(res.body).toMatchObject({ type: `/api/problems/${code}`, status, statusCode: status });
    expect(typeof res.body.title).toBe('string');
    expect(res.body.detail).toBe(res.body.message_zh);
    expect(res.body.instance).toMatch(/^\/api\//);
    expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT |INSERT |node_modules/);
  };

  it('malformed JSON body → 400 BAD_JSON', async () => {
    const res = await s.call('POST', '/api/auth/login', {
      raw: '{"username": "x",',
      headers: { 'content-type': 'application/json' },
    });
    expectError(res, 400, 'BAD_JSON');
  });

  it('oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await s.call('POST', '/api/auth/login', { body: { username: 'x', password: 'y'.repeat(10_000) } });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('unknown body fields and wrong types → 400 VALIDATION_FAILED naming the field', async () => {
    const res = await s.call('POST', '/api/auth/login', { body: { username: 'x', password: 'y', admin: true } });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(res.body.details)).toContain('admin');
    const typed = await s.call('POST', '/api/auth/login', { body: { username: 42, password: 'y' } });
    expectError(typed, 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(typed.body.details)).toContain('username');
  });

  it('lists each refused field with its problems in Chinese and English', async () => {
    const res = await s.call('POST', '/api/auth/login', { body: { username: 42, password: 'y', admin: true } });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.instance).toBe('/api/auth/login');
    expect(res.body.title).toBe('Bad Request');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        {
          field: 'admin',
          problems: ['property admin should not exist'],
          problems_zh: ['不是可接受的字段，请删除'],
          message_zh: 'admin：不是可接受的字段，请删除',
          message_en: 'admin: property admin should not exist',
        },
        expect.objectContaining({ field: 'username', problems_zh: expect.arrayContaining(['须为文本']) }),
      ]),
    );
  });

  it('answers in English in `detail` when the client prefers English, and the type URI describes the code', async () => {
    const res = await s.call('GET', '/api/enterprises/not-a-uuid', {
      as: 'admin',
      headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' },
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('Parameter path.id is invalid: expected a UUID');
    expect(res.body.instance).toBe('/api/enterprises/not-a-uuid');
    expect(res.headers.get('content-language')).toBe('en');
    const type = await s.call('GET', res.body.type);
    expect(type.status).toBe(200);
    expect(type.body).toEqual({
      type: '/api/problems/BAD_PARAMETER',
      code: 'BAD_PARAMETER',
      status: 400,
      message_zh: '参数 {name} 无效：{detail}',
      message_en: 'Parameter {name} is invalid: {detail}',
    });
    expectError(await s.call('GET', '/api/problems/NO_SUCH_CODE'), 404, 'NOT_FOUND');
    const noRoute = await s.call('GET', '/api/nothing-here?token=secret', { as: 'admin' });
    expect(noRoute.body.instance).toBe('/api/nothing-here');
  });

  it('unknown query parameters and filter fields → 400 naming them', async () => {
    expectError(await s.call('GET', '/api/enterprises?limit=5', { as: 'admin' }), 400, 'UNKNOWN_QUERY_PARAMETER');
    const filter = await s.call('GET', `/api/enterprises${listQuery({ filter: { secret: 1 } })}`, { as: 'admin' });
    expectError(filter, 400, 'UNKNOWN_QUERY_PARAMETER');
    expect(filter.body.message_en).toContain('filter.secret');
    const sort = await s.call('GET', `/api/enterprises${listQuery({ sort: ['passwordHash', 'ASC'] })}`, {
      as: 'admin',
    });
    expectError(sort, 400, 'UNKNOWN_QUERY_PARAMETER');
    expectError(await s.call('GET', '/api/enterprises?range=[5,1]', { as: 'admin' }), 400, 'BAD_LIST_PARAMETER');
    expectError(await s.call('GET', '/api/enterprises?filter={oops', { as: 'admin' }), 400, 'BAD_LIST_PARAMETER');
  });

  it('no token → 401, missing permission → 403, unknown route → 404, unknown code list → 404', async () => {
    expectError(await s.call('GET', '/api/enterprises'), 401, 'UNAUTHENTICATED');
    expectError(
      await s.call('POST', '/api/codes/regions', {
        as: 'xian',
        body: { code: 'X1', nameZh: 'x', validFrom: '2026-01-01' },
      }),
      403,
      'FORBIDDEN',
    );
    expectError(await s.call('GET', '/api/users', { as: 'firm-xian-1' }), 403, 'FORBIDDEN');
    expectError(await s.call('GET', '/api/nothing-here', { as: 'admin' }), 404, 'ROUTE_NOT_FOUND');
    expectError(await s.call('GET', '/api/codes/secrets', { as: 'admin' }), 404, 'NOT_FOUND');
    const malformed = await s.call('GET', '/api/enterprises/not-a-uuid', { as: 'admin' });
    expectError(malformed, 400, 'BAD_PARAMETER');
    expect(malformed.body.message_en).toBe('Parameter path.id is invalid: expected a UUID');
  });

  it('every 401 challenges for a bearer token (RFC 9110), naming a rejected token as invalid_token (RFC 6750)', async () => {
    const none = await s.call('GET', '/api/enterprises');
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="portal"');
    const forged = await s.call('GET', '/api/auth/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' });
    expectError(forged, 401, 'UNAUTHENTICATED');
    expect(forged.headers.get('www-authenticate')).toBe('Bearer realm="portal", error="invalid_token"');
    const { accessToken } = await s.login('xianyang');
    await s.call('POST', '/api/auth/logout', { token: accessToken });
    const revoked = await s.call('GET', '/api/auth/me', { token: accessToken });
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer realm="portal", error="invalid_token"');
    const wrongPassword = await s.call('POST', '/api/auth/login', { body: { username: 'xianyang', password: 'nope' } });
    expectError(wrongPassword, 401, 'BAD_CREDENTIALS');
    expect(wrongPassword.headers.get('www-authenticate')).toBe('Bearer realm="portal"');
    const board = await fetch(`${s.baseUrl}/api/admin/queues`);
    expect(board.status).toBe(401);
    expect(board.headers.get('www-authenticate')).toBe('Bearer realm="portal"');
  });

  it('sends security headers and admits only the configured web origin', async () => {
    const res = await fetch(`${s.baseUrl}/api/health`, { headers: { origin: 'http://evil.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).not.toBe('http://evil.example');
    const ok = await fetch(`${s.baseUrl}/api/health`, { headers: { origin: 'http://localhost:4200' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
  });
});
