import type { Browser } from 'playwright-core';
import { launchBrowser, withPage } from './support/browser';
import { login, mainMenu } from './support/portal';

/**
 * The web origin (issue 13, items 3 and 13): security headers on the app's pages and files, a Content-Security-
 * Policy the React-Admin/MUI app works under, and a web server that sets X-Forwarded-For itself.
 */
describe('the web origin', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const webUrl = process.env.E2E_WEB_URL!;

  const expectSecurityHeaders = (res: Response) => {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  };

  it('serves its pages and files with the security headers, and /api with the API’s own', async () => {
    const index = await fetch(`${webUrl}/`);
    expect(index.status).toBe(200);
    expectSecurityHeaders(index);
    const script = /<script[^>]+src="([^"]+)"/.exec(await index.text())?.[1];
    expect(script).toMatch(/^\/assets\/.+\.js$/);
    expectSecurityHeaders(await fetch(`${webUrl}${script}`));
    expectSecurityHeaders(await fetch(`${webUrl}/no/such/page`));
    const api = await fetch(`${webUrl}/api/health`);
    expect(api.status).toBe(200);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-security-policy')).toBeNull();
    // The app reads only its own origin: the web server grants no CORS, and /api only the API's WEB_ORIGIN.
    const origin = { origin: 'http://localhost:9999' };
    expect((await fetch(`${webUrl}/`, { headers: origin })).headers.get('access-control-allow-origin')).toBeNull();
    const foreign = await fetch(`${webUrl}/api/health`, { headers: origin });
    expect(foreign.headers.get('access-control-allow-origin')).not.toBe(origin.origin);
  });

  it('renders, logs in and shows tables and charts under the policy without a single violation', () =>
    withPage(browser, async (page) => {
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      page.on('pageerror', (e) => violations.push(e.message));
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
        ),
      );
      await login(page, 'province');
      const overview = page.getByRole('region', { name: '统计概览' });
      await overview.locator('.recharts-surface').first().waitFor();
      await mainMenu(page).getByRole('menuitem', { name: '报表', exact: true }).click();
      await page.locator('table tbody tr').first().waitFor();
      await mainMenu(page).getByRole('menuitem', { name: '统计报表' }).click();
      await page.getByRole('heading', { name: '服务外包', exact: true }).waitFor();
      await page.locator('li[data-table-id="so_t01"]').getByRole('link', { name: /预览/ }).click();
      await page.getByRole('table', { name: /^表1：/ }).waitFor();
      expect(violations).toEqual([]);
    }));

  it('cannot be framed by another page', () =>
    withPage(browser, async (page) => {
      await page.setContent(`<iframe src="${webUrl}/" onload="window.framedLoaded = true"></iframe>`);
      await page.waitForFunction(() => (window as unknown as { framedLoaded?: boolean }).framedLoaded === true);
      const child = page.frames().find((f) => f !== page.mainFrame());
      expect(child).toBeDefined();
      // Chromium shows its error page in place of the app: nothing of the portal is rendered inside the frame.
      expect(child!.url().startsWith(webUrl)).toBe(false);
      expect(await child!.locator('#root').count()).toBe(0);
    }));

  it('sets X-Forwarded-For itself: a forged one on each request escapes no login limit', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${webUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}` },
        body: JSON.stringify({ username: 'e2e-no-such-user', password: 'Wrong#Password1' }),
      });
      answers.push(res.status);
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});
