import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (`npm test` installs it), headless. Playwright gives every launch a fresh
 * temporary profile, so no state leaks from one test file to the next.
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.BRANCHLINE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { browser, close: () => browser.close() };
}
