import type { ReturnDetail, ReturnRow } from '@portal/shared';
import { withUsccCheck } from '@portal/shared';
import type { Browser, Page } from 'playwright-core';
import { apiCall, firmOfItsOwn } from './support/api';
import { launchBrowser, webUrl, withPage } from './support/browser';
import { mainMenu, submitLogin } from './support/portal';

/** Validation runs in the worker after each save and after the submission: allow for a busy machine. */
const VALIDATION_TIMEOUT = 60_000;
const USCC = withUsccCheck('91610113MA6W00031');
const USERNAME = 'draft-keeper';
const PASSWORD = 'Draft#Keeper2026';

const textbox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });

async function pickCode(page: Page, field: string, search: string, option: RegExp): Promise<void> {
  const box = page.getByRole('combobox', { name: field, exact: true });
  await box.click();
  await box.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

/**
 * Nothing typed is lost (issue 15): a firm types a row it cannot finish yet; the draft is saved with the row and
 * its flags, leaving the page right after typing saves it first, and after a reload the row is there, flagged.
 * Submission waits until the row is complete. A firm of its own, so that its draft touches nobody else's journey.
 */
describe('a draft keeps an incomplete row', () => {
  let browser: Browser;
  let returnId = '';
  let token = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    await firmOfItsOwn(
      { uscc: USCC, nameZh: '西安草稿保存测试有限公司' },
      { username: USERNAME, displayName: '草稿测试', password: PASSWORD },
    );
    ({ accessToken: token } = await apiCall<{ accessToken: string }>(null, 'POST', '/api/auth/login', {
      username: USERNAME,
      password: PASSWORD,
    }));
    returnId = (await apiCall<ReturnRow>(token, 'POST', '/api/returns', { periodCode: '2026Q3' })).id;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('saves the incomplete row, keeps it through leaving and reloading, flags it, and submits once it is complete', () =>
    withPage(browser, async (page) => {
      await submitLogin(page, USERNAME, PASSWORD);
      await mainMenu(page).waitFor();
      await page.goto(`${webUrl}/#/returns/${returnId}/show`);
      await page.getByRole('checkbox', { name: '本企业确认以上基本情况在本报告期内准确无误' }).check();
      await page.getByText('已保存', { exact: true }).waitFor();

      // A line with an economy and a mistyped amount, but no service category yet: saved, flagged, no 保存失败.
      await page.getByRole('button', { name: '添加一行' }).click();
      await pickCode(page, '国别（地区） 第 1 行', '美国', /^US/);
      await textbox(page, '金额 第 1 行').fill('12,3a');
      await page.getByText('已保存草稿：2 处待补全', { exact: true }).waitFor();
      await page.getByText('请填写服务贸易类别（省级）代码').waitFor();
      await page.getByText(/^金额须为 0 至/).waitFor();
      expect(await page.getByText(/保存失败/).count()).toBe(0);

      // Leaving right after typing (the autosave still waiting for the pause) saves first, then leaves.
      await textbox(page, '金额 第 1 行').fill('12,3b');
      await mainMenu(page).getByRole('menuitem', { name: '本企业报表' }).click();
      await page.getByRole('dialog', { name: '有未保存的修改' }).waitFor({ state: 'detached' });
      await textbox(page, '金额 第 1 行').waitFor({ state: 'detached' });

      // Back on the page, and after a reload: the row as typed, with its flags.
      await page.goto(`${webUrl}/#/returns/${returnId}/show`);
      await page.reload();
      const amount = textbox(page, '金额 第 1 行');
      await amount.waitFor();
      expect(await amount.inputValue()).toBe('12,3b');
      await page.getByText('已保存草稿：2 处待补全', { exact: true }).waitFor();
      await page.getByText('请填写服务贸易类别（省级）代码').waitFor();

      // Submission is refused while the row is incomplete, naming the row and field.
      await page.getByRole('button', { name: '上报', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
      await page.getByText(/草稿还有 2 处未填完或有误，请先补全（首处：服务进出口 第 1 行 categoryCode/).waitFor();

      // Changed in another tab meanwhile: what is typed here is not saved, and leaving warns before it is lost.
      const other = await apiCall<ReturnDetail>(token, 'GET', `/api/returns/${returnId}`);
      await apiCall(token, 'PUT', `/api/returns/${returnId}/draft`, { content: other.draft, version: other.version });
      await amount.fill('12,3c');
      await page.getByText('报表已在别处修改，请重新加载').waitFor();
      await mainMenu(page).getByRole('menuitem', { name: '本企业报表' }).click();
      const warning = page.getByRole('dialog', { name: '有未保存的修改' });
      await warning.getByText('本页有尚未保存的修改，离开后将丢失。确定离开吗？').waitFor();
      await warning.getByRole('button', { name: '留在本页' }).click();
      await warning.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: '重新加载' }).click();
      await page.getByText('已保存草稿：2 处待补全', { exact: true }).waitFor();

      // Completed: an ordinary saved draft, checked, and submitted.
      await pickCode(page, '服务类别 第 1 行', 'SI', /^SI/);
      await amount.fill('12300');
      for (const [field, value] of [
        ['本科', '5'],
        ['其他', '1'],
      ])
        await textbox(page, field).fill(value);
      await page.getByText('已保存', { exact: true }).waitFor();
      await page.getByText('未发现问题。', { exact: true }).waitFor({ timeout: VALIDATION_TIMEOUT });
      await page.getByRole('button', { name: '上报', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
      await page.getByText('已上报', { exact: true }).first().waitFor({ timeout: VALIDATION_TIMEOUT });
    }));
});
