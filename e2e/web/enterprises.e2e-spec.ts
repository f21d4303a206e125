import { withUsccCheck } from '@portal/shared';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu, submitLogin } from './support/portal';

/** A firm of 雁塔区 (610113) that the demo data does not hold: the journey registers it. */
const USCC = withUsccCheck('91610113MA6W00007');
/** The same code with a check character that does not match: the form names the problem at once. */
const WRONG_CHECK = USCC.slice(0, 17) + (USCC[17] === '0' ? '1' : '0');
const NAME = '西安雁塔浏览器测试软件有限公司';
const COLLEAGUE = 'firm-xian-1-li';
const COLLEAGUE_PASSWORD = 'Colleague#2026';

/** Picks a code in an autocomplete by typing part of its name. */
async function pick(page: Page, label: RegExp, search: string, option: string): Promise<void> {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('registering and confirming firms, profile versions and colleagues', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('xian registers a firm in 雁塔区, sees it pending and confirms it', () =>
    withPage(browser, async (page) => {
      await login(page, 'xian');
      await mainMenu(page).getByRole('menuitem', { name: '企业' }).click();
      await page.getByRole('link', { name: '新建' }).click();
      await page.getByRole('heading', { name: '注册企业' }).first().waitFor();

      // The GB 32100 check runs as the code is typed: a wrong check character is named before saving.
      const uscc = page.getByRole('textbox', { name: /^统一社会信用代码/ });
      await uscc.fill(WRONG_CHECK);
      await page.getByText(`第 18 位校验码“${WRONG_CHECK[17]}”与前 17 位不符`).waitFor();
      await uscc.fill(USCC.slice(0, 12));
      await page.getByText('统一社会信用代码应为 18 位，当前为 12 位').waitFor();
      await uscc.fill(USCC);
      await page.getByText('代码有效（GB 32100）').waitFor();

      await page.getByRole('textbox', { name: /^企业名称/ }).fill(NAME);
      await pick(page, /^注册地/, '雁塔', '610113 雁塔区');
      // Xi'an's bureau does not review firms of 西咸新区, which has its own: only Xi'an's zones are offered.
      const zone = page.getByRole('combobox', { name: /^所在开发区/ });
      await zone.click();
      await page.getByRole('option', { name: '6101Z1 西安高新技术产业开发区', exact: true }).waitFor();
      expect(await page.getByRole('option', { name: /西咸新区/ }).count()).toBe(0);
      await page.keyboard.press('Escape');
      await pick(page, /^企业性质/, '民营', 'DOM-PRI 民营企业');
      // A division where the firm knows it: the versions' table shows it with its section.
      await pick(page, /^所属行业（GB\/T 4754-2017/, '软件和信息', '65 软件和信息技术服务业');
      await page.getByRole('switch', { name: '重点联系企业' }).check();
      await page.getByRole('button', { name: '保存' }).click();

      // The firm's page: pending, with its first profile version.
      await page.getByText('企业已注册，等待确认').waitFor();
      await page.getByText('该企业的注册正等待所在地审核单位确认。').waitFor();
      const versions = page.getByRole('table', { name: '企业档案版本' });
      await versions.getByRole('cell', { name: NAME }).waitFor();
      expect(await versions.getByRole('cell', { name: '610113 雁塔区' }).count()).toBe(1);
      await versions.getByRole('cell', { name: '65 软件和信息技术服务业 · I' }).waitFor();

      // In the list it is 待确认, and the reviewer confirms it from its row.
      await mainMenu(page).getByRole('menuitem', { name: '企业' }).click();
      await page.getByPlaceholder('搜索').fill(NAME);
      const row = page.getByRole('row').filter({ hasText: NAME });
      await row.getByText('待确认').waitFor();
      expect(await row.count()).toBe(1);
      await row.getByRole('button', { name: '确认' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(`请对照营业执照核对统一社会信用代码 ${USCC}`).waitFor();
      await dialog.getByRole('button', { name: '确认' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(`已确认“${NAME}”的注册`).waitFor();
      await row.getByText('正常').waitFor();
      expect(await row.getByRole('button', { name: '确认' }).count()).toBe(0);
    }));

  it('firm-xian-1 sees its profile versions and invites a colleague, who can then log in', async () => {
    await withPage(browser, async (page) => {
      await login(page, 'firm-xian-1');
      await mainMenu(page).getByRole('menuitem', { name: '本企业', exact: true }).click();
      const versions = page.getByRole('table', { name: '企业档案版本' });
      await versions.getByText('现行').waitFor();
      expect(await versions.getByRole('row').count()).toBeGreaterThan(1);
      await page.getByRole('button', { name: '登记变更' }).waitFor();

      // Maker-checker is explained and switches both ways (left off: the other journeys submit as the filer).
      await page.getByText('开启后，填报人只能填写和保存报表', { exact: false }).waitFor();
      const makerChecker = page.getByRole('switch', { name: '仅企业负责人可上报' });
      await makerChecker.check();
      await page.getByText('已开启：填报人填写，企业负责人复核上报。').waitFor();
      await makerChecker.uncheck();
      await page.getByText('未开启：填报人可直接上报。').waitFor();

      const accounts = page.getByRole('table', { name: '本企业账号' });
      await accounts.getByRole('cell', { name: 'firm-xian-1', exact: true }).waitFor();
      await page.getByRole('button', { name: '添加同事账号' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('至少 10 位，须包含大写字母、小写字母、数字和符号').waitFor();
      await dialog.getByRole('textbox', { name: /^用户名/ }).fill(COLLEAGUE);
      await dialog.getByRole('textbox', { name: /^姓名/ }).fill('李明');
      const password = dialog.getByLabel(/^初始密码/);
      await password.fill('short');
      await password.blur();
      await dialog.getByText('密码至少 10 位，且须包含大写字母、小写字母、数字和符号').waitFor();
      await password.fill(COLLEAGUE_PASSWORD);
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(`已创建账号 ${COLLEAGUE}`).waitFor();
      const row = accounts.getByRole('row').filter({ hasText: COLLEAGUE });
      await row.getByText('企业填报人').waitFor();
    });

    await withPage(browser, async (page) => {
      await submitLogin(page, COLLEAGUE, COLLEAGUE_PASSWORD);
      await mainMenu(page).getByRole('menuitem', { name: '本企业', exact: true }).click();
      await page.getByRole('table', { name: '企业档案版本' }).getByText('现行').waitFor();
    });
  });

  it('a firm’s move to another city waits for that city, which sees it in its list and decides it', async () => {
    const FIRM = '咸阳智汇信息技术有限公司';
    await withPage(browser, async (page) => {
      await login(page, 'firm-xianyang-1');
      await mainMenu(page).getByRole('menuitem', { name: '本企业', exact: true }).click();
      await page.getByRole('button', { name: '登记变更' }).click();
      const dialog = page.getByRole('dialog');
      await pick(page, /^注册地/, '雁塔', '610113 雁塔区');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText('等待审核单位 610100 确认').waitFor();
      // Nothing moved yet: the change waits, and the firm sees what for.
      const pending = page.getByRole('table', { name: '待确认的企业档案变更' });
      await pending.getByText('跨辖区迁移').waitFor();
      await pending.getByText('待确认').waitFor();
      expect(await pending.getByRole('button', { name: '确认' }).count()).toBe(0);
    });
    await withPage(browser, async (page) => {
      // The receiving city: the firm is not in its list yet, the change is, with the decision buttons.
      await login(page, 'xian');
      await mainMenu(page).getByRole('menuitem', { name: '企业' }).click();
      const pending = page.getByRole('table', { name: '待确认的企业档案变更' });
      const row = pending.getByRole('row').filter({ hasText: FIRM });
      await row.getByText('跨辖区迁移').waitFor();
      // Rejected here, so the demo firm stays in Xianyang for the other journeys.
      await row.getByRole('button', { name: '驳回' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('企业保持原档案与审核单位').waitFor();
      await dialog.getByRole('textbox', { name: /^驳回原因/ }).fill('地址与营业执照不符');
      await dialog.getByRole('button', { name: '驳回' }).click();
      await page.getByText(`已驳回“${FIRM}”的档案变更`).waitFor();
      await pending.waitFor({ state: 'detached' });
    });
  });
});
