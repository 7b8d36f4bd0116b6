import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { browserBinary, builtExtension } from './paths';
import { pollText } from './poll';
import type { ExtensionBrowser, LaunchOptions, TestPage } from './types';

function wrap(page: Page): TestPage {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${(e as Error).message ?? e}`));
  page.on(
    'console',
    (m) => void (m.type() === 'error' && problems.push(`console.error: ${m.text()} (${m.location().url})`)),
  );
  return {
    problems,
    // WebDriver BiDi reports no commit, so the earliest event it gives stands for it.
    goto: async (url, until = 'load') =>
      void (await page.goto(url, { waitUntil: until === 'commit' ? 'domcontentloaded' : 'load' })),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    fill: (selector, value) => page.locator(selector).fill(value),
    click: (selector) => page.locator(selector).click(),
    // Waits for the element first, as the locators above do: an options tab's content loads apart.
    select: async (selector, value) => {
      await page.waitForSelector(selector);
      await page.select(selector, value);
    },
    waitForText: (selector, pattern, timeoutMs = 10_000) =>
      pollText(() => page.$eval(selector, (el) => el.textContent ?? ''), selector, pattern, timeoutMs),
    screenshot: async (path) => void (await page.screenshot({ path: path as `${string}.png`, fullPage: true })),
    runScript: (source) => page.evaluate(source),
    close: () => page.close(),
  };
}

type TabsGlobal = { browser: { tabs: { create(options: { url: string }): Promise<unknown> } } };

/**
 * Puppeteer's cached URL of a tab the extension opened can stay "about:blank", so ask each
 * candidate page where it really is.
 */
async function pageShowing(
  browser: Browser,
  urlPrefix: string,
  candidates: () => Promise<Page[]>,
  timeoutMs = 30_000,
): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const page of await candidates()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(urlPrefix)) return page;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no tab showed ${urlPrefix} within ${timeoutMs} ms (${(await browser.pages()).length} tabs open)`);
}

/** Debian's Firefox ESR over WebDriver BiDi, with the built extension installed as a temporary add-on. */
export async function launchFirefox({ colorScheme = 'light' }: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extension = builtExtension('firefox');
  const manifest = JSON.parse(readFileSync(`${extension}/manifest.json`, 'utf8')) as {
    browser_specific_settings: { gecko: { id: string } };
  };
  // Fixing the internal UUID gives the extension pages a URL the tests can open.
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: browserBinary('firefox'),
    headless: true,
    extraPrefsFirefox: {
      'xpinstall.signatures.required': false,
      'extensions.webextensions.uuids': JSON.stringify({ [manifest.browser_specific_settings.gecko.id]: uuid }),
      // What `prefers-color-scheme` answers in pages: 0 dark, 1 light. BiDi cannot emulate it.
      'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1,
    },
  });
  const extensionOrigin = `moz-extension://${uuid}`;
  await browser.installExtension(extension);
  // WebDriver BiDi may not navigate to moz-extension: URLs, so the extension opens its own
  // pages: first its first-run tab, then any other through tabs.create from that tab.
  const anchor = await pageShowing(browser, extensionOrigin, () => browser.pages());
  return {
    name: 'firefox',
    extensionOrigin,
    newPage: async () => wrap(await browser.newPage()),
    async openExtensionPage(path) {
      const before = new Set(await browser.pages());
      const url = `${extensionOrigin}/${path}`;
      await anchor.evaluate((u) => (globalThis as unknown as TabsGlobal).browser.tabs.create({ url: u }), url);
      const page = await pageShowing(browser, url, async () => (await browser.pages()).filter((p) => !before.has(p)));
      await page.waitForSelector('#root > *');
      return wrap(page);
    },
    async extensionPages(path) {
      const found: TestPage[] = [];
      for (const page of await browser.pages()) {
        const href = await page.evaluate(() => location.href).catch(() => '');
        if (href.startsWith(`${extensionOrigin}/${path}`)) found.push(wrap(page));
      }
      return found;
    },
    close: () => browser.close(),
  };
}
