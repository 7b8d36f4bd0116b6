import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, type TestPage } from './harness';
import { launchChromium, type ChromiumExtensionBrowser } from './harness/chromium';
import { answerConsent, mostConsentWindowsDuring } from './harness/consent';
import { addProviderThroughOptions, setSiteAccessThroughPopup } from './harness/configure';
import { useExtension } from './harness/fixture';
import { makeFuzzMessages } from './fuzz-messages';
import { promptOnce } from './page-calls';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';
import { plainPage, startPageServer, type PageServer } from '../servers/pages';

const MARKER_KEY = 'sk-MARKER-7c1d9e0b4a6f2e8d5b3a1c9f7e0d2b4a';
const fragments = (secret: string) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));

describe.each(browsers)('the security boundary in %s', (name) => {
  const f = useExtension(name, { title: 'Granted site', apiKey: MARKER_KEY });
  const sites: PageServer[] = [];
  afterAll(async () => {
    await Promise.all(sites.map((s) => s.close()));
  });
  async function attackerSite(body = ''): Promise<{ site: PageServer; page: TestPage }> {
    const site = await startPageServer({ '/': plainPage('Attacker', body) });
    sites.push(site);
    const page = await f.browser.newPage();
    await page.goto(`${site.origin}/`);
    return { site, page };
  }

  it('asks and charges a page as itself, whatever origin it writes into its messages or patches in', async () => {
    const { site: attacker, page } = await attackerSite();
    const granted = f.site.origin;
    const smuggled = await page.evaluate((origin) => {
      return new Promise((resolve) => {
        const { port1, port2 } = new MessageChannel();
        port1.onmessage = (e) => resolve(e.data);
        window.postMessage({ 'own-model/call': 1 }, '*', [port2]);
        port1.postMessage({
          type: 'request',
          call: { op: 'prompt', origin, messages: [{ role: 'user', content: 'hi' }] },
        });
      });
    }, granted);
    expect(smuggled).toMatchObject({
      type: 'error',
      error: { name: 'TypeError', message: expect.stringMatching(/origin/) },
    });

    const before = f.provider.requests.length;
    const call = page.evaluate((origin) => {
      // Everything a page can patch, patched to claim the granted origin.
      const post = window.postMessage.bind(window);
      window.postMessage = ((data: unknown, target: string, transfer?: Transferable[]) =>
        post(
          typeof data === 'object' && data ? { ...data, origin } : data,
          target,
          transfer,
        )) as typeof window.postMessage;
      Object.defineProperty(MessageEvent.prototype, 'origin', { get: () => origin });
      Object.defineProperty(MessageEvent.prototype, 'data', { get: () => ({ type: 'done', value: 'forged' }) });
      Object.defineProperty(document, 'domain', { get: () => new URL(origin).hostname });
      const LM = (globalThis as any).LanguageModel;
      return LM.create()
        .then((s: any) => s.prompt('spend on someone else'))
        .then(
          (text: string) => ({ text }),
          (e: Error) => ({ error: e.name }),
        );
    }, granted);
    const shown = await answerConsent(f.browser, 'deny');
    expect(shown.origin).toBe(attacker.origin);
    expect(await call).toEqual({ error: 'NotAllowedError' });
    expect(f.provider.requests.length).toBe(before);

    const options = await f.browser.openExtensionPage('options.html');
    const usage = await options.waitForText(
      '[data-testid=recent-usage]',
      new RegExp(attacker.origin.replace(/[.:/]/g, '\\$&')),
    );
    expect(usage).toMatch(/denied/);
    await options.close();
  });

  it('says nothing to a page that never calls the API: no message, no event, no global beyond the API', async () => {
    const quiet = await startPageServer({
      '/': `<!doctype html><html><head><title>Quiet</title><script>
        window.heard = [];
        addEventListener('message', (e) => heard.push(JSON.stringify(e.data)));
      </script></head><body></body></html>`,
    });
    sites.push(quiet);
    const page = await f.browser.newPage();
    await page.goto(`${quiet.origin}/`);
    await new Promise((r) => setTimeout(r, 500));
    const heard = await page.evaluate(
      () => ({
        messages: (globalThis as any).heard as string[],
        extras: ['ai', 'LanguageModel', 'Summarizer', 'Writer', 'Rewriter'].filter((k) => !(k in globalThis)),
        extensionUrls: performance.getEntriesByType('resource').filter((e) => /extension:/.test(e.name)).length,
      }),
      undefined,
    );
    expect(heard).toEqual({ messages: [], extras: [], extensionUrls: 0 });
  });

  it('exposes a frozen API: page scripts cannot rewrite what other scripts on the page call', async () => {
    const after = await f.page.evaluate(() => {
      'use strict';
      const w = globalThis as any;
      const attempts = [
        () => (w.LanguageModel.prototype.prompt = () => 'hijacked'),
        () => (w.LanguageModel.create = () => 'hijacked'),
        () => (w.ai.generateText = () => 'hijacked'),
        () => (w.LanguageModel = { create: () => 'hijacked' }),
        () => (w.ai = {}),
      ];
      // In strict code each assignment throws; sloppy code's would do nothing, silently.
      const thrown = attempts.map((attempt) => {
        try {
          attempt();
          return 'assigned';
        } catch (error) {
          return (error as Error).name;
        }
      });
      return {
        thrown,
        promptIsOurs: w.LanguageModel.prototype.prompt.toString().includes('hijacked') === false,
        createIsOurs:
          typeof w.LanguageModel.create === 'function' &&
          w.LanguageModel.create.toString().includes('hijacked') === false,
        aiIsOurs: w.ai.generateText.toString().includes('hijacked') === false && w.ai.languageModel === w.LanguageModel,
      };
    }, undefined);
    expect(after).toEqual({
      thrown: Array(5).fill('TypeError'),
      promptIsOurs: true,
      createIsOurs: true,
      aiIsOurs: true,
    });
  });

  it('refuses a sandboxed frame of a granted site by its opaque origin, without asking or spending', async () => {
    // The frame's URL is the granted site's, its origin is "null": only the worker's check of
    // sender.origin tells them apart, in callerFromSender.
    const host = await startPageServer({
      '/': plainPage(
        'Host',
        `<script>window.heard = new Promise((r) => addEventListener('message', (e) => r(e.data), { once: true }));</script><iframe sandbox="allow-scripts" src="/framed"></iframe>`,
      ),
      '/framed': plainPage(
        'Framed',
        `<script>LanguageModel.create().then((s) => s.prompt('from the sandbox')).then((t) => parent.postMessage({ text: t }, '*'), (e) => parent.postMessage({ error: e.name, message: e.message }, '*'));</script>`,
      ),
    });
    sites.push(host);
    await setSiteAccessThroughPopup(f.browser, host.origin, 'allow-always');
    const before = f.provider.requests.length;
    const page = await f.browser.newPage();
    await page.goto(`${host.origin}/`);
    expect(await page.evaluate(() => (globalThis as any).heard, undefined)).toEqual({
      error: 'NotAllowedError',
      message: 'Opaque and sandboxed frames may not use the model.',
    });
    expect(f.provider.requests.length).toBe(before);
    await page.close();
  });

  it('treats an iframe as its own origin', async () => {
    const framed = await startPageServer({
      '/': plainPage(
        'Framed',
        `<script>LanguageModel.create().then((s) => s.prompt('from the frame')).then((t) => parent.postMessage({ text: t }, '*'), (e) => parent.postMessage({ error: e.name }, '*'));</script>`,
      ),
    });
    sites.push(framed);
    const result = f.page.evaluate((src) => {
      return new Promise((resolve) => {
        addEventListener('message', (e) => resolve(e.data), { once: true });
        const frame = document.createElement('iframe');
        frame.src = src;
        document.body.append(frame);
      });
    }, `${framed.origin}/`);
    const shown = await answerConsent(f.browser, 'deny');
    expect(shown.origin).toBe(framed.origin);
    expect(await result).toEqual({ error: 'NotAllowedError' });
  });

  it('never lets any part of a stored key reach a page, a reply, an error or content-script storage', async () => {
    const replies: unknown[] = [];
    f.provider.script({ deltas: ['fine'] });
    replies.push(await f.page.evaluate(promptOnce, 'ok'));
    // A provider that quotes the key back, as OpenAI's 401 does.
    f.provider.script({
      status: 401,
      errorMessage: `Incorrect API key provided: ${MARKER_KEY.slice(0, 20)}****${MARKER_KEY.slice(-4)}.`,
    });
    replies.push(await f.page.evaluate(promptOnce, 'fails'));
    f.provider.script({ status: 500, errorMessage: `upstream said ${MARKER_KEY}` });
    replies.push(await f.page.evaluate(promptOnce, 'fails again'));
    replies.push(
      await f.page.evaluate(() => {
        return new Promise((resolve) => {
          const seen: unknown[] = [];
          const { port1, port2 } = new MessageChannel();
          port1.onmessage = (e) => {
            seen.push(e.data);
            if (e.data.type !== 'chunk') resolve(seen);
          };
          window.postMessage({ 'own-model/call': 1 }, '*', [port2]);
          port1.postMessage({ type: 'request', call: { op: 'prompt', messages: [{ role: 'user', content: 'raw' }] } });
        });
      }, undefined),
    );
    expect(replies[0]).toEqual({ text: 'fine' });
    expect(replies[1]).toMatchObject({
      error: 'NetworkError',
      message: expect.stringMatching(/401.*Incorrect API key/),
    });

    const pageState = await f.page.evaluate(() => {
      const globals = Object.getOwnPropertyNames(window).map((k) => {
        try {
          return `${k}=${String((window as any)[k])}`;
        } catch {
          return k;
        }
      });
      return [
        document.documentElement.outerHTML,
        JSON.stringify(localStorage),
        JSON.stringify(sessionStorage),
        document.cookie,
        ...globals,
      ].join('\n');
    }, undefined);
    const options = await f.browser.openExtensionPage('options.html');
    const readableByContentScripts = await options.evaluate(async () => {
      const api = (globalThis as any).browser ?? (globalThis as any).chrome;
      return JSON.stringify([await api.storage.local.get(null), await api.storage.sync.get(null)]);
    }, undefined);
    const optionsText = await options.evaluate(() => document.documentElement.outerHTML, undefined);
    await options.close();

    const haystack = [JSON.stringify(replies), pageState, readableByContentScripts, optionsText].join('\n');
    expect(haystack.length).toBeGreaterThan(1_000);
    for (const fragment of fragments(MARKER_KEY)) expect(haystack).not.toContain(fragment);
    // The key did reach its own provider, so the search above looked for something real.
    expect(f.provider.requests.some((r) => r.headers.authorization === `Bearer ${MARKER_KEY}`)).toBe(true);
  });

  it('survives 10,000 malformed messages from the page with no crash and no hung call, then still works', async () => {
    const started = Date.now();
    const outcome = await f.page.evaluate(
      async ({ source }) => {
        const make = new Function(`return (${source})`)() as (a: { count: number; seed: number }) => unknown[];
        const messages = make({ count: 10_000, seed: 42 });
        let errors = 0;
        let hung = 0;
        let other = 0;
        const one = (message: unknown) =>
          new Promise<void>((resolve) => {
            const { port1, port2 } = new MessageChannel();
            const timer = setTimeout(() => {
              hung++;
              resolve();
            }, 5_000);
            port1.onmessage = (e) => {
              clearTimeout(timer);
              if (e.data?.type === 'error') errors++;
              else other++;
              port1.close();
              resolve();
            };
            window.postMessage({ 'own-model/call': 1 }, '*', [port2]);
            port1.postMessage(message);
          });
        for (let i = 0; i < messages.length; i += 16) await Promise.all(messages.slice(i, i + 16).map(one));
        return { errors, hung, other };
      },
      { source: makeFuzzMessages.toString() },
    );
    const ms = Date.now() - started;
    console.log(`${name}: 10000 fuzzed page messages in ${ms} ms: ${JSON.stringify(outcome)}`);
    expect(outcome).toEqual({ errors: 10_000, hung: 0, other: 0 });
    f.provider.script({ deltas: ['alive'] });
    expect(await f.page.evaluate(promptOnce, 'still there?')).toEqual({ text: 'alive' });
  }, 180_000);
});

