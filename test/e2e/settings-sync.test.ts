import { describe, expect, it } from 'vitest';
import { browsers, type TestPage } from './harness';
import { useExtension } from './harness/fixture';

const API_KEY = 'sk-sync-test-key-0123456789';

type Area = 'local' | 'sync';
/** One storage area as the extension's pages see it. */
const read = (page: TestPage, area: Area) =>
  page.evaluate(
    (a) =>
      ((globalThis as any).browser ?? (globalThis as any).chrome).storage[a].get(null) as Promise<Record<string, any>>,
    area,
  );
/** Writes to storage.sync from an extension page, as the browser does when another device's change arrives. */
const writeSync = (page: TestPage, items: Record<string, unknown>) =>
  page.evaluate(
    (i) => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.sync.set(i) as Promise<void>,
    items,
  );

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await get();
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 100));
    value = await get();
  }
  return value;
}

describe.each(browsers)('settings sync in %s', (name) => {
  const f = useExtension(name, { title: 'Sync test page', models: ['small-model', 'large-model'], apiKey: API_KEY });

  it('is off until turned on; then the settings go to storage.sync without the key or any grant', async () => {
    const options = await f.browser.openExtensionPage('options.html');
    await options.waitForText('[data-testid=settings-sync]', /Sync these settings/);
    expect(
      await options.evaluate(
        () => (document.querySelector('input[name=settingsSync]') as HTMLInputElement).checked,
        undefined,
      ),
    ).toBe(false);
    expect(await read(options, 'sync')).toEqual({});
    await options.click('input[name=settingsSync]');
    const items = await until(
      'storage.sync after turning sync on',
      () => read(options, 'sync'),
      (i) => 'provider:local-test' in i,
    );
    expect(items['provider:local-test']).toMatchObject({
      id: 'local-test',
      baseURL: f.provider.url,
      models: ['small-model', 'large-model'],
    });
    expect(items.defaultModel).toBe('local-test/small-model');
    const text = JSON.stringify(items);
    expect(text).not.toContain(API_KEY);
    // The test site was allowed through the popup before this test: that grant stays here.
    expect(text).not.toContain(f.site.origin);
    expect(
      Object.keys(items).every((k) =>
        /^(provider:|budgets\.|defaultModel$|fallbackModels$|priceOverrides$|modelInputs$|modelWindows$|keepHistory$)/.test(
          k,
        ),
      ),
    ).toBe(true);
    await options.close();
  });

  it('applies another browser’s valid change, drops an invalid one with a message on the options page, and keeps a concurrent local change', async () => {
    const options = await f.browser.openExtensionPage('options.html');
    await options.waitForText('[data-testid=settings-sync]', /Sync these settings/);
    const popup = await f.browser.openExtensionPage('popup.html');
    await popup.waitForText('main', /Default model/);
    // This browser picks another default model while "another browser" sets limits, one of them invalid.
    await Promise.all([
      popup.select('[data-testid=default-model]', 'local-test/large-model'),
      writeSync(options, {
        'budgets.globalMonthUsd': 7.5,
        'budgets.globalDayUsd': 'a lot',
        'provider:stolen': {
          id: 'stolen',
          kind: 'openai',
          label: 'X',
          baseURL: 'https://x.example/v1',
          models: [],
          apiKey: 'sk-x',
        },
      }),
    ]);
    const local = await until(
      'local settings after both changes',
      async () => (await read(options, 'local')).settings,
      (s) => s.budgets.globalMonthUsd === 7.5 && s.defaultModel === 'local-test/large-model',
    );
    expect(local.budgets.globalDayUsd).toBeNull();
    expect(local.providers.map((p: { id: string }) => p.id)).toEqual(['local-test']);
    const synced = await until(
      'storage.sync after both changes',
      () => read(options, 'sync'),
      (i) => i.defaultModel === 'local-test/large-model',
    );
    expect(synced['budgets.globalMonthUsd']).toBe(7.5);
    const issues = await options.waitForText('[data-testid=sync-issues]', /provider:stolen/);
    expect(issues).toMatch(/budgets\.globalDayUsd: Dropped a synced value/);
    expect(issues).toMatch(/provider:stolen: Dropped a synced value/);
    await popup.close();
    await options.close();
  });

  it('removes a provider another browser removed, and leaves this browser’s key where it was', async () => {
    const options = await f.browser.openExtensionPage('options.html');
    await writeSync(options, {
      'provider:second': {
        id: 'second',
        kind: 'ollama',
        label: 'Second',
        baseURL: 'http://127.0.0.1:9/v1',
        models: ['m'],
      },
    });
    await options.waitForText('[data-testid=provider-list]', /Second/);
    await options.evaluate(
      () =>
        ((globalThis as any).browser ?? (globalThis as any).chrome).storage.sync.remove(
          'provider:second',
        ) as Promise<void>,
      undefined,
    );
    await until(
      'providers after the removal',
      async () => (await read(options, 'local')).settings.providers.map((p: { id: string }) => p.id),
      (ids) => ids.join() === 'local-test',
    );
    // The remaining provider still calls with its key, which never left this browser.
    f.provider.script({ deltas: ['still here'] });
    expect(
      await f.page.evaluate(async () => (await (globalThis as any).LanguageModel.create()).prompt('hi'), undefined),
    ).toBe('still here');
    await options.close();
  });
});
