import type { Page } from 'playwright-core';

/** Signs `page` in to the core's ops dashboard as an operator would, and waits for the page. */
export async function signInToDashboard(page: Page, core: string, username: string, password: string) {
  await page.goto(`${core}/dashboard`);
  await page.getByPlaceholder('Username').fill(username);
  await page.getByPlaceholder('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me').waitFor();
}
