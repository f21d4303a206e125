import { startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { startSmtpSink, waitForMail } from '../utils/smtp-sink';

describe('password reset by a one-time e-mailed link, and by an admin', () => {
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

  const tokenFrom = (raw: string) => {
    const unfolded = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const m = /reset-password\?token=([A-Za-z0-9_-]{20,})/.exec(unfolded);
    if (!m) throw new Error(`no reset link in mail:\n${raw}`);
    return m[1];
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
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.mails.length).toBe(before);
  });

  it('refuses an expired link', async () => {
    await s.ds.query(`UPDATE app_user SET email = 'province@commerce.example.cn' WHERE username = 'province'`);
    await s.call('POST', '/api/auth/password-reset', { body: { username: 'province' } });
    const token = tokenFrom((await waitForMail(smtp.mails, (m) => m.to.includes('province@commerce.example.cn'))).raw);
    await s.ds.query(`UPDATE password_reset SET expires_at = now() - interval '1 minute'`);
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
});
