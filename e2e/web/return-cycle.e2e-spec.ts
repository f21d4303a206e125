import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReturnRow } from '@portal/shared';
import type { Browser } from 'playwright-core';
import { launchBrowser, webUrl, withPage } from './support/browser';
import { eventually } from '../../apps/api/test/factories/load';
import { apiCall, demoReturn, tokenOf } from './support/api';
import { login, mainMenu, submitLogin } from './support/portal';

/** Validation runs in the worker after a submission: allow for a busy machine. */
const VALIDATION_TIMEOUT = 60_000;
/** The user guide shows the review screen with earlier quarters and a firm's return sent back. */
const IMAGES = join(__dirname, '..', '..', 'docs', 'images');
const YUNTU = '西安云图软件科技有限公司';
const SILU = '西安丝路工程设计有限公司';
const SILU_PASSWORD = 'Silu#Firm2026x';
const RETURN_REASON = '本季度申报无业务，但合同台账显示有在执行的工程设计合同，请核实后重新上报';

/**
 * The daily loop around a return in the browser (issue 15): the reviewer reads codes with their names and each
 * figure beside the same quarter last year and the quarter before, and sees a firm's extension; a firm sent back
 * reads who returned it, when and why on its home page and at the top of the return (incomplete rows and the
 * warning before leaving are walked in incomplete-draft.e2e-spec.ts); a page the role may not see says 无权访问.
 */
