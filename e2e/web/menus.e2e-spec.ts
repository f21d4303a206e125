import { CODE_LIST_LABELS, CODE_LISTS, ECONOMY_GROUP_KINDS } from '@portal/shared';
import type { Browser } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, menuLabels } from './support/portal';

/** What each demo login must see in the main menu (Chinese, the default language). */
const EXPECTED_MENUS: Record<string, string[]> = {
  admin: [
    '首页',
    '企业',
    '报表',
    '技术进出口合同',
    '数据导入',
    '报告期',
    '延期申请',
    '审核工作台',
    '催报',
    '审核规则',
    '统计报表',
    ...CODE_LISTS.map((list) => CODE_LIST_LABELS[list].zh),
    ...ECONOMY_GROUP_KINDS.map((kind) => CODE_LIST_LABELS[kind].zh),
    '用户',
    '审计日志',
    '队列监控',
  ],
  province: [
    '首页',
    '企业',
    '报表',
    '技术进出口合同',
    '报告期',
    '延期申请',
    '审核工作台',
    '催报',
    '审核规则',
    '统计报表',
    '审计日志',
  ],
  xian: ['首页', '企业', '报表', '技术进出口合同', '审核工作台', '催报', '审核规则', '统计报表'],
  'firm-xian-1': ['首页', '本企业', '本企业报表', '我的技术进出口合同', '数据导入', '审核规则'],
};

describe('main menu by role', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(Object.entries(EXPECTED_MENUS))('%s sees exactly the menu of their roles', (username, expected) =>
    withPage(browser, async (page) => {
      await login(page, username);
      expect(await menuLabels(page)).toEqual(expected);
    }),
  );

  it('the admin opens the queue board in a new tab', () =>
    withPage(browser, async (page) => {
      await login(page, 'admin');
      const link = page.getByRole('menuitem', { name: '队列监控' });
      expect(await link.getAttribute('target')).toBe('_blank');
      const [board] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      const response = await board.waitForResponse((r) => r.url().includes('/api/admin/queues'));
      // The board authenticates with the cookie set at login: an unauthenticated tab would get 401.
      expect(response.status()).toBe(200);
    }));

  it('the admin edits a firm user: the 管辖范围 picker loads the firms (react-admin sorts them by id)', () =>
    withPage(browser, async (page) => {
      await login(page, 'admin');
      await page.getByRole('menuitem', { name: '用户', exact: true }).click();
      await page.getByRole('cell', { name: 'firm-xian-1', exact: true }).click();
      const scope = page.getByRole('combobox', { name: '管辖范围' });
      await scope.waitFor();
      // The current firm is shown by name (getMany), the choices come from the list sorted by id.
      await page.waitForFunction(
        (name) => [...document.querySelectorAll('input')].some((input) => input.value === name),
        '西安云图软件科技有限公司',
      );
      expect(await scope.inputValue()).toBe('西安云图软件科技有限公司');
      await scope.click();
      // Searched by name: the first page of firms depends on how many firms earlier journeys registered.
      await scope.fill('咸阳智汇');
      await page.getByRole('option', { name: '咸阳智汇信息技术有限公司' }).waitFor();
      expect(await page.getByText('不支持的查询参数').count()).toBe(0);
    }));

  it('a firm user reaches their own enterprise from 本企业', () =>
    withPage(browser, async (page) => {
      await login(page, 'firm-xian-1');
      await page.getByRole('menuitem', { name: '本企业', exact: true }).click();
      await page.getByText('统一社会信用代码').waitFor();
      await page.getByText(/^西安/).first().waitFor();
    }));
});
