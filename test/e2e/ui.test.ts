import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { addProviderThroughOptions } from './harness/configure';
import { useExtension } from './harness/fixture';
import { repoRoot } from './harness/paths';

const shots = `${repoRoot}test-results/screenshots`;

describe.each(browsers)('popup and options pages in %s', (name) => {
  const f = useExtension(name, {
    title: 'UI test page',
    configure: false,
    models: ['small-model', 'large-model'],
    apiKey: 'sk-ui-test-key-0123456789',
  });

  beforeAll(() => mkdirSync(shots, { recursive: true }));

  it('tests a connection from the options form with a real call, and says plainly when the key is wrong', async () => {
    const options = await f.browser.openExtensionPage('options.html');
    await options.fill('input[name=label]', 'Local test');
    await options.fill('input[name=baseURL]', f.provider.url);
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
    await addProviderThroughOptions(f.browser, {
      label: 'Local test',
      baseURL: f.provider.url,
      apiKey: 'sk-ui-test-key-0123456789',
      models: ['small-model', 'large-model'],
    });
    const popup = await f.browser.openExtensionPage('popup.html');
    await popup.waitForText('main', /Default model/);
    // The picker fills in once the catalog has loaded; until then it has no options to select.
    const selected = () =>
      popup.evaluate(
        () => (document.querySelector('[data-testid=default-model]') as HTMLSelectElement | null)?.value ?? '',
        undefined,
      );
    let value = '';
    for (let i = 0; i < 100 && value === ''; i++)
      value = await selected().then((v) => v || new Promise<string>((r) => setTimeout(() => r(''), 50)));
    expect(value).toBe('local-test/small-model');
    await popup.select('[data-testid=default-model]', 'local-test/large-model');
    await popup.screenshot(`${shots}/popup-${name}.png`);

    const page = await f.browser.newPage();
    await page.goto(`${f.site.origin}/`);
    // The popup's change lands asynchronously in the worker; the page sees it on its next call.
    let model = '';
    for (let i = 0; i < 50 && model !== 'local-test/large-model'; i++) {
      model = await page.evaluate(
        () => (globalThis as unknown as { ai: { getCurrentModel(): Promise<string> } }).ai.getCurrentModel(),
        undefined,
      );
    }
    expect(model).toBe('local-test/large-model');
    f.provider.script({ deltas: ['ok'] });
    const before = f.provider.requests.length;
    await page.evaluate(
      async () => (await (globalThis as any).LanguageModel.create()).prompt('which model?'),
      undefined,
    );
    const sent = f.provider.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
    expect(sent?.body).toMatchObject({ model: 'large-model' });
    expect(sent?.headers.authorization).toBe('Bearer sk-ui-test-key-0123456789');
  });

  it('edits a provider in place: new models, and the stored key kept when its field is left empty', async () => {
    const options = await f.browser.openExtensionPage('options.html');
    await options.click('tr[data-provider=local-test] button[data-action=edit]');
    const form = 'tr[data-provider=local-test] + tr [data-testid=provider-form]';
    expect(await options.waitForText(form, /API key/)).toMatch(/stored; leave empty to keep it/);
    expect(
      await options.evaluate(
        (sel) => (document.querySelector(`${sel} input[name=models]`) as HTMLInputElement).value,
        form,
      ),
    ).toBe('small-model, large-model');
    await options.fill(`${form} input[name=models]`, 'small-model, large-model, extra-model');
    await options.click(`${form} button[type=submit]`);
    const row = await options.waitForText('tr[data-provider=local-test]', /extra-model/);
    expect(row).toMatch(/stored/);
    await options.screenshot(`${shots}/options-edited-provider-${name}.png`);
    await options.close();

    // The key is still the stored one: a call authenticates with it.
    const page = await f.browser.newPage();
    await page.goto(`${f.site.origin}/`);
    f.provider.script({ deltas: ['still here'] });
    const before = f.provider.requests.length;
    expect(
      await page.evaluate(async () => (await (globalThis as any).LanguageModel.create()).prompt('key?'), undefined),
    ).toBe('still here');
    expect(
      f.provider.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'))?.headers.authorization,
    ).toBe('Bearer sk-ui-test-key-0123456789');
    await page.close();
  });
});
