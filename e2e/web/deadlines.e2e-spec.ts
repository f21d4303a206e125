import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

/** The user guide shows the province's period page and a firm's return with its deadline banner. */
const IMAGES = join(__dirname, '..', '..', 'docs', 'images');
const XIANYANG_FIRM = '咸阳智汇信息技术有限公司';

/**
 * The deadline cycle of a quarter in the browser (issue 15): the province edits a period, a firm asks for an
 * extension from its return page and the province grants it from its to-do list, a city reminds unfiled firms after
 * confirming and sees who was reminded when, and an unfiled draft shows how many days it is late.
 */
describe('deadlines and periods', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    await mkdir(IMAGES, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the province moves the 2026Q4 due date (a Saturday rolls to Monday) with a reason', () =>
    withPage(browser, async (page) => {
      await login(page, 'province');
      await mainMenu(page).getByRole('menuitem', { name: '报告期' }).click();
      await page.getByRole('cell', { name: '2026Q4', exact: true }).click();
      await page.getByRole('heading', { name: '报告期 2026Q4', level: 2 }).waitFor();
      await page.getByRole('button', { name: '修改报告期' }).click();
      const dialog = page.getByRole('dialog', { name: '修改报告期' });
      // 2027-01-16 is a Saturday: the due date becomes Monday 2027-01-18.
      await dialog.getByLabel('截止日期').fill('2027-01-16');
      await dialog.getByLabel('修改原因').fill('元旦假期后统一截止');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.locator('[data-field="dueDate"]', { hasText: '2027-01-18' }).waitFor();
      await page.getByRole('region', { name: '延期' }).waitFor();
      await page.screenshot({ path: join(IMAGES, 'period-page.png'), fullPage: true });
    }));

  // Three steps of one journey, each its own test (three logins exceed one test's time on a busy machine).
  it('a firm asks for an extension on its return page', () =>
    withPage(browser, async (page) => {
      await login(page, 'firm-xianyang-1');
      await mainMenu(page).getByRole('menuitem', { name: '本企业报表' }).click();
      await page.getByRole('row').filter({ hasText: '2025Q3' }).first().click();
      await page
        .getByRole('heading', { name: /2025Q3 报表/ })
        .first()
        .waitFor();
      await page.getByRole('button', { name: '申请延期' }).click();
      const dialog = page.getByRole('dialog', { name: '申请 2025Q3 报表延期' });
      await dialog.getByLabel('预计报送日期').fill('2028-01-31');
      await dialog.getByLabel('原因').fill('退回意见涉及的合同需重新核对');
      await dialog.getByRole('button', { name: '确认' }).click();
      await page.getByText('已申请延期至 2028-01-31，等待省商务厅答复。').waitFor();
      await page.getByRole('button', { name: '申请延期' }).waitFor({ state: 'detached' });
    }));

  it('the province grants the request from its to-do list', () =>
    withPage(browser, async (page) => {
      await login(page, 'province');
      await page.getByText(/份延期申请待答复/).waitFor();
      await page.getByRole('link', { name: '去答复' }).click();
      const row = page.getByRole('row').filter({ hasText: XIANYANG_FIRM }).filter({ hasText: '2025Q3' });
      await row.getByRole('button', { name: '批准', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `答复 ${XIANYANG_FIRM} 的延期申请（2025Q3）` });
      await dialog.getByLabel('答复').fill('同意延期，请按期报送');
      await dialog.getByRole('button', { name: '批准', exact: true }).click();
      await page.getByText('已答复，已通知企业').waitFor();
    }));

  it('the firm sees the extension on its return', () =>
    withPage(browser, async (page) => {
      await login(page, 'firm-xianyang-1');
      await mainMenu(page).getByRole('menuitem', { name: '本企业报表' }).click();
      await page.getByRole('row').filter({ hasText: '2025Q3' }).first().click();
      await page.getByText(/已延期至 2028-01-31（北京时间）：同意延期，请按期报送/).waitFor();
      await page.screenshot({ path: join(IMAGES, 'return-extension.png'), fullPage: true });
    }));

  it('a city reminds unfiled firms after confirming, and sees who was reminded when', () =>
    withPage(browser, async (page) => {
      await login(page, 'xianyang');
      await mainMenu(page).getByRole('menuitem', { name: '催报' }).click();
      await page.getByLabel('报告期').fill('2026Q3');
      const unit = page.getByRole('region', { name: '咸阳市' });
      await unit.waitFor();
      await unit
        .getByRole('button', { name: /^发送催报/ })
        .first()
        .click();
      const confirm = page.getByRole('dialog', { name: '确认催报？' });
      await confirm.getByText(/小时内已催报的企业将跳过/).waitFor();
      await confirm.getByRole('button', { name: '确认' }).click();
      await confirm.waitFor({ state: 'hidden' });
      const history = page.getByRole('region', { name: '催报记录' });
      await history.getByRole('cell', { name: 'xianyang', exact: true }).first().waitFor();
    }));

  it('shows how many days a return was late on the returns list', () =>
    withPage(browser, async (page) => {
      await login(page, 'xian');
      await mainMenu(page).getByRole('menuitem', { name: '报表', exact: true }).click();
      // The demo's 2026Q2 return of 西安丝路 was due on Wednesday 2026-07-15 (the end of that day in Beijing time)
      // and first submitted on 2026-07-18 10:30 Beijing time: late on the 16th, 17th and 18th.
      const row = page.getByRole('row').filter({ hasText: '西安丝路工程设计有限公司' }).filter({ hasText: '2026Q2' });
      await row.getByText('逾期 3 天', { exact: true }).waitFor();
    }));
});
