import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, webUrl, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

/** Screenshots the README shows, overwritten on every run. */
const IMAGES = join(__dirname, '..', '..', 'docs', 'images');

/** 表1 (so_t01) as published in the Shaanxi 2021 report (golden/so_t01_overall_2021.tsv), loaded by the demo. */
const SO_T01_2021: Record<string, string[]> = {
  total: ['总计', '3275', '82.9%', '253663.7', '13.2%', '224775.3', '36.3%'],
  ITO: ['信息技术外包（ITO）', '2170', '28.1%', '198343.6', '8.8%', '184897.6', '36.0%'],
  BPO: ['业务流程外包（BPO）', '97', '94.0%', '18384.4', '44.9%', '12777.7', '78.1%'],
  KPO: ['知识流程外包（KPO）', '1008', '2044.7%', '36935.7', '27.0%', '27100.0', '24.5%'],
};

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, name), fullPage: true });
}

describe('statistical tables', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('province previews 表1 for 2021 as published, drills into a row and downloads the workbook', () =>
    withPage(browser, async (page) => {
      await login(page, 'province');
      await mainMenu(page).getByRole('menuitem', { name: '统计报表' }).click();
      await page.getByRole('heading', { name: '服务外包', exact: true }).waitFor();
      for (const group of ['服务贸易', '从业人员', '报送质量']) {
        await page.getByRole('heading', { name: group, exact: true }).waitFor();
      }

      // Year 2021 for the whole province, in 万美元.
      const params = page.getByRole('group', { name: '报表参数' });
      await params.locator('select[name="periodKind"]').selectOption('year');
      await params.locator('select[name="year"]').selectOption('2021');
      await params.locator('select[name="territory"]').selectOption('610000');
      await params.locator('select[name="currency"]').selectOption('USD');
      await page.locator('li[data-table-id="so_t01"]').getByRole('link', { name: /预览/ }).click();

      const table = page.getByRole('table', { name: /^表1：2021年陕西.*服务外包总体情况$/ });
      await table.waitFor();
      expect(page.url()).toContain('/official-tables/so_t01/show?period=2021&territory=610000&currency=USD');
      await page.getByText('单位：万美元（数量=项）').waitFor();
      // Merged headings over their two columns, the label column spanning both header rows.
      expect(await table.locator('th[colspan="2"]').allInnerTexts()).toEqual([
        '接包合同',
        '接包合同签约',
        '接包合同执行',
      ]);
      expect(await table.locator('th[rowspan="2"]').first().innerText()).toBe('合同类别');
      for (const [key, expected] of Object.entries(SO_T01_2021)) {
        const cells = table.locator(`tr[data-row-key="${key}"] td`);
        expect((await cells.allInnerTexts()).slice(0, expected.length).map((t) => t.trim())).toEqual(expected);
      }
      expect(await table.locator('tr[data-row-key="total"]').getAttribute('data-row-kind')).toBe('total');
      await page.getByText('注：含在岸和离岸业务。').waitFor();
      await page.getByText('数据来源：陕西省商务厅。').waitFor();
      // Every row says how many approved returns feed it.
      await table
        .locator('tr[data-row-key="ITO"] .coverage')
        .getByText(/^已审核 \d+$/)
        .waitFor();
      await screenshot(page, 'table-preview.png');

      // The returns behind ITO: approved ones are in the figures, each links to its return.
      await table.locator('tr[data-row-key="ITO"]').click();
      const dialog = page.getByRole('dialog', { name: /信息技术外包（ITO）/ });
      await dialog.getByRole('table').waitFor();
      const rows = dialog.locator('tbody tr');
      expect(await rows.count()).toBeGreaterThan(0);
      expect(await dialog.getByText('已计入').count()).toBeGreaterThan(0);
      expect(await rows.first().getByRole('link', { name: '查看' }).getAttribute('href')).toMatch(
        /#\/returns\/[\w-]+\/show$/,
      );
      await dialog.getByRole('button', { name: '关闭' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // Export this table: progress while the worker writes it, then the workbook downloads.
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 90_000 }),
        page.getByRole('button', { name: '导出本表' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const bytes = await readFile(await download.path());
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      await page.getByText('已完成').waitFor();
      await page.getByRole('button', { name: /^下载 .+\.xlsx$/ }).waitFor();
    }));

  it('the dashboard of a table reader shows the year’s charts; a firm user keeps the welcome page', async () => {
    await withPage(browser, async (page) => {
      await login(page, 'province');
      await page.goto(`${webUrl}/#/`);
      const overview = page.getByRole('region', { name: '统计概览' });
      // It opens on the year of the latest approved return the user may read, not on last calendar year.
      const latest = await page.evaluate(async () => {
        const { accessToken } = JSON.parse(localStorage.getItem('portal.session') ?? '{}') as { accessToken: string };
        const query = new URLSearchParams({
          filter: JSON.stringify({ status: 'APPROVED' }),
          sort: JSON.stringify(['periodCode', 'DESC']),
          range: JSON.stringify([0, 0]),
        });
        const response = await fetch(`/api/returns?${query.toString()}`, {
          headers: { Authorization: `Bearer ${accessToken}` },
        });
        return ((await response.json()) as { periodCode: string }[])[0]?.periodCode.slice(0, 4);
      });
      expect(latest).toMatch(/^\d{4}$/);
      await page.waitForFunction(
        (year) =>
          document.querySelector<HTMLSelectElement>('section[aria-label="统计概览"] select[name="year"]')?.value ===
          year,
        latest,
      );
      // The demo's registered technology contracts of that year, by mode: one bar a mode with figures.
      const technology = overview.getByRole('region', { name: '技术进出口分方式合同金额' });
      await technology.locator('.recharts-bar-rectangle').first().waitFor();
      expect(await technology.getByText('专有技术').count()).toBeGreaterThan(0);
      await overview.locator('select[name="year"]').selectOption('2021');
      for (const chart of ['分季度服务外包执行额', '执行额按业务类别', '服务贸易分类别进出口', '各市报送率']) {
        await overview.getByRole('region', { name: chart }).locator('.recharts-surface').first().waitFor();
      }
      // The structure chart has one slice per business type with execution (ITO, BPO, KPO).
      expect(await overview.locator('[data-chart="structure"] .recharts-pie-sector').count()).toBe(3);
      // Cities of the province in the reporting-rate chart.
      await overview.locator('[data-chart="reporting"]').getByText('西安市').first().waitFor();
      await screenshot(page, 'dashboard.png');
    });
    await withPage(browser, async (page) => {
      await login(page, 'firm-xian-1');
      await page.getByText('欢迎').first().waitFor();
      expect(await page.getByRole('region', { name: '统计概览' }).count()).toBe(0);
      expect(await mainMenu(page).getByRole('menuitem', { name: '统计报表' }).count()).toBe(0);
    });
  });

  it('a city bureau reads its own city’s tables, in English too', () =>
    withPage(browser, async (page) => {
      await login(page, 'xian');
      await page.getByRole('button', { name: '中文', exact: true }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await mainMenu(page).getByRole('menuitem', { name: 'Statistical tables' }).click();
      await page.getByRole('heading', { name: 'Service outsourcing', exact: true }).waitFor();
      const params = page.getByRole('group', { name: 'Table parameters' });
      // The territory picker holds Xi’an and what lies in it, nothing of the province beyond.
      const territories = await params.locator('select[name="territory"] option').allInnerTexts();
      expect(territories[0]).toBe('西安市');
      expect(territories).not.toContain('陕西省');
      await params.locator('select[name="periodKind"]').selectOption('ytd');
      await params.locator('select[name="year"]').selectOption('2021');
      await params.locator('select[name="quarter"]').selectOption('3');
      await page
        .locator('li[data-table-id="so_city"]')
        .getByRole('link', { name: /Preview/ })
        .click();
      await page.getByRole('heading', { name: 'Outsourcing execution by city', level: 1 }).waitFor();
      expect(page.url()).toContain('period=2021Q1-Q3&territory=610100');
      await page.getByRole('table', { name: /^2021年1-3季度西安.*服务外包执行情况$/ }).waitFor();
      await page.getByRole('button', { name: 'Export this table' }).waitFor();
    }));
});