describe('a return in the daily loop of firms and reviewers', () => {
  let browser: Browser;
  /** 西安丝路's 2026Q3 return, sent back by the city in the journey below. */
  let siluReturnId = '';
  beforeAll(async () => {
    browser = await launchBrowser();
    await mkdir(IMAGES, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the reviewer sees names beside codes and the earlier quarters beside each figure', async () => {
    // 西安云图's 2026Q2 return (SI/US export 1,250,000 USD, 85 graduates); 2026Q1 was approved with 840,000 and 92.
    const row = await demoReturn(await tokenOf('xian'), YUNTU, '2026Q2');
    await withPage(browser, async (page) => {
      await login(page, 'xian');
      await page.goto(`${webUrl}/#/review/inbox/${row.id}/show`);
      await page.getByRole('heading', { level: 1, name: `审核：${YUNTU} 2026Q2 报表` }).waitFor();

      const category = page.locator('td[data-path="servicesTrade[0].categoryCode"]');
      await category.getByText('SI 电信、计算机和信息服务').waitFor();
      await page.locator('td[data-path="servicesTrade[0].partnerCode"]').getByText('US 美国').waitFor();
      await page
        .locator('td[data-path="contracts[0].businessCode"]')
        .getByText(/^ITO-RD-01 \S/)
        .waitFor();

      const trade = page.getByRole('region', { name: '2. 服务进出口' });
      await trade.getByRole('columnheader', { name: '上年同期（2025Q2） · 无已报送数据' }).waitFor();
      await trade.getByRole('columnheader', { name: '上季度（2026Q1）' }).waitFor();
      const quarter = page.locator('td[data-prior="quarter"][data-prior-of="servicesTrade[0].amount"]');
      await quarter.getByText('840,000').waitFor();
      expect(await page.locator('td[data-prior="year"][data-prior-of="servicesTrade[0].amount"]').innerText()).toBe(
        '—',
      );
      await page.locator('td[data-prior="quarter"][data-prior-of="workforce.bachelor"]').getByText('92').waitFor();
      await page.screenshot({ path: join(IMAGES, 'review-prior-periods.png'), fullPage: true });
    });
  });

  it('the reviewer sees that the firm has an extension', () =>
    withPage(browser, async (page) => {
      // The demo grants 西安云图 an extension for its 2025Q3 correction.
      const row = await demoReturn(await tokenOf('xian'), YUNTU, '2025Q3');
      await login(page, 'xian');
      await page.goto(`${webUrl}/#/review/inbox/${row.id}/show`);
      await page
        .getByText(/^该企业已获准延期至 \d{4}-\d{2}-\d{2}（北京时间）：演示：已截止报告期的更正与退回修改/)
        .waitFor();
    }));

  it('a firm sent back reads who returned it, when and why, on its home page and on the return', async () => {
    const admin = await tokenOf('admin');
    const city = await tokenOf('xian');
    // 西安丝路 gets an account of its own, files 2026Q3 as a zero return, and the city returns it with a reason.
    const { enterpriseId } = await demoReturn(city, SILU, '2026Q2');
    await apiCall(admin, 'POST', '/api/users', {
      username: 'e2e-silu',
      displayName: '西安丝路 填报人',
      email: 'e2e-silu@silu.example.cn',
      password: SILU_PASSWORD,
      roles: ['ENTERPRISE_FILER', 'ENTERPRISE_SIGNATORY'],
      scopeKind: 'ENTERPRISE',
      scopeCode: enterpriseId,
    });
    const { accessToken: firm } = await apiCall<{ accessToken: string }>(null, 'POST', '/api/auth/login', {
      username: 'e2e-silu',
      password: SILU_PASSWORD,
    });
    const opened = await apiCall<ReturnRow>(firm, 'POST', '/api/returns', { periodCode: '2026Q3' });
    siluReturnId = opened.id;
    await apiCall(firm, 'POST', `/api/returns/${opened.id}/zero`, { version: opened.version });
    const submitted = await eventually(
      'the zero return through its checks',
      async () => {
        const now = await apiCall<ReturnRow>(city, 'GET', `/api/returns/${opened.id}`);
        return now.status === 'SUBMITTED' && now;
      },
      VALIDATION_TIMEOUT,
    );
    await apiCall(city, 'POST', `/api/returns/${opened.id}/return`, {
      version: submitted.version,
      reason: RETURN_REASON,
    });

    await withPage(browser, async (page) => {
      await submitLogin(page, 'e2e-silu', SILU_PASSWORD);
      await mainMenu(page).waitFor();
      const todo = page.getByRole('region', { name: '待办事项' });
      await todo
        .getByText(new RegExp(`^已退回：${RETURN_REASON}（xian，\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}）$`))
        .waitFor();
      await todo.getByRole('link', { name: '打开报表' }).last().click();
      const banner = page.getByTestId('bounce-banner');
      await banner.getByText('报表已被退回').waitFor();
      await banner
        .getByText(
          new RegExp(`^xian 于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}（北京时间）退回。退回原因：${RETURN_REASON}`),
        )
        .waitFor();
      await page.screenshot({ path: join(IMAGES, 'return-sent-back.png') });
    });
  });

  it('a zero return is checked as a draft first, then submitted by the firm', () =>
    withPage(browser, async (page) => {
      await submitLogin(page, 'e2e-silu', SILU_PASSWORD);
      await mainMenu(page).waitFor();
      await page.goto(`${webUrl}/#/returns/${siluReturnId}/show`);
      // The return came back as a zero return: undone, it is an ordinary draft again (saving reopens it).
      await page.getByRole('button', { name: '取消零申报' }).click();
      await page.getByText('已保存', { exact: true }).waitFor();
      await page.getByRole('button', { name: '本期无业务（零申报）' }).click();
      const dialog = page.getByRole('dialog', { name: '2026Q3 零申报' });
      await dialog.getByText(/点击“检查”后，系统先按零申报适用的审核规则检查/).waitFor();
      await dialog.getByRole('button', { name: '检查' }).click();
      // Not submitted yet: the checks of the zero draft come first (an ordinary firm has nothing to explain).
      await dialog.getByText('检查通过，未发现需要说明的问题。可以上报。').waitFor({ timeout: VALIDATION_TIMEOUT });
      await dialog.getByRole('button', { name: '上报零申报' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('已上报', { exact: true }).first().waitFor({ timeout: VALIDATION_TIMEOUT });
      await page.getByTestId('bounce-banner').waitFor({ state: 'detached' });
    }));

  it('a firm opening the official tables is told it has no access', () =>
    withPage(browser, async (page) => {
      await login(page, 'firm-xian-1');
      await page.goto(`${webUrl}/#/official-tables`);
      await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor();
      await page.getByText('您的账号无权查看此页面。如确需访问，请联系系统管理员。').waitFor();
      await page.getByRole('link', { name: '返回首页' }).click();
      await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor({ state: 'detached' });
    }));
});
