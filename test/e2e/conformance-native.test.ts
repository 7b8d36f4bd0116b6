import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { useExtension } from './harness/fixture';
import type { TestPage } from './harness/types';
import { plainPage, startPageServer, type PageServer } from '../servers/pages';

// The setting that leaves the browser's own LanguageModel in place. What counts is what the
// page's first inline script sees; window.ai.languageModel stays ours either way.

type Seen = { firstScript: boolean; now: boolean; oursOnAi: boolean; native: boolean };

const FIRST_SCRIPT = `<script>window.firstSeen = { ours: window.LanguageModel === window.ai.languageModel };</script>`;

/** Flips the setting with the options page's own control, where the browser has a model of its own. */
async function setKeepNative(options: TestPage, keep: boolean): Promise<void> {
  const hasControl = await options.evaluate(() => document.querySelector('input[name=keepNative]') !== null, undefined);
  if (hasControl) {
    const checked = await options.evaluate(
      () => (document.querySelector('input[name=keepNative]') as HTMLInputElement).checked,
      undefined,
    );
    if (checked !== keep) await options.click('input[name=keepNative]');
    await options.waitForText('[data-testid=native-model]', keep ? /Allow on all sites|built-in/ : /built-in/);
    return;
  }
  // No control where the browser has no model of its own; the stored choice must still harm nothing.
  await options.evaluate(async (value) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    const { settings } = await api.storage.local.get('settings');
    await api.storage.local.set({ settings: { ...settings, keepNativeLanguageModel: value } });
  }, keep);
}

describe.each(browsers)('keeping the browser’s own LanguageModel in %s', (name) => {
  const f = useExtension(name, { title: 'Native choice page' });
  // On 127.0.0.1 the extension holds host permission, as it must for a script registered at
  // run time to reach a page in Chromium; on other hosts the user grants it with the setting.
  let site: PageServer;
  let extensionPage: TestPage;
  beforeAll(async () => {
    site = await startPageServer({ '/': plainPage('Native choice', FIRST_SCRIPT) });
    extensionPage = await f.browser.openExtensionPage('options.html#sites');
    // Chromium 148+ ships a LanguageModel of its own, and offers the choice; Firefox has none, and says so.
    await extensionPage.waitForText(
      '[data-testid=native-model]',
      name === 'chromium' ? /Leave this browser’s built-in LanguageModel to pages/ : /has no built-in LanguageModel/,
    );
  });
  afterAll(async () => {
    await extensionPage?.close();
    await site?.close();
  });

  /** Opens the page afresh (registration may take a moment) until `want` holds, or returns the last seen. */
  async function visit(want: (seen: Seen) => boolean): Promise<Seen> {
    let seen: Seen | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const page = await f.browser.newPage();
      await page.goto(`${site.origin}/`);
      seen = await page.evaluate(() => {
        const w = globalThis as any;
        return {
          firstScript: w.firstSeen.ours,
          now: w.LanguageModel === w.ai.languageModel,
          oursOnAi: typeof w.ai.languageModel.create === 'function',
          native: Object.getOwnPropertyDescriptor(w, 'LanguageModel')?.writable === true,
        };
      }, undefined);
      await page.close();
      if (want(seen)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return seen!;
  }

  it('replaces the global by default, before the page’s first script', async () => {
    expect(await visit((s) => s.firstScript)).toMatchObject({ firstScript: true, now: true, oursOnAi: true });
  });

  it('with the setting on, the first script already sees the browser’s own global where there is one', async () => {
    const hasNative = name === 'chromium';
    await setKeepNative(extensionPage, true);
    const seen = await visit((s) => s.firstScript === !hasNative);
    expect(seen).toEqual({ firstScript: !hasNative, now: !hasNative, oursOnAi: true, native: hasNative });
  });

  it('turning it off again gives pages ours', async () => {
    await setKeepNative(extensionPage, false);
    expect(await visit((s) => s.firstScript)).toMatchObject({ firstScript: true, now: true });
  });
});
