import { join } from 'node:path';
import { withUsccCheck, type ReturnRow } from '@portal/shared';
import type { Browser } from 'playwright-core';
import { launchBrowser, webUrl, withPage } from './support/browser';
import { apiCall, firmOfItsOwn } from './support/api';
import { login, mainMenu, submitLogin } from './support/portal';

/** Validation runs in the worker: allow for a busy machine. */
const VALIDATION_TIMEOUT = 60_000;
const IMAGES = join(__dirname, '..', '..', 'docs', 'images');
const USCC = withUsccCheck('91610113MA6W00033');
const FIRM = '西安零申报测试有限公司';
const USERNAME = 'zero-return-firm';
const PASSWORD = 'Zero#Firm2026x';
const EXPLANATION = '本季度原有软件外包项目均已于上季度验收结项，新项目合同仍在谈判中，预计下季度签约并开始执行';

/**
 * 本期无业务 for a key enterprise (issue 15): the rules that apply to a zero return run before it is submitted and
 * their findings are shown in the dialog, where the firm explains them; the zero return then goes to the city's
 * review inbox instead of coming back as 草稿 第 2 版.
 */
describe('a key enterprise files a zero return', () => {
  let browser: Browser;
  let returnId = '';
  beforeAll(async () => {
    browser = await launchBrowser();
    await firmOfItsOwn(
      { uscc: USCC, nameZh: FIRM, keyEnterprise: true },
      { username: USERNAME, displayName: '零申报填报人', password: PASSWORD },
    );
    const { accessToken } = await apiCall<{ accessToken: string }>(null, 'POST', '/api/auth/login', {
      username: USERNAME,
      password: PASSWORD,
    });
    returnId = (await apiCall<ReturnRow>(accessToken, 'POST', '/api/returns', { periodCode: '2026Q3' })).id;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sees the finding in the zero-return dialog, explains it there and submits without a bounce', () =>
    withPage(browser, async (page) => {
      await submitLogin(page, USERNAME, PASSWORD);
      await mainMenu(page).waitFor();
      await page.goto(`${webUrl}/#/returns/${returnId}/show`);
      await page.getByRole('button', { name: '本期无业务（零申报）' }).click();
      const dialog = page.getByRole('dialog', { name: '2026Q3 零申报' });
      await dialog.getByRole('button', { name: '检查' }).click();

      await dialog
        .getByText('请为以下 1 条问题填写说明，全部说明后即可上报（说明随报表提交给审核员）。')
        .waitFor({ timeout: VALIDATION_TIMEOUT });
      const finding = dialog.getByRole('group', { name: 'R-ZERO-002' });
      await finding.getByText('本企业为重点联系企业，本期为零申报；请说明本期无业务的原因').waitFor();
      const submit = dialog.getByRole('button', { name: '上报零申报' });
      expect(await submit.isDisabled()).toBe(true);

      await finding.getByRole('textbox', { name: '说明' }).fill(EXPLANATION);
      await finding.getByText('说明符合要求，可以提交。').waitFor();
      await page.screenshot({ path: join(IMAGES, 'zero-return-check.png') });
      await finding.getByRole('button', { name: '提交说明' }).click();
      await finding.getByText('已说明', { exact: true }).waitFor();
      await dialog.getByText('检查通过，未发现需要说明的问题。可以上报。').waitFor();
      await submit.click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('已上报', { exact: true }).first().waitFor({ timeout: VALIDATION_TIMEOUT });
      await page.getByText('零申报：本企业本期无业务。').waitFor();
      // Not sent back by the checks: no bounce banner, still revision 1.
      expect(await page.getByTestId('bounce-banner').count()).toBe(0);
      const after = await apiCall<ReturnRow>(
        (
          await apiCall<{ accessToken: string }>(null, 'POST', '/api/auth/login', {
            username: USERNAME,
            password: PASSWORD,
          })
        ).accessToken,
        'GET',
        `/api/returns/${returnId}`,
      );
      expect(after).toMatchObject({ status: 'SUBMITTED', currentRevision: 1 });
    }));

  it('reaches the city reviewer’s inbox with the explanation', () =>
    withPage(browser, async (page) => {
      await login(page, 'xian');
      await mainMenu(page).getByRole('menuitem', { name: '审核工作台' }).click();
      await page.getByPlaceholder('企业名称或统一社会信用代码').waitFor();
      await page.goto(`${webUrl}/#/review/inbox?filter=${encodeURIComponent(JSON.stringify({ q: FIRM }))}`);
      const row = page.getByRole('row').filter({ hasText: FIRM }).filter({ hasText: '2026Q3' });
      await row.first().waitFor();
      await row.getByRole('cell', { name: FIRM }).click();
      await page.getByRole('heading', { level: 1, name: `审核：${FIRM} 2026Q3 报表` }).waitFor();
      await page.getByText(EXPLANATION).first().waitFor();
    }));
});
