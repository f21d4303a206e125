import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Browser } from 'playwright-core';
import { writeBundle } from '@portal/exchange';
import { withUsccCheck } from '@portal/shared';
import { firmOfItsOwn } from './support/api';
import { launchBrowser, withPage } from './support/browser';
import { e2eDatabase } from './support/database';
import { mainMenu, submitLogin } from './support/portal';

/**
 * An import whose processing failed (its worker was killed twice, say: issue 13) shows why and a 重试 button that
 * runs it again from the stored upload. A firm of its own, so that its draft touches nobody else's journey; the
 * failed import is written to the database the way the job sweep leaves it.
 */
describe('retrying an import whose processing failed', () => {
  let browser: Browser;
  let db: pg.Client;
  const webUrl = process.env.E2E_WEB_URL!;
  const USCC = withUsccCheck('91610113MA6W00009');
  const USERNAME = 'retry-firm';
  const PASSWORD = 'Retry#Firm2026';

  beforeAll(async () => {
    browser = await launchBrowser();
    db = await e2eDatabase();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.end();
  });

  it('the firm sees why, presses 重试, and the import goes through', async () => {
    const firm = await firmOfItsOwn(
      { uscc: USCC, nameZh: '西安重试导入测试有限公司' },
      { username: USERNAME, displayName: '重试测试', password: PASSWORD },
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
          amount: 3200,
          currency: 'USD',
        },
      ],
      contracts: [],
      executions: [],
      workforce: [],
      technologyContracts: [],
    });
    const {
      rows: [job],
    } = await db.query(
      `INSERT INTO import_job (kind, format, status, created_by, created_by_username, enterprise_id, file_name, file_size,
         sha256, progress, errors, error_count, started_at, finished_at)
       VALUES ('FIRM', 'BUNDLE', 'FAILED', $1, $2, $3, 'bundle.zip', $4, $5, 100, $6, 1, now(), now()) RETURNING id`,
      [
        firm.userId,
        USERNAME,
        firm.enterpriseId,
        zip.length,
        createHash('sha256').update(zip).digest('hex'),
        JSON.stringify([
          {
            file: null,
            line: null,
            column: null,
            value: null,
            code: 'IMPORT_INTERRUPTED',
            message_zh: '导入在处理中被中断（工作进程多次意外退出），数据未写入。请点击“重试”',
            message_en:
              'The import was interrupted (the worker stopped unexpectedly more than once); nothing was written. Press Retry',
          },
        ]),
      ],
    );
    await db.query('INSERT INTO import_upload (import_id, data) VALUES ($1, $2)', [job.id, zip]);

    await withPage(browser, async (page) => {
      await submitLogin(page, USERNAME, PASSWORD);
      await mainMenu(page).waitFor();
      await page.goto(`${webUrl}/#/imports/${job.id}/show`);
      await page.getByText('导入未能完成（不是数据的问题），未写入任何数据；可以重试。').waitFor();
      await page.getByText('导入在处理中被中断（工作进程多次意外退出），数据未写入。请点击“重试”').waitFor();
      await page.getByRole('button', { name: '重试' }).click();
      await page.getByText('导入成功。').waitFor();
      expect(await page.getByRole('button', { name: '重试' }).count()).toBe(0);
    });
  });
});
