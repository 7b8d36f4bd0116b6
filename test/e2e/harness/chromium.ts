import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { browserBinary, builtExtension } from './paths';
import type { ExtensionBrowser, TestPage } from './types';

function wrap(page: Page): TestPage {
  return {
    goto: async (url) => void (await page.goto(url)),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    fill: (selector, value) => page.locator(selector).fill(value),
    click: (selector) => page.locator(selector).click(),
    async waitForText(selector, pattern, timeoutMs = 10_000) {
      const locator = page.locator(selector);
      const deadline = Date.now() + timeoutMs;
      let text = '';
      while (Date.now() < deadline) {
        text = (await locator.textContent({ timeout: timeoutMs }).catch(() => '')) ?? '';
        if (pattern.test(text)) return text;
        await page.waitForTimeout(50);
      }
      throw new Error(`${selector} never matched ${pattern}; last text: ${text}`);
    },
    screenshot: async (path) => void (await page.screenshot({ path, fullPage: true })),
    close: () => page.close(),
  };
}

/** Debian's Chromium with the built extension loaded, in a fresh profile. */
export async function launchChromium({ headless = true } = {}): Promise<ExtensionBrowser> {
  const extension = builtExtension('chromium');
  const profile = mkdtempSync(join(tmpdir(), 'own-model-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browserBinary('chromium'),
    headless,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // Node's URL gives non-special schemes an opaque origin, so build it from the host.
  const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`;
  return {
    name: 'chromium',
    extensionOrigin,
    newPage: async () => wrap(await context.newPage()),
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`${extensionOrigin}/${path}`);
      return wrap(page);
    },
    async killWorker() {
      const cdp = await context.newCDPSession(context.pages()[0] ?? (await context.newPage()));
      const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
      const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(extensionOrigin));
      if (!target) throw new Error('the extension has no running service worker');
      await cdp.send('Target.closeTarget', { targetId: target.targetId });
      await cdp.detach();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
