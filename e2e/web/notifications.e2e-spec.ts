import type { Browser, Page } from 'playwright-core';
import { launchBrowser, webUrl, withPage } from './support/browser';
import { apiCall, demoReturn, tokenOf, versionOf } from './support/api';
import { login } from './support/portal';
import { eventually } from '../../apps/api/test/utils/eventually';

/** Validation runs in the worker after a submission: allow for a busy machine. */
const VALIDATION_TIMEOUT = 60_000;

/** Opens the notification list (消息通知) and waits for a row with the title. */
async function seeNotification(page: Page, title: RegExp): Promise<void> {
  await page.goto(`${webUrl}/#/notifications`);
  await page.getByRole('row').filter({ hasText: title }).first().waitFor();
}

/**
 * What the return lifecycle tells people, seen in the browser: the firm when its return is approved and when its
 * submission fails the checks; the city reviewer when the province sends a return back.
 */
describe('notifications of the return lifecycle', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the city reviewer is told when the province sends a return back', async () => {
    const province = await tokenOf('province');
    const r = await demoReturn(province, '西安秦岭数据服务有限公司', '2026Q2');
    expect(r.status).toBe('MUNICIPAL_APPROVED');
    await apiCall(province, 'POST', `/api/returns/${r.id}/send-back`, {
      version: r.version,
      reason: '工程设计服务出口增幅较大，请市局核实',
    });
    await withPage(browser, async (page) => {
      await login(page, 'xian');
      await seeNotification(page, /2026Q2 报表被省级退回市级复核/);
      await page.getByText('退回原因：工程设计服务出口增幅较大，请市局核实').first().waitFor();
    });
  });

  it('the firm is told when its return is approved', async () => {
    const city = await tokenOf('xian');
    const province = await tokenOf('province');
    const r = await demoReturn(city, '西安云图软件科技有限公司', '2026Q2');
    expect(r.status).toBe('SUBMITTED');
    await apiCall(city, 'POST', `/api/returns/${r.id}/approve`, { version: r.version });
    await apiCall(province, 'POST', `/api/returns/${r.id}/approve`, { version: await versionOf(province, r.id) });
    await withPage(browser, async (page) => {
      await login(page, 'firm-xian-1');
      await seeNotification(page, /2026Q2 报表已审核通过/);
    });
  });

  it('the firm is told when its submission fails the checks', async () => {
    // 咸阳智汇 (a key enterprise) files its returned 2025Q3 return as a zero return: the checks send it back.
    const firm = await tokenOf('firm-xianyang-1');
    const r = await demoReturn(firm, '咸阳智汇信息技术有限公司', '2025Q3');
    expect(r.status).toBe('RETURNED');
    await apiCall(firm, 'POST', `/api/returns/${r.id}/zero`, { version: r.version });
    await eventually(
      'the zero return is sent back to draft by the checks',
      async () => (await apiCall<{ status: string }>(firm, 'GET', `/api/returns/${r.id}`)).status === 'DRAFT',
      VALIDATION_TIMEOUT,
    );
    await withPage(browser, async (page) => {
      await login(page, 'firm-xianyang-1');
      await seeNotification(page, /2025Q3 报表未通过校验/);
    });
  });
});
