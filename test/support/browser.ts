import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

// Debian's chromium, which .ci/run installs; no browser is downloaded.
const chromiumPath = '/usr/bin/chromium';
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's headless Chromium, or a clear error naming the package when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
}

export interface IsolatedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** The requests refused because they left the allowed origins. */
  readonly elsewhere: string[];
  /** The page's console errors and uncaught exceptions. */
  readonly problems: string[];
}

/** A browser context whose every request outside `origins` (blob: and data: URLs aside) is refused and noted, and a page whose errors are noted. */
export async function openIsolatedPage(
  browser: Browser,
  origins: readonly string[],
  options: BrowserContextOptions,
): Promise<IsolatedPage> {
  const context = await browser.newContext(options);
  const elsewhere: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('blob:') || url.startsWith('data:') || origins.includes(new URL(url).origin)) return route.continue();
    elsewhere.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, elsewhere, problems };
}
