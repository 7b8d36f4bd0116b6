/**
 * Store screenshots, 1280×800 PNG, of the built extension's real pages in Chromium: the popup,
 * the consent window, the options page and its usage tab. A local OpenAI-compatible server
 * stands in for the provider and the ledger is seeded, so every figure on them is real data.
 *
 *   npm run screenshots            light theme, into store/screenshots/
 *   npm run screenshots -- --dark  dark theme, as <name>-dark.png beside them
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumExtensionBrowser } from '../test/e2e/harness/chromium';
import { addProviderThroughOptions } from '../test/e2e/harness/configure';
import { waitForConsentWindow } from '../test/e2e/harness/consent';
import { repoRoot } from '../test/e2e/harness/paths';
import { promptOnce } from '../test/e2e/page-calls';
import { seedLedger } from '../test/e2e/usage-seed';
import { startOpenAITestServer } from '../test/servers/openai-compatible';
import { plainPage, startPageServer } from '../test/servers/pages';

const SIZE = { width: 1280, height: 800 };
const dark = process.argv.includes('--dark');
const scheme = dark ? 'dark' : 'light';
const out = `${repoRoot}store/screenshots`;
const file = (name: string) => `${out}/${name}${dark ? '-dark' : ''}.png`;
const SITES = [
  'https://notes.example',
  'https://mail.example',
  'https://docs.example',
  'https://translate.example',
  'https://shop.example',
];

/** A page of the extension, opened at the store's size. */
async function open(browser: ChromiumExtensionBrowser, path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(SIZE);
  await page.goto(`${browser.extensionOrigin}/${path}`);
  return page;
}

/**
 * A small window (the popup, the consent window) shown at its own size, centred on a plain
 * backdrop of the store's size, as it looks over a page.
 */
async function framed(browser: ChromiumExtensionBrowser, shot: Buffer, name: string): Promise<void> {
  const page = await browser.context.newPage();
  await page.setViewportSize(SIZE);
  const backdrop = dark ? '#2b2d31' : '#e9ecf2';
  await page.setContent(
    `<body style="margin:0;height:100vh;display:grid;place-items:center;background:${backdrop}">` +
      `<img src="data:image/png;base64,${shot.toString('base64')}" style="border-radius:10px;box-shadow:0 12px 40px #0005"></body>`,
  );
  await page.screenshot({ path: file(name) });
  await page.close();
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const provider = await startOpenAITestServer({
    models: ['gpt-4o-mini', 'gpt-4.1'],
    apiKey: 'sk-screenshot-0123456789',
  });
  const site = await startPageServer({ '/': plainPage('Notes — meeting summary') });
  const browser = await launchChromium({ colorScheme: scheme });
  try {
    // The OpenAI kind prices its models from the bundled table, as it would at api.openai.com.
    await addProviderThroughOptions(browser, {
      kind: 'openai',
      label: 'OpenAI',
      baseURL: provider.url,
      models: ['gpt-4o-mini', 'gpt-4.1'],
      apiKey: 'sk-screenshot-0123456789',
    });

    const seeding = await browser.openExtensionPage('options.html#usage');
    // tsx names nested functions through a helper of its own, which the page lacks.
    await seeding.runScript('globalThis.__name = (f) => f');
    await seedLedger(seeding, { records: 240, sites: SITES.length, days: 30, origins: SITES });
    await seeding.close();
    const usage = await open(browser, 'options.html#usage');
    await usage.locator('[data-testid=usage-sites]').waitFor();
    await usage.locator('[data-testid=usage-chart] canvas').waitFor();
    await usage.screenshot({ path: file('usage') });

    const options = await open(browser, 'options.html#setup');
    await options.locator('[data-testid=provider-list]').waitFor();
    await options.screenshot({ path: file('options') });

    // Plain http is allowed only from this computer; a name reads better than an address.
    const origin = `http://localhost:${new URL(site.origin).port}`;
    const tab = await browser.newPage();
    await tab.goto(`${origin}/`);
    provider.script({ deltas: ['ok'] });
    const call = tab.evaluate(promptOnce, 'Summarise these notes');
    const consent = await waitForConsentWindow(browser, 15_000, call);
    const consentPage = browser.context.pages().find((p) => p.url().includes('/consent.html'))!;
    await consentPage.setViewportSize({ width: 460, height: 600 });
    await framed(browser, await consentPage.locator('main').screenshot(), 'consent');
    await consent.click('[data-decision=allow-always]').catch(() => {});
    await call;

    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 348, height: 600 });
    // The popup opened as a tab shows the site named in its address, as if opened over it.
    await popup.goto(`${browser.extensionOrigin}/popup.html?site=${encodeURIComponent(origin)}`);
    await popup.locator('[data-testid=default-model] option').first().waitFor({ state: 'attached' });
    await popup.getByText(origin.replace('http://', '')).first().waitFor();
    await framed(browser, await popup.locator('main').screenshot(), 'popup');
    console.log(`screenshots (${scheme}) in ${out}`);
  } finally {
    await browser.close();
    await provider.close();
    await site.close();
  }
}

await main();
