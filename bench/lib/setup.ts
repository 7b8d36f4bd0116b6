import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { addProviderThroughOptions, setSiteAccessThroughPopup } from '../../test/e2e/harness/configure';
import { startOpenAITestServer, type OpenAITestServer, type ScriptedReply } from '../../test/servers/openai-compatible';
import { plainPage, startPageServer, type PageServer } from '../../test/servers/pages';
import { extensionWorker, launchExtensionBrowser, type BenchBrowser } from './browsers';

const probes = readFileSync(new URL('../page/probes.js', import.meta.url), 'utf8');

export interface Bench {
  browser: BenchBrowser;
  provider: OpenAITestServer;
  site: PageServer;
  /** The chat completions URL both arms call. */
  url: string;
  /** The exact body the extension sent for a prompt, which the direct arm sends too. */
  bodyFor(prompt: string): string;
  /** A tab on the bench page, with the probes loaded and a session made. */
  openBenchPage(): Promise<Page>;
  close(): Promise<void>;
}

export const BENCH_PAGE = '/bench';
export const PLAIN_PAGE = '/plain';

export async function startBench(): Promise<Bench> {
  const provider = await startOpenAITestServer({ models: ['bench-model'] });
  const site = await startPageServer({
    [BENCH_PAGE]: plainPage('Bench page', '<script src="/probes.js"></script>'),
    '/probes.js': probes,
    [PLAIN_PAGE]: plainPage('Plain page', '<p>Nothing here calls the API.</p>'),
  });
  const browser = await launchExtensionBrowser();
  await addProviderThroughOptions(browser, { label: 'Bench', baseURL: provider.url, models: ['bench-model'] });
  // Consent is the user's once per site; the figures are about calls after it.
  await setSiteAccessThroughPopup(browser, site.origin, 'allow-always');
  await raiseOutputCap(browser);
  const openBenchPage = async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}${BENCH_PAGE}`);
    await page.evaluate(() => (globalThis as never as { bench: { warm(): Promise<unknown> } }).bench.warm());
    return page;
  };
  // One call through the extension records the body its provider adapter sends.
  const first = await openBenchPage();
  provider.script({ deltas: ['ok'] });
  await first.evaluate(() =>
    (globalThis as never as { bench: { timeCall(...a: unknown[]): Promise<unknown> } }).bench.timeCall(
      'extension',
      '',
      JSON.stringify({ messages: [{ content: 'x' }] }),
    ),
  );
  await first.close();
  const template = provider.requests.findLast((r) => r.path.endsWith('/chat/completions'))!.body as {
    messages: Array<{ content: string }>;
  };
  return {
    browser,
    provider,
    site,
    url: `${provider.url}/chat/completions`,
    bodyFor: (prompt) => JSON.stringify({ ...template, messages: [{ role: 'user', content: prompt }] }),
    openBenchPage,
    async close() {
      await browser.close();
      await provider.close();
      await site.close();
    },
  };
}

/**
 * The output cap that budgets put on a call that names none (4096 tokens by default) would cut
 * the 20,000-delta stream short. Prompt API calls cannot name one, so the bench raises the
 * stored default, as the user can on the options page. A string, because tsx's name helpers
 * do not exist in the worker.
 */
async function raiseOutputCap(browser: BenchBrowser): Promise<void> {
  const worker = await extensionWorker(browser.context, browser.extensionOrigin);
  await worker.evaluate(`(async () => {
    const { settings } = await chrome.storage.local.get('settings');
    if (!settings || !settings.budgets) return;
    settings.budgets.defaultMaxOutputTokens = 200000;
    await chrome.storage.local.set({ settings });
  })()`);
}

/** What bench.timeCall returns in the page. */
export interface CallTiming {
  started: number;
  firstAt: number;
  endedAt: number;
  deltas: number;
  text: string;
}

type PageBench = {
  bench: {
    timeCall(w: string, u: string, b: string): Promise<CallTiming>;
    timeCalls(w: string, u: string, b: string, n: number): Promise<CallTiming[]>;
  };
};

export function timeCall(page: Page, which: 'direct' | 'extension', url: string, body: string): Promise<CallTiming> {
  return page.evaluate(([w, u, b]) => (globalThis as never as PageBench).bench.timeCall(w, u, b), [
    which,
    url,
    body,
  ] as const);
}

export function timeCalls(
  page: Page,
  which: 'direct' | 'extension',
  url: string,
  body: string,
  count: number,
): Promise<CallTiming[]> {
  return page.evaluate(([w, u, b, n]) => (globalThis as never as PageBench).bench.timeCalls(w, u, b, n), [
    which,
    url,
    body,
    count,
  ] as const);
}

export function script(provider: OpenAITestServer, reply: ScriptedReply): void {
  provider.script(reply);
}
