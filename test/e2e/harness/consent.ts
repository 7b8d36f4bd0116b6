import type { ExtensionBrowser, TestPage } from './types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits for the one consent window and for its request to show. `pending` is the call that
 * should be waiting on it: if that call ends first, the failure says how it ended.
 */
export async function waitForConsentWindow(
  browser: ExtensionBrowser,
  timeoutMs = 15_000,
  pending?: Promise<unknown>,
): Promise<TestPage> {
  const deadline = Date.now() + timeoutMs;
  let ended: unknown;
  void pending?.then(
    (value) => (ended = { resolved: value }),
    (error) => (ended = { rejected: String(error) }),
  );
  while (Date.now() < deadline) {
    if (ended) throw new Error(`the call ended before any consent window opened: ${JSON.stringify(ended)}`);
    const [page] = await browser.extensionPages('consent.html');
    if (page) {
      await page.waitForText('main', /asks to use your AI model|already been answered/, timeoutMs);
      return page;
    }
    await sleep(100);
  }
  throw new Error(`no consent window opened within ${timeoutMs} ms; windows: ${await describeWindows(browser)}`);
}

export interface ShownRequest {
  origin: string;
  model: string;
  price: string;
}

/**
 * Reads what the consent window shows, then clicks one of its three buttons. A window that
 * closes under us is the previous one going away; the next is waited for.
 */
export async function answerConsent(
  browser: ExtensionBrowser,
  decision: 'allow-once' | 'allow-always' | 'deny',
  pending?: Promise<unknown>,
): Promise<ShownRequest> {
  for (let attempt = 0; ; attempt++) {
    const page = await waitForConsentWindow(browser, 15_000, pending);
    let shown: ShownRequest;
    try {
      shown = {
        origin: await page.waitForText('[data-testid=site-origin]', /\S/, 5_000),
        model: await page.waitForText('[data-testid=consent-model]', /\S/, 5_000),
        price: await page.waitForText('[data-testid=consent-price]', /\S/, 5_000),
      };
    } catch (error) {
      if (attempt >= 3) throw error;
      await sleep(200);
      continue;
    }
    // The window closes itself once answered, which a click may report as an error.
    await page.click(`[data-decision=${decision}]`).catch(() => {});
    return shown;
  }
}

/** Polls the number of open consent windows for a while and returns the largest seen. */
export async function mostConsentWindowsDuring(browser: ExtensionBrowser, ms: number): Promise<number> {
  let most = 0;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    most = Math.max(most, (await browser.extensionPages('consent.html')).length);
    await sleep(100);
  }
  return most;
}

export async function waitForNoConsentWindow(browser: ExtensionBrowser, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await browser.extensionPages('consent.html')).length === 0) return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`a consent window was still open after ${timeoutMs} ms`);
}

/** What the browser itself says is open, for a failure message. */
async function describeWindows(browser: ExtensionBrowser): Promise<string> {
  const page = await browser.openExtensionPage('popup.html');
  try {
    return await page.evaluate(async () => {
      const api = (globalThis as any).browser ?? (globalThis as any).chrome;
      const windows = await api.windows.getAll({ populate: true });
      return JSON.stringify(
        windows.map((w: any) => ({ type: w.type, state: w.state, tabs: w.tabs?.map((t: any) => t.url) })),
      );
    }, undefined);
  } finally {
    await page.close();
  }
}
