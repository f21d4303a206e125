import type { Browser } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

/**
 * English mode names codes in English where the code list has English names, and every time on screen is Beijing
 * time, labelled; the province reads the audit log of its territory (issue 15).
 */
describe('English mode and Beijing time', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the province sees regions and industries by their English names and audit times labelled Beijing time', () =>
    withPage(browser, async (page) => {
      await login(page, 'province');
      await page.getByRole('button', { name: '中文', exact: true }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await mainMenu(page).getByRole('menuitem', { name: 'Enterprises' }).click();
      // 西安云图 is registered in 雁塔区 and reviewed by 西安市.
      const row = page.locator('table tbody tr').filter({ hasText: '西安云图软件科技有限公司' });
      await row.getByText('Yanta District (610113)').waitFor();
      await row.getByText("Xi'an (610100)").waitFor();
      expect(await page.locator('table tbody').getByText('雁塔区').count()).toBe(0);
      // Its profile names the industry (GB/T 4754-2017 section I) in English.
      await row.click();
      await page
        .getByText(/Information transmission, software and information technology services/)
        .first()
        .waitFor();

      await mainMenu(page).getByRole('menuitem', { name: 'Audit log' }).click();
      const first = page.locator('table tbody tr').first();
      await first.getByText('Beijing time').waitFor();
      expect(await first.locator('td.column-at').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s*Beijing time$/);
      // Checking the whole chain is the administrator's.
      expect(await page.getByRole('button', { name: /verify/i }).count()).toBe(0);
    }));
});
