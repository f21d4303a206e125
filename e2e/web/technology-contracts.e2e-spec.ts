import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, webUrl, withPage } from './support/browser';
import { login } from './support/portal';

/** The worker checks a filing after it is received: allow for a busy machine. */
const CHECK_TIMEOUT = 60_000;
const NUMBER = `TE-E2E-${Date.now().toString(36).toUpperCase()}`;

async function fill(page: Page, field: string, value: string) {
  await page.locator(`input[name="${field}"]`).fill(value);
}

async function choose(page: Page, label: RegExp, option: RegExp) {
  await page.getByLabel(label).click();
  await page.getByRole('option', { name: option }).click();
}

/**
 * Issue 16's acceptance in the browser: a firm registers an export contract, a 禁止类 contract and an amount that
 * does not add up are refused with messages naming the field, and the city registers the contract.
 */
describe('technology contract registration', () => {
  let browser: Browser;
  let contractUrl = '';
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets a firm file an export contract, refusing 禁止类 and an amount that does not add up', () =>
    withPage(browser, async (page) => {
      await login(page, 'firm-xian-1');
      await page.getByRole('menuitem', { name: '我的技术进出口合同' }).click();
      await page.getByRole('link', { name: '登记合同' }).click();
      await fill(page, 'contractNo', NUMBER);
      await fill(page, 'signedDate', '2026-10-12');
      await fill(page, 'modeCode', 'TT4');
      await fill(page, 'foreignParty', 'Contoso Ltd.');
      await fill(page, 'partnerCode', 'US');
      await fill(page, 'techFee', '180000');
      await fill(page, 'equipmentFee', '20000');
      await fill(page, 'contractAmount', '180000');
      // The browser runs the catalogue's rules as the firm types.
      await page
        .getByText(/合同金额 180,000.00 不等于技术费 180,000.00 \+ 设备费 20,000.00/)
        .first()
        .waitFor();
      // A draft is saved as it is; filing it is refused, naming the field.
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.waitForURL(/technology-contracts\/[0-9a-f-]+\/show/);
      contractUrl = page.url();
      // The contract's own page, loaded afresh (react-admin mounts the show view after the create view has answered;
      // a click in between would land on the view being replaced).
      await page.reload();
      await page.getByTestId('contract-status').getByText('草稿').waitFor();
      await page.getByRole('button', { name: '提交登记申请' }).click();
      const problems = page.getByTestId('contract-problems');
      await problems.getByText(/合同金额 180,000.00 不等于技术费/).waitFor();
      await page.locator('p.Mui-error').filter({ hasText: '合同金额 180,000.00' }).first().waitFor();

      await fill(page, 'contractAmount', '200000');
      await choose(page, /技术类别/, /禁止类/);
      await page.getByRole('button', { name: '提交登记申请' }).click();
      await problems.getByText(/技术类别为禁止类/).waitFor();

      await choose(page, /技术类别/, /自由类/);
      await fill(page, 'equipmentFee', '0');
      await fill(page, 'contractAmount', '180000');
      await page.getByRole('button', { name: '提交登记申请' }).click();
      await page
        .getByTestId('contract-status')
        .getByText(/已接收，校验中|已申请，待登记/)
        .waitFor();
      await page.reload();
      await page.getByTestId('contract-status').getByText('已申请，待登记').waitFor({ timeout: CHECK_TIMEOUT });
    }));

  it('offers the firm an Excel template of its contracts and the way to upload it', () =>
    withPage(browser, async (page) => {
      await login(page, 'firm-xian-1');
      await page.getByRole('menuitem', { name: '我的技术进出口合同' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下载 Excel 模板' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^.+-技术进出口合同模板\.xlsx$/);
      expect((await readFile(await download.path())).subarray(0, 2).toString('latin1')).toBe('PK');
      await page.getByRole('link', { name: '从 Excel 导入' }).click();
      await page.waitForURL(/#\/imports\/create$/);
    }));

  it('shows the refusal in English, naming the field', () =>
    withPage(browser, async (page) => {
      await login(page, 'firm-xian-1');
      await page.evaluate(() => localStorage.setItem('portal.locale', 'en'));
      await page.goto(contractUrl.replace(/\/[0-9a-f-]+\/show$/, '/create'));
      await page.reload();
      await fill(page, 'contractNo', `${NUMBER}-EN`);
      await fill(page, 'signedDate', '2026-10-12');
      await fill(page, 'techFee', '100');
      await fill(page, 'contractAmount', '90');
      await page
        .getByText(/the contract value 90.00 is not technology fee 100.00/)
        .first()
        .waitFor();
    }));

  it('lets the city register it and shows the registration number', () =>
    withPage(browser, async (page) => {
      await login(page, 'xian');
      // The review desk lists the contract waiting for the city, with its materiality.
      await page.getByRole('menuitem', { name: '审核工作台' }).click();
      const panel = page.getByTestId('contract-inbox');
      await panel.getByRole('link', { name: NUMBER, exact: true }).click();
      await page.waitForURL(contractUrl);
      await page.getByTestId('contract-status').getByText('已申请，待登记').waitFor();
      await page.getByRole('button', { name: '登记', exact: true }).click();
      await page.getByTestId('contract-status').getByText('已登记').waitFor();
      await page
        .getByTestId('registration-no')
        .getByText(/2026610100E\d{4}/)
        .waitFor();

      // In the city's 表12 the contract stands behind its mode's row: a click lists it, counted, linked to its page.
      await page.goto(`${webUrl}/#/official-tables/tt_t12/show?period=2026Q4&territory=610100&currency=USD`);
      await page.locator('tr[data-row-key="TT4"]').click();
      const dialog = page.getByRole('dialog', { name: /计算机软件.*对应的技术进出口合同/ });
      const row = dialog.locator('tbody tr').filter({ hasText: NUMBER });
      await row.getByText('已计入').waitFor();
      expect(await row.getByRole('link', { name: '查看' }).getAttribute('href')).toBe(
        contractUrl.slice(contractUrl.indexOf('#')),
      );
    }));
});
