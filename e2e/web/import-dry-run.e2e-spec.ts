import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import type { Browser } from 'playwright-core';
import { writeBundle } from '@portal/exchange';
import { withUsccCheck } from '@portal/shared';
import { eventually } from '../../apps/api/test/utils/eventually';
import { firmOfItsOwn, tokenOf } from './support/api';
import { launchBrowser, withPage } from './support/browser';
import { e2eDatabase } from './support/database';
import { mainMenu, submitLogin } from './support/portal';

/**
 * A firm uploads its bundle as a dry run (预检), reads per period what the import would do, and confirms: only then
 * is its return written. A firm of its own, so that its draft touches nobody else's journey.
 */
describe('importing with a dry run: upload, preview, confirm', () => {
  let browser: Browser;
  let db: pg.Client;
  const webUrl = process.env.E2E_WEB_URL!;
  const apiUrl = process.env.E2E_API_URL!;
  const USCC = withUsccCheck('91610113MA6W00025');
  const USERNAME = 'dry-run-firm';
  const PASSWORD = 'DryRun#Firm2026';

  /** The firm's 2026Q3 return as stored: its services-trade lines, or null while there is none. */
  const storedReturn = async (enterpriseId: string) => {
    const { rows } = await db.query(
      `SELECT rv.content FROM statistical_return r
         JOIN return_revision rv ON rv.return_id = r.id AND rv.revision = r.current_revision
        WHERE r.enterprise_id = $1 AND r.period_code = '2026Q3'`,
      [enterpriseId],
    );
    return rows.length ? (rows[0].content as { servicesTrade: { amount: number }[] }) : null;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    db = await e2eDatabase();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.end();
  });

  it('shows what would be created, writes nothing until 确认导入, then imports the same file', async () => {
    const firm = await firmOfItsOwn(
      { uscc: USCC, nameZh: '西安预检导入测试有限公司' },
      { username: USERNAME, displayName: '预检测试', password: PASSWORD },
    );
    const { zip } = await writeBundle({
      enterprises: [],
      servicesTrade: [
        {
          uscc: USCC,
          period: '2026Q3',
          categoryCode: 'SI',
          partnerCode: 'US',
          direction: 'EXPORT',
          amount: 4200,
          currency: 'USD',
        },
        {
          uscc: USCC,
          period: '2026Q3',
          categoryCode: 'SJ',
          partnerCode: 'HK',
          direction: 'IMPORT',
          amount: 900,
          currency: 'USD',
        },
      ],
      contracts: [],
      executions: [],
      workforce: [],
      technologyContracts: [],
    });

    await withPage(browser, async (page) => {
      await submitLogin(page, USERNAME, PASSWORD);
      await mainMenu(page).waitFor();
      await page.goto(`${webUrl}/#/imports/create`);
      await page.getByLabel('选择文件').setInputFiles({ name: 'bundle.zip', mimeType: 'application/zip', buffer: zip });
      await page.getByLabel('预检（只检查并预览，确认后才写入）').check();
      await page.getByRole('button', { name: '上传', exact: true }).click();

      // The preview: one return of 2026Q3 would be created from the two rows; nothing is written yet.
      const table = page.getByRole('table', { name: '按企业和报告期预览' });
      await table.waitFor();
      const cells = await table.getByRole('row').nth(1).getByRole('cell').allTextContents();
      expect(cells).toEqual([USCC, '西安预检导入测试有限公司', '2026Q3', '新建报表', '2', '0', '']);
      await page.getByText('预检：尚未写入任何数据。请核对下方预览，确认后导入同一文件，或放弃。').waitFor();
      await page.getByText(/未确认的预检将于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）过期/).waitFor();
      expect(await storedReturn(firm.enterpriseId)).toBeNull();

      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('导入成功。').waitFor();
      expect(await page.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    });
    const stored = await storedReturn(firm.enterpriseId);
    expect(stored!.servicesTrade.map((l) => l.amount).sort((a, b) => a - b)).toEqual([900, 4200]);
  });

  it('downloads its own bundle with an approved period ticked, and the re-upload skips that period (continues the journey above)', async () => {
    const admin = await tokenOf('admin');
    // An approved quarter from the old system (a historical import by the administrator).
    const { zip: history } = await writeBundle({
      enterprises: [
        {
          uscc: USCC,
          nameZh: '西安预检导入测试有限公司',
          regionCode: '610113',
          zoneCode: null,
          natureCode: 'DOM-PRI',
          industryCode: 'I',
          keyEnterprise: false,
        },
      ],
      servicesTrade: [
        {
          uscc: USCC,
          period: '2021Q4',
          categoryCode: 'SC',
          partnerCode: 'DE',
          direction: 'IMPORT',
          amount: 5000,
          currency: 'USD',
        },
      ],
      contracts: [],
      executions: [],
      workforce: [],
      technologyContracts: [],
    });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(history)]), 'history.zip');
    form.append('kind', 'HISTORICAL');
    form.append('sourceNote', '旧系统导出');
    const hist = await fetch(`${apiUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
      body: form,
    });
    expect(hist.status).toBe(202);
    const histId = (await hist.json()).id;
    const finished = await eventually(
      'historical import finished',
      async () => {
        const { rows } = await db.query(`SELECT status, errors FROM import_job WHERE id = $1`, [histId]);
        return ['SUCCEEDED', 'FAILED'].includes(rows[0].status) ? rows[0] : null;
      },
      60_000,
    );
    expect(finished).toMatchObject({ status: 'SUCCEEDED', errors: [] });

    await withPage(browser, async (page) => {
      await submitLogin(page, USERNAME, PASSWORD);
      await mainMenu(page).getByRole('menuitem', { name: '本企业报表' }).click();
      await page.getByRole('button', { name: '下载数据包（.zip）' }).click();
      const open = page.getByRole('checkbox', { name: '2026Q3（草稿，上传后导入草稿）' });
      const approved = page.getByRole('checkbox', { name: '2021Q4（审核通过，上传时将跳过）' });
      expect(await open.isChecked()).toBe(true);
      expect(await approved.isChecked()).toBe(false);
      await approved.check();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下载 2 个报告期' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^数据包-2021Q4_2026Q3-\d{4}-\d{2}-\d{2}\.zip$/);
      const bundle = await readFile(await download.path());

      await page.goto(`${webUrl}/#/imports/create`);
      await page.getByLabel('选择文件').setInputFiles({ name: 'own.zip', mimeType: 'application/zip', buffer: bundle });
      await page.getByLabel('预检（只检查并预览，确认后才写入）').check();
      await page.getByRole('button', { name: '上传', exact: true }).click();
      const table = page.getByRole('table', { name: '按企业和报告期预览' });
      await table.waitFor();
      const skipped = table.getByRole('row').filter({ hasText: '2021Q4' });
      await skipped.getByText('跳过', { exact: true }).waitFor();
      await skipped.getByText('2021Q4 报表已审核通过，不能导入修改，已跳过').waitFor();
      // The open period goes into the draft (its profile now comes from the bundle's enterprises.csv).
      const open3 = await table.getByRole('row').filter({ hasText: '2026Q3' }).getByRole('cell').allTextContents();
      expect(open3.slice(2, 4)).toEqual(['2026Q3', '更新']);
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.getByText('导入成功。').waitFor();
    });
    const { rows } = await db.query(`SELECT id FROM enterprise WHERE uscc = $1`, [USCC]);
    const stored = await storedReturn(rows[0].id);
    expect(stored!.servicesTrade.map((l) => l.amount).sort((a, b) => a - b)).toEqual([900, 4200]);
  });
});
