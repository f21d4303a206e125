import type { Browser } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu, menuLabels, submitLogin } from './support/portal';

describe('login, language and territory', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a wrong password shows the API message in Chinese', () =>
    withPage(browser, async (page) => {
      await submitLogin(page, 'xian', 'not-the-password');
      await page.getByText('用户名或密码错误').waitFor();
      expect(await mainMenu(page).count()).toBe(0);
    }));

  it('a municipal reviewer gets a Chinese UI and only the firms of Xi’an', () =>
    withPage(browser, async (page) => {
      await login(page, 'xian');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await page.getByRole('menuitem', { name: '企业' }).click();
      const nameCells = page.locator('td.column-nameZh');
      await nameCells.first().waitFor();
      const names = await nameCells.allInnerTexts();
      expect(names.length).toBeGreaterThan(0);
      // The page shows what the API lets xian see, and that is Xi'an's firms only (the review unit 610100).
      const token = await page.evaluate(() => JSON.parse(localStorage.getItem('portal.session') ?? '{}').accessToken);
      const api = await fetch(`${process.env.E2E_API_URL}/api/enterprises?sort=["nameZh","ASC"]&range=[0,999]`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const firms: { nameZh: string; reviewUnitCode: string }[] = await api.json();
      expect(new Set(firms.map((f) => f.reviewUnitCode))).toEqual(new Set(['610100']));
      expect(firms.map((f) => f.nameZh)).toEqual(expect.arrayContaining(names));
      expect(await page.getByText(/咸阳|宝鸡/).count()).toBe(0);
    }));

  it('switching to English relabels the menu, and the choice survives a reload', () =>
    withPage(browser, async (page) => {
      await login(page, 'xian');
      expect(await menuLabels(page)).toEqual([
        '首页',
        '企业',
        '报表',
        '技术进出口合同',
        '审核工作台',
        '催报',
        '审核规则',
        '统计报表',
      ]);
      await page.getByRole('button', { name: '中文', exact: true }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await mainMenu(page).getByRole('menuitem', { name: 'Enterprises' }).waitFor();
      expect(await menuLabels(page)).toEqual([
        'Dashboard',
        'Enterprises',
        'Returns',
        'Technology contracts',
        'Review desk',
        'Reminders',
        'Validation rules',
        'Statistical tables',
      ]);
      await page.reload();
      await mainMenu(page).getByRole('menuitem', { name: 'Enterprises' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    }));
});
