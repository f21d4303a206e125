import type { Browser } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

/** The administrator reads the audit log by group of actions, in words, with readable details (issue 15). */
describe('the audit log', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists sign-in events by their group, labelled, and opens one in words', () =>
    withPage(browser, async (page) => {
      await login(page, 'admin');
      await mainMenu(page).getByRole('menuitem', { name: '审计日志' }).click();
      await page.getByRole('combobox', { name: '操作类别' }).click();
      await page.getByRole('option', { name: '登录与账号安全' }).click();
      await page.waitForURL((url) => decodeURIComponent(url.href).includes('"group":"auth"'));
      const rows = page.locator('table tbody tr');
      // The list reloads after the address changes: until then it still shows other groups' entries. Only
      // sign-in events once filtered: none of the returns viewed or periods changed by then.
      await rows.filter({ hasText: '查看报表' }).first().waitFor({ state: 'detached' });
      await rows.filter({ hasText: '登录' }).first().waitFor();
      expect(await rows.filter({ hasText: '查看报表' }).count()).toBe(0);
      await rows.filter({ hasText: 'admin' }).first().getByText('登录', { exact: true }).click();
      const details = page.getByRole('rowheader', { name: '前一条哈希值' });
      await details.waitFor();
      await page.getByRole('cell', { name: 'auth.login', exact: true }).first().waitFor();
    }));
});
