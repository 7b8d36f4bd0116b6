import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, launch, type ExtensionBrowser, type TestPage } from './harness';
import { setSiteAccessThroughPopup } from './harness/configure';
import { repoRoot } from './harness/paths';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';
import { SONNET_ON_OPENROUTER, startOpenRouterTestServer } from '../servers/openrouter';
import { plainPage, startPageServer, type PageServer } from '../servers/pages';

const shots = `${repoRoot}test-results/screenshots`;

type ModelEvents = { events: Array<string | null> };
const OPENROUTER_KEY = 'sk-or-v1-e2e-0123456789abcdef';

describe.each(browsers)('first-run setup with a local Ollama, then a page call on the chosen model, in %s', (name) => {
  let browser: ExtensionBrowser;
  let ollama: OpenAITestServer;
  let openRouter: OpenAITestServer;
  let site: PageServer;
  let options: TestPage;
  // Ollama starts out refusing browser origins, as it does until OLLAMA_ORIGINS is set.
  let allowExtensions = false;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ollama = await startOpenAITestServer({
      models: ['llama3.2:latest', 'qwen2.5:7b'],
      ollama: { allowOrigin: (origin) => allowExtensions && /^(chrome|moz)-extension:\/\//.test(origin) },
    });
    openRouter = await startOpenRouterTestServer(OPENROUTER_KEY, [
      SONNET_ON_OPENROUTER,
      {
        id: 'openai/gpt-4o-mini',
        name: 'OpenAI: GPT-4o-mini',
        context_length: 128_000,
        pricing: { prompt: '0.00000015', completion: '0.0000006' },
      },
    ]);
    site = await startPageServer({ '/': plainPage('Provider test page') });
    browser = await launch(name);
  });
  afterAll(async () => {
    await browser?.close();
    await ollama?.close();
    await openRouter?.close();
    await site?.close();
  });

  it('opens on setup, detects Ollama, explains OLLAMA_ORIGINS on a 403, then tests and saves it', async () => {
    options = await browser.openExtensionPage('options.html');
    expect(await options.waitForText('[data-testid=setup]', /Set up your model/)).toMatch(
      /Choose where your model runs/,
    );
    await options.screenshot(`${shots}/setup-start-${name}.png`);

    await options.click('[data-kind=ollama]');
    await options.waitForText('[data-testid=provider-form]', /Detect Ollama/);
    await options.fill('input[name=baseURL]', ollama.origin);
    await options.click('[data-testid=find-models]');
    // Chromium sends no Origin on the extension's GET, so Ollama lists its models even before
    // OLLAMA_ORIGINS is set; the chat request carries one, and that is what Ollama refuses.
    expect(await options.waitForText('[data-testid=found-result]', /Found|Could not/)).toMatch(
      /Found 2 models: llama3\.2:latest, qwen2\.5:7b/,
    );
    await options.select('[data-testid=found-models]', 'qwen2.5:7b');
    expect(
      await options.evaluate(() => (document.querySelector('input[name=models]') as HTMLInputElement).value, undefined),
    ).toBe('qwen2.5:7b, llama3.2:latest');

    await options.click('text=Test connection');
    const refused = await options.waitForText('[data-testid=test-result]', /failed|Connected/);
    expect(refused).toMatch(/Connection failed: The provider answered 403/);
    expect(refused).toMatch(/OLLAMA_ORIGINS=chrome-extension:\/\/\*,moz-extension:\/\/\* ollama serve/);
    await options.screenshot(`${shots}/setup-ollama-403-${name}.png`);

    allowExtensions = true;
    ollama.script({ deltas: ['OK'] });
    await options.click('text=Test connection');
    expect(await options.waitForText('[data-testid=test-result]', /Connected/)).toMatch(
      /Connected: the model replied “OK”/,
    );
    await options.screenshot(`${shots}/setup-ollama-tested-${name}.png`);
    const tested = ollama.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    expect(tested?.body).toMatchObject({ model: 'qwen2.5:7b', stream: true });

    await options.click('[data-testid=provider-form] button[type=submit]');
    expect(await options.waitForText('[data-testid=provider-list]', /Ollama/)).toMatch(/not needed/);
    expect(await options.waitForText('[data-testid=model-detail]', /qwen2\.5:7b/)).toMatch(/free \(runs locally\)/);
    await options.screenshot(`${shots}/options-after-setup-${name}.png`);
  });

  it('runs a page call on the chosen model, and tells listening pages when the popup picks another', async () => {
    await setSiteAccessThroughPopup(browser, site.origin, 'allow-always');
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    ollama.script({ deltas: ['Hi', ' from', ' qwen'] });
    const before = ollama.requests.length;
    const reply = await page.evaluate(
      async () => (await (globalThis as any).LanguageModel.create()).prompt('hello'),
      undefined,
    );
    expect(reply).toBe('Hi from qwen');
    const sent = ollama.requests.slice(before).find((r) => r.path === '/v1/chat/completions');
    expect(sent?.body).toMatchObject({ model: 'qwen2.5:7b' });
    expect(String(sent?.headers.origin)).toMatch(/^(chrome|moz)-extension:\/\//);

    await page.evaluate(() => {
      const w = globalThis as unknown as ModelEvents & {
        ai: { addEventListener(type: string, fn: (e: { model: string | null }) => void): void };
      };
      w.events = [];
      w.ai.addEventListener('model_changed', (e) => w.events.push(e.model));
    }, undefined);

    const popup = await browser.openExtensionPage('popup.html');
    await popup.waitForText('[data-testid=model-picker]', /qwen2\.5:7b/);
    await popup.fill('[data-testid=model-search]', 'llama');
    const options = await popup.evaluate(
      () => [...document.querySelectorAll('[data-testid=default-model] option')].map((o) => o.textContent),
      undefined,
    );
    expect(options).toEqual(['llama3.2:latest · free']);
    await popup.select('[data-testid=default-model]', 'ollama/llama3.2:latest');
    expect(await popup.waitForText('[data-testid=model-detail]', /llama3\.2:latest/)).toMatch(
      /context unknown · free \(runs locally\)/,
    );
    await popup.screenshot(`${shots}/popup-picker-${name}.png`);

    let events: Array<string | null> = [];
    for (let i = 0; i < 100 && events.length === 0; i++) {
      events = await page.evaluate(() => (globalThis as unknown as ModelEvents).events, undefined);
      if (events.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(events).toEqual(['ollama/llama3.2:latest']);

    const next = ollama.requests.length;
    ollama.script({ deltas: ['llama here'] });
    expect(
      await page.evaluate(async () => (await (globalThis as any).LanguageModel.create()).prompt('again'), undefined),
    ).toBe('llama here');
    expect(ollama.requests.slice(next).find((r) => r.path === '/v1/chat/completions')?.body).toMatchObject({
      model: 'llama3.2:latest',
    });
  });

  it('adds OpenRouter, shows its live prices in the picker, and falls back to Ollama on a 503', async () => {
    options = await browser.openExtensionPage('options.html');
    await options.click('[data-kind=openrouter]');
    await options.waitForText('[data-testid=provider-form]', /Connect OpenRouter/);
    await options.fill('input[name=baseURL]', openRouter.url);
    await options.fill('input[name=apiKey]', OPENROUTER_KEY);
    await options.fill('input[name=models]', 'anthropic/claude-sonnet-4');
    await options.click('[data-testid=provider-form] button[type=submit]');
    await options.waitForText('[data-testid=provider-list]', /OpenRouter/);

    const popup = await browser.openExtensionPage('popup.html');
    await popup.waitForText('[data-testid=model-picker]', /claude/);
    await popup.fill('[data-testid=model-search]', 'claude');
    expect(
      await popup.evaluate(
        () => [...document.querySelectorAll('[data-testid=default-model] option')].map((o) => o.textContent),
        undefined,
      ),
    ).toEqual(['anthropic/claude-sonnet-4 · 200k · $3.00/$15']);
    await popup.select('[data-testid=default-model]', 'openrouter/anthropic/claude-sonnet-4');
    const detail = await popup.waitForText('[data-testid=model-detail]', /Claude Sonnet 4/);
    expect(detail).toMatch(/200k context · \$3\.00 in · \$15 out per 1M tokens/);
    expect(detail).toMatch(/From OpenRouter’s price list, updated just now/);
    expect(openRouter.requests.find((r) => r.path === '/api/v1/models')?.headers.authorization).toBe(
      `Bearer ${OPENROUTER_KEY}`,
    );
    await popup.fill('[data-testid=model-search]', '');
    await popup.screenshot(`${shots}/popup-picker-prices-${name}.png`);

    await options.select('[data-testid=add-fallback]', 'ollama/qwen2.5:7b');
    expect(await options.waitForText('[data-testid=fallback-chain]', /ollama\/qwen2\.5:7b/)).not.toMatch(/No fallback/);
    await options.screenshot(`${shots}/options-fallback-prices-${name}.png`);

    openRouter.script({ status: 503 });
    ollama.script({ deltas: ['rescued'] });
    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    const before = ollama.requests.length;
    // The site was allowed in the test before; the default is now OpenRouter's Claude.
    expect(
      await page.evaluate(async () => (await (globalThis as any).LanguageModel.create()).prompt('hi'), undefined),
    ).toBe('rescued');
    expect(ollama.requests.slice(before).find((r) => r.path === '/v1/chat/completions')?.body).toMatchObject({
      model: 'qwen2.5:7b',
    });
    expect(openRouter.requests.filter((r) => r.path === '/api/v1/chat/completions').at(-1)?.body).toMatchObject({
      model: 'anthropic/claude-sonnet-4',
    });
  });
});
