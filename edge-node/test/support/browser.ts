import { type Browser, chromium, type Locator } from 'playwright-core';
import { expect } from 'vitest';

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

/** Waits until the element's text holds `text` (pages update live, so it may take a moment). */
export async function sees(locator: Locator, text: string, timeout = 20_000): Promise<void> {
  await expect
    .poll(
      () =>
        locator.textContent().then(
          (t) => t ?? '',
          () => '',
        ),
      { timeout, interval: 50 },
    )
    .toContain(text);
}
