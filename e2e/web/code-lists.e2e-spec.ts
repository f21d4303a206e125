import type { Browser, Page } from 'playwright-core';
import { launchBrowser, webUrl, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

async function pick(page: Page, label: RegExp, search: string, option: string): Promise<void> {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The admin's code screens for technology trade (issue 16): continents with their economies by date. */
describe('continents and their economies', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an admin moves an economy to another continent from a date; the old membership keeps the days before', () =>
    withPage(browser, async (page) => {
      await login(page, 'admin');
      await mainMenu(page).getByRole('menuitem', { name: '洲别国家（地区）' }).click();
      await page.getByRole('columnheader', { name: '洲别' }).waitFor();
      await page.goto(`${webUrl}/#/continent-members?filter=${encodeURIComponent(JSON.stringify({ member: 'SG' }))}`);
      const rows = page.getByRole('row').filter({ hasText: 'SG 新加坡' });
      await rows.filter({ hasText: 'AS 亚洲' }).waitFor();
      expect(await rows.count()).toBe(1);

      await rows.getByRole('link', { name: '编辑' }).click();
      await page.getByText('自生效日期起该成员改属所填的组').waitFor();
      await pick(page, /^洲别/, '欧洲', 'EU 欧洲');
      await page.locator('input[name="effectiveFrom"]').fill('2030-01-01');
      await page.getByRole('button', { name: '保存' }).click();

      await rows.filter({ hasText: 'EU 欧洲' }).filter({ hasText: '2030-01-01' }).getByText('待生效').waitFor();
      await rows.filter({ hasText: 'AS 亚洲' }).filter({ hasText: '2029-12-31' }).waitFor();
      expect(await rows.count()).toBe(2);
    }));

  it('an admin ends a membership from a date: the row keeps the days before and shows its last day', () =>
    withPage(browser, async (page) => {
      await login(page, 'admin');
      await page.goto(`${webUrl}/#/continent-members?filter=${encodeURIComponent(JSON.stringify({ member: 'NZ' }))}`);
      const rows = page.getByRole('row').filter({ hasText: 'NZ 新西兰' });
      await rows.first().waitFor();
      expect(await rows.count()).toBe(1);

      await rows.getByRole('button', { name: '终止' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('自该日期起该国家（地区）不再属于该组').waitFor();
      await dialog.locator('input[type="date"]').fill('2040-01-01');
      await dialog.getByRole('button', { name: '终止' }).click();

      await page.getByText('成员资格已终止').waitFor();
      await rows.filter({ hasText: '2039-12-31' }).waitFor();
      // Ended: no edit and no second ending.
      expect(await rows.getByRole('button', { name: '终止' }).count()).toBe(0);
    }));
});