describe('boundaries only Chromium lets a test reach', () => {
  let browser: ChromiumExtensionBrowser;
  let provider: OpenAITestServer;
  let site: PageServer;
  let otherExtension: string;

  beforeAll(async () => {
    otherExtension = mkdtempSync(join(tmpdir(), 'other-extension-'));
    writeFileSync(
      join(otherExtension, 'manifest.json'),
      JSON.stringify({
        manifest_version: 3,
        name: 'Some other extension',
        version: '1.0',
        background: { service_worker: 'worker.js' },
      }),
    );
    writeFileSync(join(otherExtension, 'worker.js'), '// tries to reach another extension from the test\n');
    provider = await startOpenAITestServer({ models: ['test-model'] });
    site = await startPageServer({ '/': plainPage('Fuzz target') });
    browser = await launchChromium({ extraExtensions: [otherExtension] });
    await addProviderThroughOptions(browser, { label: 'Local test', baseURL: provider.url, models: ['test-model'] });
    await setSiteAccessThroughPopup(browser, site.origin, 'allow-always');
  });
  afterAll(async () => {
    await browser?.close();
    await provider?.close();
    await site?.close();
  });

  /** The isolated world of our content script in a fresh tab at `url`, reached through CDP. */
  async function isolatedWorldOf(url: string) {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    const contexts: Array<{ id: number; origin: string; auxData?: { type?: string; frameId?: string } }> = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await cdp.send('Runtime.enable');
    await page.goto(url);
    const isolated = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === browser.extensionOrigin);
    expect(isolated, 'the content script’s isolated world').toBeTruthy();
    const evaluate = async <T>(expression: string): Promise<T> => {
      const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', {
        contextId: isolated!.id,
        awaitPromise: true,
        returnByValue: true,
        expression,
      })) as {
        result: { value: T };
        exceptionDetails?: unknown;
      };
      expect(exceptionDetails).toBeUndefined();
      return result.value;
    };
    return { page, evaluate };
  }

  /** A UI message exactly as @webext-core/messaging puts it on the wire, sent with runtime.sendMessage. */
  const uiMessage = (type: string, data: string) =>
    `chrome.runtime.sendMessage({ id: 1, type: ${JSON.stringify(type)}, data: ${data}, timestamp: Date.now() }).then((reply) => reply, (error) => ({ lastError: error.message }))`;

  it('refuses a content script that grants its own site: our check in the worker answers, and the site is still asked', async () => {
    const grabby = await startPageServer({ '/': plainPage('Grabby') });
    try {
      const { page, evaluate } = await isolatedWorldOf(`${grabby.origin}/`);
      // The browser carries this message: content scripts share the runtime channel with the
      // extension's pages. Only isExtensionPage, in registerUiHandlers, tells them apart.
      const reply = await evaluate<{ err?: { message: string }; res?: unknown }>(
        uiMessage('setSiteGrant', '{ origin: location.origin, grant: "allow-always" }'),
      );
      expect(reply).toMatchObject({ err: { message: 'Only the extension’s own pages may change its settings.' } });
      expect(reply.res).toBeUndefined();

      // A message of the same shape from an extension page is answered: the grant is unchanged.
      const options = await browser.openExtensionPage('options.html');
      const allowed = (await options.evaluate(
        (origin) =>
          (globalThis as any).chrome.runtime.sendMessage({
            id: 2,
            type: 'getSite',
            data: origin,
            timestamp: Date.now(),
          }),
        grabby.origin,
      )) as { res?: { grant: string } };
      await options.close();
      expect(allowed.res).toMatchObject({ grant: 'ask' });

      const before = provider.requests.length;
      const call = page.evaluate(promptOnce, 'am I in?');
      const shown = await answerConsent(browser, 'deny');
      expect(shown.origin).toBe(grabby.origin);
      expect(await call).toMatchObject({ error: 'NotAllowedError' });
      expect(provider.requests.length).toBe(before);
      await page.close();
    } finally {
      await grabby.close();
    }
  });

  it('refuses a call Port from the extension’s own page: it is no site, and callerFromSender says so', async () => {
    // The extension's pages share the runtime with its worker, so their Port reaches our
    // listener; what stops it is our own check of the sender's URL.
    const options = await browser.openExtensionPage('options.html');
    const before = provider.requests.length;
    const reply = await options.evaluate(
      () =>
        new Promise((resolve) => {
          const chrome = (globalThis as any).chrome;
          const port = chrome.runtime.connect({ name: 'page-call' });
          port.onMessage.addListener((m: unknown) => resolve(m));
          port.onDisconnect.addListener(() => resolve({ disconnected: true }));
          // Let through, the call would wait for a consent nobody gives.
          setTimeout(() => resolve({ unanswered: true }), 10_000);
          port.postMessage({
            type: 'call',
            call: { op: 'prompt', messages: [{ role: 'user', content: 'from the options page' }] },
          });
        }),
      undefined,
    );
    await options.close();
    expect(reply).toEqual({
      type: 'error',
      error: expect.objectContaining({
        name: 'NotAllowedError',
        message: `Only https sites may use the model; ${browser.extensionOrigin} is not one.`,
      }),
    });
    expect(provider.requests.length).toBe(before);
  });

  it('gives another extension nothing: the browser drops its connect and its messages before our code runs', async () => {
    // The manifest's externally_connectable lists no one and the worker has no onConnectExternal
    // or onMessageExternal listener, so Chromium refuses these in the browser process: our
    // listeners, and callerFromSender's check of sender.id, never see them.
    const ourId = new URL(browser.extensionOrigin).host;
    const other = browser.context.serviceWorkers().find((w) => !w.url().includes(ourId))!;
    expect(other).toBeTruthy();
    const before = provider.requests.length;
    const result = await other.evaluate(async (id) => {
      const chrome = (globalThis as any).chrome;
      const connected = await new Promise((resolve) => {
        const port = chrome.runtime.connect(id, { name: 'page-call' });
        port.onMessage.addListener((m: unknown) => resolve({ message: m }));
        port.onDisconnect.addListener(() => resolve({ disconnected: chrome.runtime.lastError?.message ?? 'no error' }));
        port.postMessage({ type: 'call', call: { op: 'prompt', messages: [{ role: 'user', content: 'steal' }] } });
      });
      const sent = await chrome.runtime.sendMessage(id, { id: 1, type: 'getState', timestamp: Date.now() }).then(
        (reply: unknown) => ({ reply }),
        (error: Error) => ({ error: error.message }),
      );
      return { connected, sent };
    }, ourId);
    expect(result.connected).toEqual({ disconnected: expect.stringMatching(/Could not establish connection/) });
    expect(result.sent).toEqual({ error: expect.stringMatching(/Could not establish connection/) });
    expect(provider.requests.length).toBe(before);
  });

  it('survives 10,000 malformed messages from the content script’s world to the worker', async () => {
    const { page, evaluate } = await isolatedWorldOf(`${site.origin}/`);
    const started = Date.now();
    const value = await evaluate<{ errors: number; dropped: number; hung: number; other: unknown[] }>(`(async () => {
        const messages = (${makeFuzzMessages.toString()})({ count: 10000, seed: 7 });
        let errors = 0, dropped = 0, hung = 0, other = [];
        const one = (message, i) => new Promise((resolve) => {
          const port = chrome.runtime.connect({ name: i % 50 === 0 ? 'not-a-call' : 'page-call' });
          const timer = setTimeout(() => { hung++; resolve(); }, 10000);
          port.onMessage.addListener((m) => { clearTimeout(timer); if (m && m.type === 'error') errors++; else other.push({ message, reply: m }); port.disconnect(); resolve(); });
          port.onDisconnect.addListener(() => { clearTimeout(timer); dropped++; resolve(); });
          port.postMessage(message);
        });
        for (let i = 0; i < messages.length; i += 100) await Promise.all(messages.slice(i, i + 100).map((m, j) => one(m, i + j)));
        return { errors, dropped, hung, other };
      })()`);
    const ms = Date.now() - started;
    console.log(`chromium: 10000 fuzzed worker messages in ${ms} ms: ${JSON.stringify(value)}`);
    expect(value.hung).toBe(0);
    expect(value.other).toEqual([]);
    expect(value.errors + value.dropped).toBe(10_000);
    expect(value.dropped).toBe(200); // only the ports with a wrong name
    provider.script({ deltas: ['alive'] });
    expect(await page.evaluate(promptOnce, 'after fuzz')).toEqual({ text: 'alive' });
    expect(provider.contractErrors).toEqual([]);
  }, 240_000);
});
