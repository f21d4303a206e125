import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: the tests never download a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FAILURES_DIR = join(__dirname, '..', 'screenshots', 'failures');

/** The web app served by `vite preview`, started by the jest global setup. */
export const webUrl = (process.env.E2E_WEB_URL ?? 'http://127.0.0.1:4200').replace(/\/$/, '');

/** The machine is shared and slow: waits are long, but a passing test never sits through them. */
export const TIMEOUT = 30_000;

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Demo@2026';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Runs a test body in a fresh browser context (its own storage, so no session leaks between tests) and saves a
 * full-page screenshot to screenshots/failures/<test name>.png when the body throws.
 */
export async function withPage(browser: Browser, body: (page: Page) => Promise<void>, name?: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  try {
    await body(page);
  } catch (error) {
    const testName = name ?? expect.getState().currentTestName ?? 'unnamed';
    await mkdir(FAILURES_DIR, { recursive: true });
    await page
      .screenshot({ path: join(FAILURES_DIR, `${fileSafe(testName)}.png`), fullPage: true })
      .catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

function fileSafe(name: string): string {
  return name
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 150);
}
