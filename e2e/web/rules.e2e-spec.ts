import type { Browser } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

/**
 * The rule catalogue as an administrator reads it (issue 15): messages rendered over each rule's examples, not
 * templates with {placeholders}; and an override's impact preview whose counts add up to the returns it covers.
 */
describe('the rule catalogue', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows each rule’s messages as a firm reads them, and an impact preview whose counts add up', () =>
    withPage(browser, async (page) => {
      await login(page, 'admin');
      await mainMenu(page).getByRole('menuitem', { name: '审核规则' }).click();
      const table = page.getByRole('table', { name: '审核规则' });
      const change = table.getByRole('row').filter({ hasText: 'R-CHG-001' });
      await change.waitFor();
      const rows = await table.getByRole('row').count();
      expect(rows).toBeGreaterThan(20);
      expect(await table.textContent()).not.toMatch(/[{}]/);

      await change.getByRole('button', { name: '调整' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('启用规则').uncheck();
      await dialog.getByRole('button', { name: '预览影响' }).click();
      const impact = await dialog.getByRole('status').textContent();
      const m = /共 (\d+) 份报表：(\d+) 份将由通过变为阻断，(\d+) 份将由阻断变为通过，(\d+) 份结论不变/.exec(
        impact ?? '',
      );
      expect(m).not.toBeNull();
      const [returns, toBlocked, toPassing, unchanged] = m!.slice(1).map(Number);
      expect(returns).toBeGreaterThan(0);
      expect(toBlocked + toPassing + unchanged).toBe(returns);
      // Switching a rule off never blocks a return that passed.
      expect(toBlocked).toBe(0);
      await dialog.getByRole('button', { name: '取消' }).click();
    }));
});
