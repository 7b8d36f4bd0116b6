import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, launch, type ExtensionBrowser } from './harness';
import { addProviderThroughOptions } from './harness/configure';
import { repoRoot } from './harness/paths';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';
import { plainPage, startPageServer, type PageServer } from '../servers/pages';

const shots = `${repoRoot}test-results/screenshots`;

describe.each(browsers)('popup and options pages in %s', (name) => {
  let browser: ExtensionBrowser;
  let provider: OpenAITestServer;
  let site: PageServer;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    provider = await startOpenAITestServer({ models: ['small-model', 'large-model'], apiKey: 'sk-ui-test-key-0123456789' });
    site = await startPageServer({ '/': plainPage('UI test page') });
    browser = await launch(name);
  });

  afterAll(async () => {
    await browser?.close();
    await provider?.close();
    await site?.close();
  });

  it('tests a connection from the options form with a real call, and says plainly when the key is wrong', async () => {
    const options = await browser.openExtensionPage('options.html');
    await options.fill('input[name=label]', 'Local test');
    await options.fill('input[name=baseURL]', provider.url);
    await options.fill('input[name=models]', 'small-model, large-model');
    await options.fill('input[name=apiKey]', 'sk-wrong-key-000000000000');
    await options.click('text=Test connection');
    const failed = await options.waitForText('[data-testid=test-result]', /failed/);
    expect(failed).toMatch(/401/);
    expect(failed).not.toMatch(/sk-wrong-key/);
    await options.fill('input[name=apiKey]', 'sk-ui-test-key-0123456789');
    await options.click('text=Test connection');
    expect(await options.waitForText('[data-testid=test-result]', /Connected/)).toMatch(/replied/);
    await options.screenshot(`${shots}/options-${name}.png`);
    await options.close();
  });

  it('lets the user switch the default model in the popup, and pages then use it', async () => {
    await addProviderThroughOptions(browser, {
      label: 'Local test',
      baseURL: provider.url,
      apiKey: 'sk-ui-test-key-0123456789',
      models: ['small-model', 'large-model'],
    });
    const popup = await browser.openExtensionPage('popup.html');
    await popup.waitForText('main', /Default model/);
    expect(await popup.evaluate(() => (document.querySelector('[data-testid=default-model]') as HTMLSelectElement).value, undefined)).toBe('local-test/small-model');
    await popup.evaluate(() => {
      // React listens for the native change event; a user's pick fires exactly this.
      const select = document.querySelector('[data-testid=default-model]') as HTMLSelectElement;
      select.value = 'local-test/large-model';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }, undefined);
    await popup.screenshot(`${shots}/popup-${name}.png`);

    const page = await browser.newPage();
    await page.goto(`${site.origin}/`);
    // The popup's change lands asynchronously in the worker; the page sees it on its next call.
    let model = '';
    for (let i = 0; i < 50 && model !== 'local-test/large-model'; i++) {
      model = await page.evaluate(() => (globalThis as unknown as { ai: { getCurrentModel(): Promise<string> } }).ai.getCurrentModel(), undefined);
    }
    expect(model).toBe('local-test/large-model');
    provider.script({ deltas: ['ok'] });
    const before = provider.requests.length;
    await page.evaluate(async () => (await (globalThis as any).LanguageModel.create()).prompt('which model?'), undefined);
    const sent = provider.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
    expect(sent?.body).toMatchObject({ model: 'large-model' });
    expect(sent?.headers.authorization).toBe('Bearer sk-ui-test-key-0123456789');
  });
});
