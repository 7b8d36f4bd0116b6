import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { launchChromium, type ChromiumExtensionBrowser } from '../../test/e2e/harness/chromium';
import { browserBinary } from '../../test/e2e/harness/paths';

export type BenchBrowser = ChromiumExtensionBrowser;

/** The e2e harness's Chromium with the built extension; its Playwright context gives CDP. */
export const launchExtensionBrowser = () => launchChromium();

/**
 * The same Chromium, flags and kind of profile, with no extension: the baseline browser. With
 * `extension`, that unpacked extension alone is loaded (the floor arms, lib/floor-extension.ts).
 */
export async function launchPlainBrowser(
  extension?: string,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'own-model-bench-plain-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browserBinary('chromium'),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(extension ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`] : []),
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The extension's running worker; it wakes on the next event after being stopped. */
export async function extensionWorker(
  context: BrowserContext,
  extensionOrigin: string,
  timeoutMs = 10_000,
): Promise<Worker> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const live = context.serviceWorkers().filter((w) => w.url().startsWith(extensionOrigin));
    for (const worker of live.reverse()) {
      if (await worker.evaluate(() => true).catch(() => false)) return worker;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the extension worker did not come up');
}

export async function chromiumVersion(context: BrowserContext): Promise<string> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    const { product } = (await cdp.send('Browser.getVersion')) as { product: string };
    return product;
  } finally {
    await page.close();
  }
}
