import { startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { startSmtpSink, waitForMail } from '../utils/smtp-sink';

describe('one-time e-mailed links (password reset, unlock), and password resets by an admin', () => {
  let s: TestStack;
  let worker: Managed;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    s = await startTestStack({ env: { SMTP_URL: smtp.url, WEB_ORIGIN: 'https://portal.example.cn' } });
    worker = await startWorker(s.config);
    await s.ds.query(`UPDATE app_user SET email = 'xian@commerce.example.cn' WHERE username = 'xian'`);
  });
  afterAll(async () => {
    await worker?.stop();
    await s?.close();
    await smtp?.close();
  });

  const tokenFrom = (raw: string, route = 'reset-password') => {
    const unfolded = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const m = new RegExp(`${route}\\?token=([A-Za-z0-9_-]{20,})`).exec(unfolded);
    if (!m) throw new Error(`no ${route} link in mail:\n${raw}`);
    return m[1];
  };

  /** Asks for a link and returns its token from the mail that arrives for `to`. */
  const mailedToken = async (kind: 'password-reset' | 'unlock', username: string, to: string) => {
    const before = smtp.mails.length;
    expect((await s.call('POST', `/api/auth/${kind}`, { body: { username } })).status).toBe(202);
    const mail = await waitForMail(smtp.mails, (m) => m.to.includes(to) && smtp.mails.indexOf(m) >= before);
    return tokenFrom(mail.raw, kind === 'unlock' ? 'unlock' : 'reset-password');
  };

  it('mails a link that sets a new password once, ends old sessions and is audited', async () => {
    const { accessToken: old } = await s.login('xian');
    const req = await s.call('POST', '/api/auth/password-reset', { body: { username: 'xian' } });
    expect(req.status).toBe(202);
    const mail = await waitForMail(smtp.mails, (m) => m.to.includes('xian@commerce.example.cn'));
    expect(mail.raw).toContain('https://portal.example.cn/#/reset-password?token=');
    const token = tokenFrom(mail.raw);

    const weak = await s.call('POST', '/api/auth/password-reset/confirm', { body: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_POLICY');

    const ok = await s.call('POST', '/api/auth/password-reset/confirm', {
      body: { token, password: 'New#Password2026' },
    });
    expect(ok.status).toBe(204);
    expect((await s.call('GET', '/api/auth/me', { token: old })).status).toBe(401);
    await expect(s.login('xian')).rejects.toThrow(/401/);
    expect((await s.login('xian', 'New#Password2026')).user.username).toBe('xian');

    const again = await s.call('POST', '/api/auth/password-reset/confirm', {
      body: { token, password: 'Other#Password2026' },
    });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      code: 'RESET_TOKEN_INVALID',
      message_zh: expect.stringContaining('重置密码链接无效'),
    });

    const audit = await s.call(
      'GET',
      `/api/audit?filter=${encodeURIComponent(JSON.stringify({ actorUsername: 'xian' }))}`,
      {
        as: 'admin',
      },
    );
    const actions = audit.body.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.password-reset.request', 'auth.password-reset']));
  });

  it('answers the same for unknown accounts and accounts without an address, and sends nothing', async () => {
    const before = smtp.mails.length;
    for (const username of ['nobody-here', 'xianyang']) {
      const res = await s.call('POST', '/api/auth/password-reset', { body: { username } });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: true });
    }
    // A mail is queued before the answer leaves, so a request for a mailable account sent afterwards is a positive
    // signal: once its mail is here, any mail for the two requests above would have been queued before it.
    expect((await s.call('POST', '/api/auth/password-reset', { body: { username: 'xian' } })).status).toBe(202);
    await waitForMail(smtp.mails, (m) => m.to.includes('xian@commerce.example.cn') && smtp.mails.indexOf(m) >= before);
    expect(smtp.mails.slice(before).map((m) => m.to)).toEqual([['xian@commerce.example.cn']]);
  });

  it('refuses an expired link', async () => {
    await s.ds.query(`UPDATE app_user SET email = 'province@commerce.example.cn' WHERE username = 'province'`);
    await s.call('POST', '/api/auth/password-reset', { body: { username: 'province' } });
    const token = tokenFrom((await waitForMail(smtp.mails, (m) => m.to.includes('province@commerce.example.cn'))).raw);
    await s.ds.query(`UPDATE account_link SET expires_at = now() - interval '1 minute'`);
    const res = await s.call('POST', '/api/auth/password-reset/confirm', {
      body: { token, password: 'New#Password2026' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('RESET_TOKEN_INVALID');
  });

  it('lets an admin reset a password, which ends the user’s sessions', async () => {
    const { accessToken, user } = await s.login('firm-xian-1');
    const res = await s.call('POST', `/api/users/${user.id}/reset-password`, {
      as: 'admin',
      body: { password: 'Admin#Reset2026' },
    });
    expect(res.status).toBe(201);
    expect((await s.call('GET', '/api/auth/me', { token: accessToken })).status).toBe(401);
    expect((await s.login('firm-xian-1', 'Admin#Reset2026')).user.username).toBe('firm-xian-1');
    const forbidden = await s.call('POST', `/api/users/${user.id}/reset-password`, {
      as: 'xian',
      body: { password: 'Admin#Reset2026' },
    });
    expect(forbidden.status).toBe(403);
  });
  it('a second outstanding reset link dies when another one is used', async () => {
    await s.ds.query(`UPDATE app_user SET email = 'firm@xianyang.example.cn' WHERE username = 'firm-xianyang-1'`);
    const first = await mailedToken('password-reset', 'firm-xianyang-1', 'firm@xianyang.example.cn');
    const second = await mailedToken('password-reset', 'firm-xianyang-1', 'firm@xianyang.example.cn');
    expect(second).not.toBe(first);
    const used = await s.call('POST', '/api/auth/password-reset/confirm', {
      body: { token: second, password: 'Second#Link2026' },
    });
    expect(used.status).toBe(204);
    const stale = await s.call('POST', '/api/auth/password-reset/confirm', {
      body: { token: first, password: 'First#Link2026x' },
    });
    expect(stale.status).toBe(400);
    expect(stale.body.code).toBe('RESET_TOKEN_INVALID');
    expect((await s.login('firm-xianyang-1', 'Second#Link2026')).user.username).toBe('firm-xianyang-1');
  });

  it('a password set by an administrator ends the links mailed before', async () => {
    await s.ds.query(`UPDATE app_user SET email = 'province@commerce.example.cn' WHERE username = 'province'`);
    const token = await mailedToken('password-reset', 'province', 'province@commerce.example.cn');
    const [{ id }] = await s.ds.query(`SELECT id FROM app_user WHERE username = 'province'`);
    const set = await s.call('POST', `/api/users/${id}/reset-password`, {
      as: 'admin',
      body: { password: 'Admin#Chose2026' },
    });
    expect(set.status).toBe(201);
    const late = await s.call('POST', '/api/auth/password-reset/confirm', {
      body: { token, password: 'Attacker#Set2026' },
    });
    expect(late.status).toBe(400);
    expect((await s.login('province', 'Admin#Chose2026')).user.username).toBe('province');
  });

  it('an unlock link lets a throttled owner in at once, works once, and ends the outstanding reset link', async () => {
    const created = await s.call('POST', '/api/users', {
      as: 'admin',
      body: {
        username: 'weinan',
        displayName: '渭南市商务局',
        email: 'weinan@commerce.example.cn',
        password: 'Weinan#2026x',
        roles: ['MUNICIPAL_REVIEWER'],
        scopeKind: 'REGION',
        scopeCode: '610500',
      },
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < s.config.LOGIN_MAX_FAILURES; i++) {
      const wrong = await s.call('POST', '/api/auth/login', { body: { username: 'weinan', password: `typo-${i}` } });
      expect(wrong.status).toBe(401);
    }
    const waiting = await s.call('POST', '/api/auth/login', { body: { username: 'weinan', password: 'Weinan#2026x' } });
    expect(waiting.status).toBe(429);
    expect(waiting.body.code).toBe('LOGIN_THROTTLED');

    const reset = await mailedToken('password-reset', 'weinan', 'weinan@commerce.example.cn');
    const unlock = await mailedToken('unlock', 'weinan', 'weinan@commerce.example.cn');
    expect((await s.call('POST', '/api/auth/unlock/confirm', { body: { token: unlock } })).status).toBe(204);
    expect((await s.login('weinan', 'Weinan#2026x')).user.username).toBe('weinan');

    const again = await s.call('POST', '/api/auth/unlock/confirm', { body: { token: unlock } });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      code: 'UNLOCK_TOKEN_INVALID',
      message_zh: expect.stringContaining('解锁链接无效'),
    });
    const resetAfter = await s.call('POST', '/api/auth/password-reset/confirm', {
      body: { token: reset, password: 'Weinan#Later2026' },
    });
    expect(resetAfter.status).toBe(400);
    expect(resetAfter.body.code).toBe('RESET_TOKEN_INVALID');

    const audit = await s.call(
      'GET',
      `/api/audit?filter=${encodeURIComponent(JSON.stringify({ actorUsername: 'weinan' }))}`,
      { as: 'admin' },
    );
    expect(audit.body.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['auth.lockout', 'auth.unlock.request', 'auth.unlock']),
    );
  });

  it('answers an unlock request for an unknown account exactly like one for a real account', async () => {
    const unknown = await s.call('POST', '/api/auth/unlock', { body: { username: 'nobody-at-all' } });
    const real = await s.call('POST', '/api/auth/unlock', { body: { username: 'xian' } });
    for (const res of [unknown, real]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ accepted: true });
    }
  });
});
