import { describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { useExtension } from './harness/fixture';

// Page-side helpers run in the page's MAIN world, as a site's own script would.
type PageWindow = typeof globalThis & { LanguageModel: any; ai: any };

describe.each(browsers)('one request end to end in %s', (name) => {
  const f = useExtension(name, {
    title: 'Foundation test page',
    // A site that allows no script, frame or connection of any origin but its own inline one: the
    // bridge's call code, imported by the content script on the first call, must load regardless.
    routes: {
      '/strict-csp': `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-n'; connect-src 'none'"><title>Strict</title></head><body></body></html>`,
    },
  });

  it('replaces the native LanguageModel and reports a configured model as available', async () => {
    const seen = await f.page.evaluate(async () => {
      const w = globalThis as PageWindow;
      return {
        availability: await w.LanguageModel.availability(),
        sameAsWindowAi: w.LanguageModel === w.ai.languageModel,
        params: await w.LanguageModel.params(),
      };
    }, undefined);
    expect(seen).toEqual({
      availability: 'available',
      sameAsWindowAi: true,
      params: { defaultTopK: 3, maxTopK: 128, defaultTemperature: 1, maxTemperature: 2 },
    });
  });

  it('streams the provider’s exact deltas, in order, through promptStreaming()', async () => {
    const deltas = ['The', ' quick', ' brown', ' fox', ' — ', 'ünïcødé ✓', '\n', 'end.'];
    f.provider.script({ deltas, delayMs: 5 });
    const before = f.provider.requests.length;
    const chunks = await f.page.evaluate(async () => {
      const session = await (globalThis as PageWindow).LanguageModel.create();
      const out: string[] = [];
      for await (const chunk of session.promptStreaming('Tell me about foxes.')) out.push(chunk);
      return out;
    }, undefined);
    expect(chunks).toEqual(deltas);
    const sent = f.provider.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
    expect(sent?.body).toMatchObject({
      model: 'test-model',
      stream: true,
      messages: [{ role: 'user', content: 'Tell me about foxes.' }],
    });
    expect(f.provider.contractErrors).toEqual([]);
  });

  it('answers a page whose Content-Security-Policy allows no outside script or connection', async () => {
    f.provider.script({ deltas: ['csp ', 'ok'] });
    const page = await f.browser.newPage();
    await page.goto(`${f.site.origin}/strict-csp`);
    const reply = await page.evaluate(
      async () => (await (globalThis as PageWindow).LanguageModel.create()).prompt('hi'),
      undefined,
    );
    expect(reply).toBe('csp ok');
    await page.close();
  });

  it('keeps the conversation: a second prompt() sends the first turn as history', async () => {
    f.provider.script((body: { messages: unknown[] }) => ({ deltas: [`turns:${body.messages.length}`] }));
    const replies = await f.page.evaluate(async () => {
      const session = await (globalThis as PageWindow).LanguageModel.create({
        initialPrompts: [{ role: 'system', content: 'Be brief.' }],
      });
      return [await session.prompt('one'), await session.prompt('two')];
    }, undefined);
    // system + user, then system + user + assistant + user
    expect(replies).toEqual(['turns:2', 'turns:4']);
  });

  it('answers Window AI’s generateText with streamed results', async () => {
    f.provider.script({ deltas: ['Hel', 'lo'] });
    const seen = await f.page.evaluate(async () => {
      const streamed: unknown[] = [];
      const result = await (globalThis as PageWindow).ai.generateText(
        { messages: [{ role: 'user', content: 'hi' }] },
        { onStreamResult: (r: unknown, e: unknown) => streamed.push(e ?? r) },
      );
      return { streamed, result };
    }, undefined);
    expect(seen.streamed).toEqual([
      { message: { role: 'assistant', content: 'Hel' } },
      { message: { role: 'assistant', content: 'lo' } },
    ]);
    expect(seen.result).toEqual([{ message: { role: 'assistant', content: 'Hello' } }]);
  });

  it('carries the page’s abort to the provider: the upstream connection closes', async () => {
    f.provider.script({ deltas: Array.from({ length: 200 }, (_, i) => `t${i} `), delayMs: 50 });
    const closed = f.provider.nextClose(10_000);
    const outcome = await f.page.evaluate(async () => {
      const controller = new AbortController();
      const session = await (globalThis as PageWindow).LanguageModel.create();
      const chunks: string[] = [];
      try {
        for await (const chunk of session.promptStreaming('count', { signal: controller.signal })) {
          chunks.push(chunk);
          if (chunks.length === 2) controller.abort();
        }
        return { error: null, chunks: chunks.length };
      } catch (error) {
        return { error: (error as Error).name, chunks: chunks.length };
      }
    }, undefined);
    expect(outcome.error).toBe('AbortError');
    expect(outcome.chunks).toBeLessThan(10);
    await expect(closed).resolves.toBeUndefined();
  });

  it('gives the page the provider’s error in the spec’s shape, without the call hanging', async () => {
    f.provider.script({ status: 500, errorMessage: 'The server had an error while processing your request.' });
    const error = await f.page.evaluate(async () => {
      const session = await (globalThis as PageWindow).LanguageModel.create();
      return session.prompt('x').then(
        () => null,
        (e: Error) => ({ name: e.name, message: e.message, isDOMException: e instanceof DOMException }),
      );
    }, undefined);
    expect(error).toMatchObject({ name: 'NetworkError', isDOMException: true });
    expect(error?.message).toMatch(/500.*server had an error/);
  });

  it('survives garbage postMessage traffic, answers bad calls with clear errors, and still works', async () => {
    const replies = await f.page.evaluate(async () => {
      const tag = 'own-model/call';
      const junk: unknown[] = [
        null,
        0,
        'x',
        [],
        { [tag]: 1 },
        { [tag]: '1' },
        { type: 'request' },
        new Array(1000).fill('a'),
      ];
      for (let i = 0; i < 2000; i++) window.postMessage(junk[i % junk.length], '*');
      const badCalls: unknown[] = [
        'not an object',
        { type: 'request' },
        { type: 'request', call: { op: 'prompt', messages: [] } },
        { type: 'request', call: { op: 'prompt', messages: [{ role: 'robot', content: 'hi' }] } },
        { type: 'request', call: { op: 'availability', origin: 'https://bank.example' } },
        { type: 'request', call: { op: 'drop tables' } },
        { type: 'request', call: { op: 'prompt', messages: [{ role: 'user', content: 'x'.repeat(2_000_001) }] } },
      ];
      let deep: Record<string, unknown> = {};
      const root = deep;
      for (let i = 0; i < 100; i++) deep = (deep.n = {}) as Record<string, unknown>;
      badCalls.push({ type: 'request', call: root });
      return Promise.all(
        badCalls.map(
          (message) =>
            new Promise((resolve) => {
              const { port1, port2 } = new MessageChannel();
              port1.onmessage = (event) => resolve(event.data);
              window.postMessage({ [tag]: 1 }, '*', [port2]);
              port1.postMessage(message);
              setTimeout(() => resolve('no reply'), 5000);
            }),
        ),
      );
    }, undefined);
    for (const reply of replies) {
      expect(reply).toMatchObject({ type: 'error', error: { name: 'TypeError', code: -32602 } });
    }
    f.provider.script({ deltas: ['still', ' fine'] });
    const text = await f.page.evaluate(
      async () => (await (globalThis as PageWindow).LanguageModel.create()).prompt('ok?'),
      undefined,
    );
    expect(text).toBe('still fine');
  });
});

// Firefox has no way for a test to stop an MV3 background page from outside; Chromium's
// service worker can be closed through CDP, as the browser does when it is idle or crashes.
describe('a worker that dies mid-stream in chromium', () => {
  const f = useExtension('chromium', { title: 'Worker death test page' });

  it('reports a killed worker to the page within 5 s, and the next call works', async () => {
    f.provider.script({ deltas: Array.from({ length: 400 }, (_, i) => `w${i} `), delayMs: 25 });
    const pending = f.page.evaluate(async () => {
      const started = performance.now();
      const session = await (globalThis as PageWindow).LanguageModel.create();
      let firstChunkAt = 0;
      try {
        for await (const _ of session.promptStreaming('long')) firstChunkAt ||= performance.now();
        return { error: null, afterFirstChunkMs: 0 };
      } catch (error) {
        return {
          error: (error as Error).name,
          message: (error as Error).message,
          afterFirstChunkMs: performance.now() - (firstChunkAt || started),
        };
      }
    }, undefined);
    await new Promise((r) => setTimeout(r, 400));
    await f.browser.killWorker!();
    const outcome = await pending;
    expect(outcome.error).toBe('UnknownError');
    expect(outcome.message).toMatch(/extension restarted/);
    expect(outcome.afterFirstChunkMs).toBeLessThan(5_000);
    f.provider.script({ deltas: ['back'] });
    const text = await f.page.evaluate(
      async () => (await (globalThis as PageWindow).LanguageModel.create()).prompt('again'),
      undefined,
    );
    expect(text).toBe('back');
  });
});
