import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, webUrl } from './browser';

/** Fills the login form (labels in the language on screen) and signs in. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${webUrl}/#/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
}

/** Logs in as a demo user and waits for the main menu. */
export async function login(page: Page, username: string): Promise<void> {
  await submitLogin(page, username, DEMO_PASSWORD);
  await mainMenu(page).waitFor();
}

export function mainMenu(page: Page): Locator {
  return page.getByRole('menu', { name: /主菜单|Main menu/ });
}

/** The visible labels of the main menu, in order. */
export async function menuLabels(page: Page): Promise<string[]> {
  const items = mainMenu(page).getByRole('menuitem');
  await items.first().waitFor();
  return (await items.allInnerTexts()).map((text) => text.trim());
}
