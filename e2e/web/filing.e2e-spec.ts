import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pdfLines } from '../../apps/api/test/utils/pdf';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

/** The README shows the filled form; each run refreshes it. */
const SCREENSHOT = join(__dirname, '..', '..', 'docs', 'images', 'return-form.png');
const CONTRACT_NO = 'XYZH-2026Q3-E2E-01';
/** Validation runs in the worker after each save and after the submission: allow for a busy machine. */
const VALIDATION_TIMEOUT = 60_000;

/** Picks a code in an autocomplete: types the search, then clicks the option whose text starts with the code. */
async function pickCode(page: Page, field: string, search: string, option: RegExp): Promise<void> {
  const box = page.getByRole('combobox', { name: field, exact: true });
  await box.click();
  await box.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

async function chooseInSelect(page: Page, field: string, choice: string): Promise<void> {
  await page.getByRole('combobox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: choice, exact: true }).click();
}

const textbox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });

/** The firm's USCC as the registry has it (from the API with the browser's session, not from the receipt). */
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

/** Waits until the draft's latest save has been checked, then explains each explain-or-fix finding. */
async function explainFindings(page: Page): Promise<number> {
  // A result of an earlier save is marked 校验结果早于最近的修改 and does not match.
  await page
    .getByText(/^(未发现问题。|阻断 \d+ 条，待说明 \d+ 条，提示 \d+ 条)$/)
    .first()
    .waitFor({ timeout: VALIDATION_TIMEOUT });
  const explain = page.getByRole('button', { name: '填写说明', exact: true });
  let explained = 0;
  for (let open = await explain.count(); explained < 5 && open > 0; explained++) {
    await explain.first().click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('textbox', { name: '说明', exact: true })
      .fill(`本季度新开拓德国客户，签订软件研发服务出口合同，第 ${explained + 1} 项变化由该业务首期交付引起。`);
    await dialog.getByRole('button', { name: '提交说明' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The findings are read again after an explanation: wait until this one has left the open ones.
    // Fewer buttons than before: the last of them is gone.
    await explain.nth(open - 1).waitFor({ state: 'detached' });
    open = await explain.count();
  }
  return explained;
}

describe('a firm files its quarterly return in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('firm-xianyang-1 fills, submits and downloads the receipt of its 2026Q3 return', () =>
    withPage(browser, async (page) => {
      await login(page, 'firm-xianyang-1');
      await mainMenu(page).getByRole('menuitem', { name: '本企业报表' }).click();

      // Open the return for the period open now (2026Q3 in the demo, fileable until the end of 2026).
      await page.getByRole('button', { name: '填报新一期' }).click();
      const openDialog = page.getByRole('dialog');
      await openDialog.getByText(/2026Q3/).waitFor();
      await openDialog.getByRole('button', { name: '打开', exact: true }).click();
      await page
        .getByRole('heading', { name: /2026Q3 报表/ })
        .first()
        .waitFor();
      await page.getByText('草稿', { exact: true }).first().waitFor();

      // 企业基本情况
      await page.getByRole('checkbox', { name: '本企业确认以上基本情况在本报告期内准确无误' }).check();

      // 服务进出口: an export in USD and one in CNY (shown in USD at the period's rate).
      const addLine = page.getByRole('button', { name: '添加一行' });
      await addLine.click();
      await pickCode(page, '服务类别 第 1 行', 'SI', /^SI/);
      // Germany is a new partner for this firm: the validation asks for an explanation (R-PTN-001).
      // The economy picker puts the exact name first (美国 is US, not UM 美国本土外小岛屿) and says in Chinese when
      // nothing matches.
      const economy = page.getByRole('combobox', { name: '国别（地区） 第 1 行', exact: true });
      await economy.click();
      await economy.fill('美国');
      await page.getByRole('option', { name: /^US/ }).waitFor();
      expect(await page.getByRole('option').first().textContent()).toBe('US美国');
      await economy.fill('不存在的国家');
      await page.getByText('没有匹配的代码').waitFor();
      await economy.fill('');
      await pickCode(page, '国别（地区） 第 1 行', '德国', /^DE/);
      await textbox(page, '金额 第 1 行').fill('450000');
      await addLine.click();
      await pickCode(page, '服务类别 第 2 行', '其他商业', /^SJ/);
      await pickCode(page, '国别（地区） 第 2 行', 'HK', /^HK/);
      await textbox(page, '金额 第 2 行').fill('700000');
      await chooseInSelect(page, '币种 第 2 行', 'CNY');
      await page.getByText('出口合计', { exact: false }).waitFor();

      // 承接服务外包合同: an offshore contract (client in Japan) signed this quarter.
      await page.getByRole('button', { name: '添加合同' }).click();
      await textbox(page, '合同 1 合同编号').fill(CONTRACT_NO);
      await page.getByLabel('合同 1 签约日期', { exact: true }).fill('2026-08-18');
      await textbox(page, '合同 1 发包方名称').fill('Fabrikam Japan K.K.');
      await pickCode(page, '合同 1 发包方国别（地区）', 'JP', /^JP/);
      await page.getByLabel('离岸/在岸: 离岸').waitFor();
      await pickCode(page, '合同 1 发包方所属行业', '信息传输', /^I/);
      await pickCode(page, '合同 1 业务类别', 'ITO-RD-01', /^ITO-RD-01/);
      await textbox(page, '合同 1 合同金额').fill('300000');

      // 执行情况: the new contract, picked from the contracts of this return.
      await page.getByRole('button', { name: '添加执行情况' }).click();
      await pickCode(page, '合同编号 第 1 行', CONTRACT_NO.slice(0, 8), new RegExp(`^${CONTRACT_NO}$`));
      await textbox(page, '执行金额 第 1 行').fill('90000');

      // 从业人员
      const workforce: [string, string][] = [
        ['专科', '8'],
        ['本科', '46'],
        ['硕士', '12'],
        ['博士', '1'],
        ['其他', '2'],
        ['本期新增人数', '5'],
        ['其中：应届毕业生', '3'],
      ];
      for (const [field, value] of workforce) await textbox(page, field).fill(value);
      await page.getByText('从业人员合计：69 人').waitFor();

      await page.getByText('已保存', { exact: true }).waitFor();
      expect(await explainFindings(page)).toBeGreaterThan(0);
      await page.getByText('已说明', { exact: true }).first().waitFor();
      await mkdir(join(SCREENSHOT, '..'), { recursive: true });
      // The page's content, without the sticky side menu that a full-page capture would strand mid-image.
      await page.locator('#main-content').screenshot({ path: SCREENSHOT });

      // 上报, then wait for the validation job's verdict.
      await page.getByRole('button', { name: '上报', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
      await page
        .getByText('已上报', { exact: true })
        .or(page.getByText(/审核校验发现须修改或说明的问题/))
        .first()
        .waitFor({ timeout: VALIDATION_TIMEOUT });
      expect(await page.getByText('已上报', { exact: true }).count()).toBeGreaterThan(0);

      // 下载回执: the receipt names the firm by its USCC and carries the receipt number shown in the history.
      const uscc = await firmUscc(page);
      const receiptNo = (
        await page
          .getByRole('cell', { name: /^R-2026Q3-/ })
          .first()
          .innerText()
      ).trim();
      expect(receiptNo).toBe(`R-2026Q3-${uscc}-1`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下载回执' }).first().click(),
      ]);
      expect(download.suggestedFilename()).toBe(`回执-${receiptNo}.pdf`);
      const receipt = pdfLines(await readFile(await download.path()));
      expect(receipt).toContain(`回执编号 ${receiptNo}`);
      expect(receipt).toContain(`统一社会信用代码 ${uscc}`);
    }));
});
