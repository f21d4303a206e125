import { startTestStack, type TestStack } from '../utils/app';

describe('accounts and sessions', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '5' } });
  });
  afterAll(() => s.close());

  it('logs in a demo reviewer and returns the user with roles, scope and permissions', async () => {
    const res = await s.call('POST', '/api/auth/login', { body: { username: 'xian', password: 'Demo@2026' } });
    expect(res.status).toBe(200);
    expect(typeof res.body.accessToken).toBe('string');
    expect(res.body.user).toMatchObject({
      username: 'xian',
      roles: ['MUNICIPAL_REVIEWER'],
      scopeKind: 'REGION',
      scopeCode: '610100',
      scopeName: '西安市',
    });
    expect(res.body.user.permissions).toContain('review.municipal');
    expect(res.body.user.permissions).not.toContain('codes.write');
  });

  it('refuses a wrong password with a Chinese and English message, and does not say which part was wrong', async () => {
    const wrong = await s.call('POST', '/api/auth/login', { body: { username: 'xian', password: 'nope' } });
    const unknown = await s.call('POST', '/api/auth/login', { body: { username: 'nobody', password: 'nope' } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'BAD_CREDENTIALS', message_zh: '用户名或密码错误' });
    }
  });

  it('makes an address wait after repeated failures on an account, audits it, and refuses even the right password meanwhile', async () => {
    for (let i = 0; i < 3; i++) {
      await s.call('POST', '/api/auth/login', { body: { username: 'xianyang', password: `wrong-${i}` } });
    }
    const locked = await s.call('POST', '/api/auth/login', { body: { username: 'xianyang', password: 'Demo@2026' } });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(4 * 60);
    const audit = await s.call(
      'GET',
      `/api/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'auth.lockout' }))}`,
      { as: 'admin' },
    );
    expect(audit.body.map((r: { actorUsername: string }) => r.actorUsername)).toContain('xianyang');
  });

  it('revokes the token on logout', async () => {
    const { accessToken } = await s.login('province');
    expect((await s.call('GET', '/api/auth/me', { token: accessToken })).status).toBe(200);
    expect((await s.call('POST', '/api/auth/logout', { token: accessToken })).status).toBe(204);
    const after = await s.call('GET', '/api/auth/me', { token: accessToken });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
  });

  it('revokes the token when an admin changes the user’s roles', async () => {
    const created = await s.call('POST', '/api/users', {
      as: 'admin',
      body: {
        username: 'weinan',
        displayName: '渭南市商务局',
        password: 'Weinan#2026x',
        roles: ['MUNICIPAL_REVIEWER'],
        scopeKind: 'REGION',
        scopeCode: '610500',
      },
    });
    expect(created.status).toBe(201);
    const { accessToken } = await s.login('weinan', 'Weinan#2026x');
    const changed = await s.call('PUT', `/api/users/${created.body.id}`, {
      as: 'admin',
      body: { scopeCode: '610300' },
    });
    expect(changed.status).toBe(200);
    expect((await s.call('GET', '/api/auth/me', { token: accessToken })).status).toBe(401);
  });

  it('enforces the password policy and role-to-scope binding when creating users', async () => {
    const weak = await s.call('POST', '/api/users', {
      as: 'admin',
      body: { username: 'weak', displayName: 'x', password: 'short', roles: ['ADMIN'], scopeKind: 'SYSTEM' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_POLICY');
    const mismatch = await s.call('POST', '/api/users', {
      as: 'admin',
      body: {
        username: 'odd',
        displayName: 'x',
        password: 'Strong#Pass2026',
        roles: ['MUNICIPAL_REVIEWER'],
        scopeKind: 'PROVINCE',
        scopeCode: '610000',
      },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.code).toBe('SCOPE_MISMATCH');
  });

  it('refuses a forged token', async () => {
    const res = await s.call('GET', '/api/auth/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' });
    expect(res.status).toBe(401);
  });
});
