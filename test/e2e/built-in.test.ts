import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, launch, type ExtensionBrowser } from './harness';
import { evaluateInBackgroundPage, launchChromium, type ChromiumExtensionBrowser } from './harness/chromium';
import { setSiteAccessThroughPopup } from './harness/configure';
import { readLedger } from './harness/ledger';
import { plainPage, startPageServer, type PageServer } from '../servers/pages';
import { installChromeLanguageModel } from '../browser-apis/chrome-language-model';

// "Built-in (on-device, free)": the browser's own model as a provider. These machines' Chromium
// has the Prompt API but no model ("unavailable"), and Firefox has none, so the provider must not
// be offered there; where a model runs, Chrome's API is stood in for (test/browser-apis/).

describe.each(browsers)('where the browser has no model of its own (%s)', (name) => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launch(name);
  });
  afterAll(() => browser?.close());

  it('the setup does not offer the built-in provider, because the browser says it has no model', async () => {
    const options = await browser.openExtensionPage('options.html');
    try {
      await options.waitForText('[data-testid=kind-picker]', /OpenAI/);
      const seen = await options.evaluate(async () => {
        const native = (globalThis as { LanguageModel?: { availability(): Promise<string> } }).LanguageModel;
        return {
          native: native ? await native.availability() : 'absent',
          offered: document.querySelector('[data-testid=kind-picker] input[value=built-in]') !== null,
        };
      }, undefined);
      expect(seen).toEqual({ native: name === 'chromium' ? 'unavailable' : 'absent', offered: false });
    } finally {
      await options.close();
    }
  });
});

describe('the browser’s own model as a provider, in Chromium with Chrome’s model stood in for', () => {
  let browser: ChromiumExtensionBrowser;
  let site: PageServer;
  const ENGINE = 'on-device-engine.html';
  const inEngine = (expression: string) => evaluateInBackgroundPage(browser, ENGINE, expression);

  beforeAll(async () => {
    site = await startPageServer({ '/': plainPage('Built-in page') });
    browser = await launchChromium();
    // The engine's page is where the worker runs the browser's model. Opened first, as the worker
    // would, so the stand-in is in place before any job: the model there is downloaded already.
    const worker = browser.context.serviceWorkers()[0]!;
    await worker.evaluate(
      (url) =>
        (globalThis as any).chrome.offscreen.createDocument({ url, reasons: ['WORKERS'], justification: 'test' }),
      `/${ENGINE}`,
    );
    for (let i = 0; i < 50 && !(await inEngine('document.readyState === "complete"').catch(() => false)); i++)
      await new Promise((r) => setTimeout(r, 100));
    await inEngine(`(${installChromeLanguageModel.toString()})('available')`);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('is offered in the setup; the click downloads the browser’s model with progress, then saves it as the default', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(`(${installChromeLanguageModel.toString()})('downloadable')`);
    await page.goto(`${browser.extensionOrigin}/options.html`);
    await page.locator('[data-testid=kind-picker] input[value=built-in]').click();
    const progress: string[] = [];
    await page.exposeFunction('noteProgress', (text: string) => void progress.push(text));
    await page.evaluate(() => {
      new MutationObserver(() => {
        const shown = document.querySelector('[data-testid=built-in-progress]')?.textContent;
        if (shown) (globalThis as any).noteProgress(shown);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.locator('[data-testid=built-in] button').click();
    await page.locator('[data-testid=provider-list]').getByText('Built-in (on-device, free)').first().waitFor();
    const standIn = await page.evaluate(() => (globalThis as any).__standIn);
    expect(standIn.activation).toEqual([true]);
    expect(new Set(progress)).toEqual(new Set(['0%', '50%', '100%']));
    const defaultModel = await page.evaluate(
      async () =>
        ((await (globalThis as any).chrome.storage.local.get('settings')).settings as { defaultModel: string })
          .defaultModel,
    );
    expect(defaultModel).toBe('built-in/gemini-nano');
    await page.close();
  });

  it('answers a page’s streaming prompt with the browser’s model: history as initialPrompts, deltas as they come, a free usage row of its own counts', async () => {
    await setSiteAccessThroughPopup(browser, site.origin, 'allow-always');
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    const chunks = await page.evaluate(async () => {
      const session = await (globalThis as any).LanguageModel.create({
        initialPrompts: [{ role: 'system', content: 'Be brief.' }],
      });
      const got: string[] = [];
      for await (const delta of session.promptStreaming('Hello there, model')) got.push(delta);
      return got;
    }, undefined);
    expect(chunks).toEqual(['Echo', ': ', 'Hello', ' there,', ' model']);
    const standIn = (await inEngine('globalThis.__standIn')) as {
      created: Array<{ initialPrompts: unknown[] }>;
      prompts: unknown[];
    };
    expect(standIn.created.at(-1)!.initialPrompts).toEqual([{ role: 'system', content: 'Be brief.' }]);
    expect(standIn.prompts.at(-1)).toEqual([{ role: 'user', content: 'Hello there, model' }]);
    const row = (await readLedger(browser)).usage.at(-1)! as {
      outcome: string;
      cost: number;
      inputTokens: number;
      outputTokens: number;
      usageSource?: string;
    };
    expect(row).toMatchObject({ outcome: 'ok', cost: 0, usageSource: 'reported', outputTokens: 5 });
    expect(row.inputTokens).toBeGreaterThan(0);
    await page.close();
  });

  it('stops the browser’s model when the page cancels its stream', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    const before = (await inEngine('globalThis.__standIn.aborted')) as number;
    const got = await page.evaluate(async () => {
      const session = await (globalThis as any).LanguageModel.create();
      const reader = session.promptStreaming('one two three four five six seven eight nine ten').getReader();
      const first = (await reader.read()).value;
      await reader.cancel();
      return first;
    }, undefined);
    expect(got).toBe('Echo');
    let aborted = before;
    for (let i = 0; i < 50 && aborted === before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      aborted = (await inEngine('globalThis.__standIn.aborted')) as number;
    }
    expect(aborted).toBe(before + 1);
    await page.close();
  });
});
