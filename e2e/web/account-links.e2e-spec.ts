import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Browser } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { mainMenu, submitLogin } from './support/portal';
import { e2eDatabase } from './support/database';

/**
 * The pages of the mailed one-time links (issue 13): a user slowed down by failed logins finds the way from the login
 * page, asks for an unlock link, unlocks and logs in; a reset link sets a new password. The browser stack sends no
 * mail, so the link a mail would carry is written to the database the way the API writes it (SHA-256 of the token).
 */
describe('account help, unlock and reset links', () => {
  let browser: Browser;
  let db: pg.Client;
  const webUrl = process.env.E2E_WEB_URL!;
  const apiUrl = process.env.E2E_API_URL!;
  const PASSWORD = 'Shangluo#2026x';

  beforeAll(async () => {
    browser = await launchBrowser();
    db = await e2eDatabase();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.end();
  });

  const api = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  };

  /** A user of its own, so the failed logins below slow down nobody else's tests. */
  const createUser = async (username: string) => {
    const admin = await api('/api/auth/login', {
      username: 'admin',
      password: process.env.DEMO_PASSWORD ?? 'Demo@2026',
    });
    const created = await api(
      '/api/users',
      {
        username,
        displayName: '商洛市商务局',
        email: `${username}@commerce.example.cn`,
        password: PASSWORD,
        roles: ['MUNICIPAL_REVIEWER'],
        scopeKind: 'REGION',
        scopeCode: '611000',
      },
      admin.body.accessToken,
    );
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  const mailedLink = async (userId: string, purpose: 'RESET' | 'UNLOCK') => {
    const token = randomBytes(32).toString('base64url');
    await db.query(
      `INSERT INTO account_link (user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '30 minutes')`,
      [userId, purpose, createHash('sha256').update(token).digest('hex')],
    );
    return token;
  };

  it('a user slowed down by failed logins asks for an unlock link on the login page, unlocks and logs in', () =>
    withPage(browser, async (page) => {
      const userId = await createUser('e2e-shangluo');
      for (let i = 0; i < 5; i++) {
        // Through the web server, from the same address as the browser.
        const res = await fetch(`${webUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'e2e-shangluo', password: `typo-${i}` }),
        });
        expect(res.status).toBe(401);
      }
      await submitLogin(page, 'e2e-shangluo', PASSWORD);
      await page.getByText(/登录失败次数过多，请 \d+ 秒后再试/).waitFor();

      await page.getByRole('link', { name: '忘记密码或无法登录？' }).click();
      const help = page.getByRole('main', { name: '账号求助' });
      await help.getByLabel('用户名').fill('e2e-shangluo');
      await help.getByRole('button', { name: '发送解锁邮件' }).click();
      await help.getByText('如果该账号存在且登记了邮箱，邮件已发出').waitFor();

      await page.goto(`${webUrl}/#/unlock?token=${await mailedLink(userId, 'UNLOCK')}`);
      const unlock = page.getByRole('main', { name: '解除登录限制' });
      await unlock.getByRole('button', { name: '解除限制' }).click();
      await unlock.getByText('已解除限制，现在可以登录。').waitFor();
      await unlock.getByRole('link', { name: '返回登录' }).click();
      await page.locator('input[name="username"]').fill('e2e-shangluo');
      await page.locator('input[name="password"]').fill(PASSWORD);
      await page.locator('button[type="submit"]').click();
      await mainMenu(page).waitFor();
    }));

  it('a reset link sets a new password once; the old password and the used link stop working', () =>
    withPage(browser, async (page) => {
      const userId = await createUser('e2e-ankang');
      const token = await mailedLink(userId, 'RESET');
      await page.goto(`${webUrl}/#/reset-password?token=${token}`);
      const form = page.getByRole('main', { name: '设置新密码' });
      await form.getByLabel('新密码', { exact: true }).fill('Ankang#New2026');
      await form.getByLabel('再次输入新密码').fill('Ankang#New2026');
      await form.getByRole('button', { name: '设置密码' }).click();
      await form.getByText('密码已更新').waitFor();

      // The link opened again, as from the mail: a fresh load, not the page still showing its success.
      await page.goto(`${webUrl}/#/reset-password?token=${token}`);
      await page.reload();
      await page
        .getByRole('main', { name: '设置新密码' })
        .getByLabel('新密码', { exact: true })
        .fill('Ankang#Other2026');
      await page.getByLabel('再次输入新密码').fill('Ankang#Other2026');
      await page.getByRole('button', { name: '设置密码' }).click();
      await page.getByText('重置密码链接无效、已使用或已过期').waitFor();

      expect((await api('/api/auth/login', { username: 'e2e-ankang', password: PASSWORD })).status).toBe(401);
      await submitLogin(page, 'e2e-ankang', 'Ankang#New2026');
      await mainMenu(page).waitFor();
    }));
});
