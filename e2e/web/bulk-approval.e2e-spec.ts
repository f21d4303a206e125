import type { Browser } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

const FIRM = '西安丝路工程设计有限公司';

/**
 * 批量审核 early in a cycle (issue 15): nothing of 2026Q2 is approved by the province yet, so a return's weight is
 * taken against the province's approved previous quarter, not against nothing (which made every return 100 %
 * material). A material return is refused with a reason a reviewer can read: the firm, the period, percentages.
 */
describe('bulk approval on the review desk', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a material return naming the firm and printing its weight as a percentage', () =>
    withPage(browser, async (page) => {
      await login(page, 'xian');
      await mainMenu(page).getByRole('menuitem', { name: '审核工作台' }).click();
      await page.getByPlaceholder('企业名称或统一社会信用代码').fill(FIRM);
      await page.waitForURL((url) => decodeURIComponent(url.href).includes(FIRM));
      const row = page.getByRole('row').filter({ hasText: FIRM }).filter({ hasText: '2026Q2' });
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      // Its weight in the list is a share below 100 %: the previous quarter's approvals are the base.
      const weight = await row.getByText(/^\d+(\.\d+)?%$/).textContent();
      expect(Number(weight!.replace('%', ''))).toBeLessThan(100);

      await row.getByRole('checkbox').check();
      await page.getByRole('button', { name: '批量审核通过' }).click();
      const dialog = page.getByRole('dialog', { name: '批量审核结果' });
      await dialog.getByText('未通过批量审核：1 份').waitFor();
      const reason = dialog.getByText(/^西安丝路工程设计有限公司（2026Q2）：影响度/);
      expect(await reason.textContent()).toMatch(
        /^西安丝路工程设计有限公司（2026Q2）：影响度 \d+\.\d% 不低于批量审核上限 1\.0%，请逐份审核$/,
      );
      expect(await dialog.getByText(/[0-9a-f]{8}-[0-9a-f]{4}-/).count()).toBe(0);
      await dialog.getByRole('button', { name: '关闭' }).click();
      // Refused, so still waiting in the list.
      await row.first().waitFor();
    }));
});
