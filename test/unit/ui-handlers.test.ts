import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// The worker's UI handlers share the runtime channel with the content scripts, which run in
// every page: the sender is the only thing that tells an options page from a page's script.

const ID = 'own-model-test';
const ORIGIN = `chrome-extension://${ID}/`;
const REFUSED = 'Only the extension’s own pages may change its settings.';

const optionsPage: Browser.runtime.MessageSender = {
  id: ID,
  url: `${ORIGIN}options.html`,
  origin: ORIGIN.slice(0, -1),
};
const contentScript = (site: string): Browser.runtime.MessageSender => ({
  id: ID,
  url: `${site}/shop`,
  origin: site,
  frameId: 0,
  tab: {
    id: 7,
    index: 0,
    highlighted: false,
    active: true,
    pinned: false,
    incognito: false,
    windowId: 1,
    url: `${site}/shop`,
  } as Browser.tabs.Tab,
});

describe('isExtensionPage', () => {
  let isExtensionPage: typeof import('@/lib/ui-service/handlers').isExtensionPage;
  beforeEach(async () => {
    ({ isExtensionPage } = await import('@/lib/ui-service/handlers'));
  });

  it('accepts the extension’s own pages', () => {
    expect(isExtensionPage(optionsPage, ID, ORIGIN)).toBe(true);
    expect(isExtensionPage({ id: ID, url: `${ORIGIN}popup.html` }, ID, ORIGIN)).toBe(true);
  });

  it.each([
    { name: 'our content script in a site', sender: contentScript('https://shop.example') },
    {
      name: 'our content script in a page whose URL names our origin in its path',
      sender: { id: ID, url: `https://evil.example/${ORIGIN}` },
    },
    { name: 'another extension’s page', sender: { id: 'other', url: `chrome-extension://other/options.html` } },
    { name: 'another extension claiming our URL', sender: { id: 'other', url: `${ORIGIN}options.html` } },
    { name: 'a sender without a URL', sender: { id: ID } },
    { name: 'a sender without an id', sender: { url: `${ORIGIN}options.html` } },
  ])('refuses $name', ({ sender }) => {
    expect(isExtensionPage(sender, ID, ORIGIN)).toBe(false);
  });
});

describe('registerUiHandlers', () => {
  /** A fresh worker: the messaging module keeps one listener per type for its whole life. */
  async function startWorker() {
    vi.resetModules();
    const { registerUiHandlers } = await import('@/lib/ui-service/handlers');
    const { permissions } = await import('@/lib/ui-service/permissions');
    registerUiHandlers(ID, ORIGIN);
    return permissions();
  }

  /** Sends one UI message as @webext-core/messaging puts it on the wire, from `sender`. */
  function send(
    type: string,
    data: unknown,
    sender: Browser.runtime.MessageSender,
  ): Promise<{ res?: unknown; err?: { message: string } }> {
    return new Promise((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger({ id: 1, type, data, timestamp: Date.now() }, sender, resolve);
    });
  }

  it('refuses a content script that grants its own site, and the grant does not change', async () => {
    const site = 'https://grabby.example';
    const sites = await startWorker();
    const reply = await send('setSiteGrant', { origin: site, grant: 'allow-always' }, contentScript(site));
    expect(reply.err?.message).toBe(REFUSED);
    expect(reply.res).toBeUndefined();
    expect((await sites.site(site)).grant).toBe('ask');
  });

  it('refuses a content script every handler, even one that only reads', async () => {
    await startWorker();
    const reply = await send('getState', undefined, contentScript('https://nosy.example'));
    expect(reply).toMatchObject({ err: { message: REFUSED } });
  });

  it('lets the options page make the same change', async () => {
    const site = 'https://trusted.example';
    const sites = await startWorker();
    const reply = await send('setSiteGrant', { origin: site, grant: 'allow-always' }, optionsPage);
    expect(reply.err).toBeUndefined();
    expect(reply.res).toMatchObject({ origin: site, grant: 'allow-always' });
    expect((await sites.site(site)).grant).toBe('allow-always');
  });

  it('checks the data of an extension page’s message by its schema', async () => {
    await startWorker();
    const reply = await send('setSiteGrant', { origin: 'https://x.example/path', grant: 'allow-always' }, optionsPage);
    expect(reply.err?.message).toMatch(/scheme:\/\/host/);
  });

  // Each handler answers an extension page with what it was asked for, never an empty reply.
  it.each([
    { type: 'getState', data: undefined, answer: { settings: expect.any(Object), providersWithKey: [] } },
    {
      type: 'setSiteLimits',
      data: { origin: 'https://limited.example', limits: { dayUsd: 2, monthUsd: null } },
      answer: expect.objectContaining({ sites: { 'https://limited.example': { dayUsd: 2, monthUsd: null } } }),
    },
    { type: 'recentUsage', data: undefined, answer: [] },
    { type: 'getConsentRequest', data: 'no-such-request', answer: null },
    {
      type: 'decideConsent',
      data: { id: 'no-such-request', decision: 'deny', allowModelChoice: false, dailyBudgetUsd: null },
      answer: false,
    },
    {
      type: 'getSite',
      data: 'https://unknown.example',
      answer: expect.objectContaining({ origin: 'https://unknown.example', grant: 'ask' }),
    },
    { type: 'listSites', data: undefined, answer: expect.any(Array) },
    { type: 'getCatalog', data: undefined, answer: expect.any(Object) },
    { type: 'usageSummary', data: undefined, answer: expect.any(Object) },
    { type: 'dailyCost', data: { origin: null }, answer: expect.any(Object) },
    { type: 'siteHistory', data: { origin: 'https://unknown.example', before: null }, answer: expect.any(Object) },
    { type: 'exportUsage', data: { afterId: null }, answer: expect.any(Object) },
    { type: 'forgetUsage', data: { origin: null }, answer: { records: 0 } },
    { type: 'onDeviceStatus', data: undefined, answer: expect.objectContaining({ models: expect.any(Array) }) },
  ])('answers $type from an extension page', async ({ type, data, answer }) => {
    // No model stored: an empty origin-private directory.
    const emptyDirectory = { getDirectoryHandle: async () => emptyDirectory, keys: async function* () {} };
    vi.stubGlobal('navigator', {
      storage: { estimate: async () => ({ quota: 1e9, usage: 0 }), getDirectory: async () => emptyDirectory },
    });
    await startWorker();
    const reply = await send(type, data, optionsPage);
    expect(reply.err).toBeUndefined();
    expect(reply.res).toEqual(answer);
  });
});
