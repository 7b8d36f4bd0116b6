import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { browserBinary, builtExtension } from './paths';
import { pollText } from './poll';
import type { ExtensionBrowser, LaunchOptions, TestPage } from './types';

function wrap(page: Page): TestPage {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on(
    'console',
    (m) => void (m.type() === 'error' && problems.push(`console.error: ${m.text()} (${m.location().url})`)),
  );
  return {
    problems,
    goto: async (url, until = 'load') => void (await page.goto(url, { waitUntil: until })),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    fill: (selector, value) => page.locator(selector).fill(value),
    click: (selector) => page.locator(selector).click(),
    select: async (selector, value) => void (await page.locator(selector).selectOption(value)),
    waitForText: (selector, pattern, timeoutMs = 10_000) =>
      pollText(
        async () => (await page.locator(selector).textContent({ timeout: timeoutMs })) ?? '',
        selector,
        pattern,
        timeoutMs,
      ),
    screenshot: async (path) => void (await page.screenshot({ path, fullPage: true })),
    runScript: (source) => page.evaluate(source),
    close: () => page.close(),
  };
}

/** Our worker among all loaded extensions' workers: the one whose manifest is ours. */
async function findOwnWorker(context: BrowserContext, ownName: string): Promise<Worker> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const worker of context.serviceWorkers()) {
      const name = await worker
        .evaluate(
          () =>
            (
              globalThis as unknown as { chrome: { runtime: { getManifest(): { name: string } } } }
            ).chrome.runtime.getManifest().name,
        )
        .catch(() => '');
      if (name === ownName) return worker;
    }
    await context.waitForEvent('serviceworker', { timeout: 1_000 }).catch(() => undefined);
  }
  throw new Error('the extension’s service worker did not start');
}

/** The extension's name as runtime.getManifest() gives it: a `__MSG_key__` name in the default locale's words. */
function manifestName(extension: string): string {
  const manifest = JSON.parse(readFileSync(`${extension}/manifest.json`, 'utf8')) as {
    name: string;
    default_locale?: string;
  };
  const key = /^__MSG_(\w+)__$/.exec(manifest.name)?.[1];
  if (!key) return manifest.name;
  const messages = JSON.parse(
    readFileSync(`${extension}/_locales/${manifest.default_locale}/messages.json`, 'utf8'),
  ) as Record<string, { message: string }>;
  return messages[key]!.message;
}

/** Debian's Chromium with the built extension loaded, in a fresh profile. */
export interface ChromiumOptions extends LaunchOptions {
  headless?: boolean;
  /** More unpacked extensions to load beside ours, e.g. a hostile one. */
  extraExtensions?: string[];
}

export type ChromiumExtensionBrowser = ExtensionBrowser & { context: BrowserContext };

export async function launchChromium({
  headless = true,
  extraExtensions = [],
  colorScheme = 'light',
}: ChromiumOptions = {}): Promise<ChromiumExtensionBrowser> {
  const extension = builtExtension('chromium');
  const profile = mkdtempSync(join(tmpdir(), 'own-model-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browserBinary('chromium'),
    headless,
    colorScheme,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${[extension, ...extraExtensions].join(',')}`,
      `--load-extension=${[extension, ...extraExtensions].join(',')}`,
    ],
  });
  const worker = await findOwnWorker(context, manifestName(extension));
  // A fresh install opens the options page; let it land first, or it may take over a tab the
  // test has just opened for something else.
  const firstRunDeadline = Date.now() + 10_000;
  while (!context.pages().some((p) => p.url().endsWith('/options.html')) && Date.now() < firstRunDeadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // Node's URL gives non-special schemes an opaque origin, so build it from the host.
  const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`;
  return {
    context,
    name: 'chromium',
    extensionOrigin,
    newPage: async () => wrap(await context.newPage()),
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`${extensionOrigin}/${path}`);
      return wrap(page);
    },
    async extensionPages(path) {
      const wanted = `${extensionOrigin}/${path}`;
      const found: Page[] = [];
      for (const page of context.pages()) {
        if (page.isClosed()) continue;
        // A window the extension opened can be attached before its first navigation is seen,
        // leaving url() at about:blank; ask the page itself then.
        const url = page.url().startsWith('chrome-extension:')
          ? page.url()
          : await page.evaluate(() => location.href).catch(() => '');
        if (url.startsWith(wanted)) found.push(page);
      }
      return found.map(wrap);
    },
    async killWorker() {
      const cdp = await context.newCDPSession(context.pages()[0] ?? (await context.newPage()));
      const { targetInfos } = (await cdp.send('Target.getTargets')) as {
        targetInfos: Array<{ targetId: string; type: string; url: string }>;
      };
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

/**
 * Evaluates an expression in one of the extension's background pages (its offscreen document),
 * which Playwright does not attach to: through the DevTools protocol's target messages.
 */
export async function evaluateInBackgroundPage(
  browser: ChromiumExtensionBrowser,
  path: string,
  expression: string,
): Promise<unknown> {
  const cdp = await browser.context.newCDPSession(browser.context.pages()[0] ?? (await browser.context.newPage()));
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: Array<{ targetId: string; type: string; url: string }>;
    };
    const target = targetInfos.find(
      (t) => t.type === 'background_page' && t.url === `${browser.extensionOrigin}/${path}`,
    );
    if (!target) throw new Error(`no background page at ${path}`);
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as {
      sessionId: string;
    };
    const reply = new Promise<{ result?: { result?: { value?: unknown }; exceptionDetails?: { text: string } } }>(
      (resolve) => {
        cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
          const message = JSON.parse(event.message) as { id?: number };
          if (event.sessionId === sessionId && message.id === 1) resolve(message as never);
        });
      },
    );
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({
        id: 1,
        method: 'Runtime.evaluate',
        params: { expression, awaitPromise: true, returnByValue: true },
      }),
    });
    const { result } = await reply;
    if (result?.exceptionDetails) throw new Error(`evaluation failed: ${result.exceptionDetails.text}`);
    await cdp.send('Target.detachFromTarget', { sessionId });
    return result?.result?.value;
  } finally {
    await cdp.detach();
  }
}
