import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

/** The signed-in firm's USCC, from the API with the browser's session. */
function firmUscc(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const session = JSON.parse(localStorage.getItem('portal.session') ?? '{}') as {
      accessToken: string;
      user: { scopeCode: string };
    };
    const response = await fetch(`/api/enterprises/${session.user.scopeCode}`, {
      headers: { Authorization: `Bearer ${session.accessToken}` },
    });
    return ((await response.json()) as { uscc: string }).uscc;
  });
}

describe('filing screens around the form', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a firm uploads a services-trade CSV with mistakes and sees each one by line and column', () =>
    withPage(browser, async (page) => {
      await login(page, 'firm-xian-1');
      const uscc = await firmUscc(page);
      await mainMenu(page).getByRole('menuitem', { name: '数据导入' }).click();
      await page.getByRole('link', { name: '上传文件' }).click();
      const csv = [
        'uscc,period,category_code,partner_code,direction,amount,currency',
        `${uscc},2026Q3,SI,US,EXPORT,100,USD`,
        `${uscc},2026Q3,SI,JP,EXPORT,-5,USD`,
        `${uscc},2026Q3,SZ,GB,EXPORT,5,USD`,
      ].join('\n');
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name: 'services_trade.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: '上传', exact: true }).click();

      await page.getByText(/^导入被拒绝：发现 \d+ 个问题，未写入任何数据$/).waitFor({ timeout: 60_000 });
      const problems = page.getByRole('table', { name: '发现的问题' });
      const rows = problems.getByRole('row');
      expect(await rows.count()).toBeGreaterThanOrEqual(3);
      const text = await problems.innerText();
      expect(text).toContain('services_trade.csv');
      expect(text).toContain('-5');
      expect(text).toContain('SZ');

      // The import is listed with its outcome.
      await page.getByRole('link', { name: '导入记录' }).click();
      await page.getByRole('cell', { name: 'services_trade.csv' }).first().waitFor();
      await page.getByText('已拒绝', { exact: true }).first().waitFor();
    }));

  it("a municipal reviewer reads a firm's return of the territory, without any way to change it", () =>
    withPage(browser, async (page) => {
      await login(page, 'xianyang');
      await mainMenu(page).getByRole('menuitem', { name: '报表', exact: true }).click();
      // The territory's returns as an exchange bundle.
      const [bundle] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下载数据包（.zip）' }).click(),
      ]);
      expect(bundle.suggestedFilename()).toMatch(/^数据包-.*\.zip$/);
      expect((await readFile(await bundle.path())).subarray(0, 2).toString()).toBe('PK');
      const row = page.getByRole('row').filter({ hasText: '咸阳智汇信息技术有限公司' }).filter({ hasText: '2025Q2' });
      await row.first().click();
      await page
        .getByRole('heading', { name: /2025Q2 报表/ })
        .first()
        .waitFor();
      await page.getByText(/已上报的版本已冻结，仅供查看/).waitFor();
      await page.getByRole('heading', { name: '1. 企业基本情况' }).waitFor();
      expect(await page.getByRole('button', { name: '上报', exact: true }).count()).toBe(0);
      expect(await page.getByRole('button', { name: '添加一行' }).count()).toBe(0);
      expect(await page.getByRole('checkbox').first().isDisabled()).toBe(true);
      // The figures are there, read-only.
      const amount = page.getByRole('textbox', { name: '金额 第 1 行', exact: true });
      expect(await amount.getAttribute('readonly')).not.toBeNull();
    }));
});
