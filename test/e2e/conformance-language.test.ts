import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { browsers } from './harness';
import { addProviderThroughOptions, setLimitsThroughOptions, setSiteAccessThroughPopup } from './harness/configure';
import { useExtension } from './harness/fixture';
import { readLedger } from './harness/ledger';
import { languageTaskReply } from '../servers/language-tasks';
import { startPageServer } from '../servers/pages';
import { demoRoutes } from '../demo/routes';

// Translator and LanguageDetector (translation-api) and Proofreader (proofreader-api), as pages
// use them, against the OpenAI stand-in answering as a model would. Page functions run in the
// MAIN world, as a site's own script would.
type W = typeof globalThis & { Translator: any; LanguageDetector: any; Proofreader: any };
type Outcome = { value?: any; error?: string; message?: string; dom?: boolean };
type Sent = { messages: Array<{ role: string; content: string }>; response_format?: any };
declare const settle: (p: Promise<unknown>) => Promise<Outcome>;

function installSettle() {
  (globalThis as any).settle = (p: Promise<unknown>) =>
    p.then(
      (value) => ({ value }),
      (e: any) => ({ error: e?.name, message: String(e?.message), dom: e instanceof DOMException }),
    );
}

describe.each(browsers)('Translator, LanguageDetector and Proofreader in %s', (name) => {
  // A priced model, so that a spending limit can stop a call.
  const f = useExtension(name, { title: 'Language APIs page', configure: false, models: ['gpt-4o-mini'] });
  const run = <A, R>(fn: (arg: A) => R | Promise<R>, arg?: A) => f.page.evaluate(fn, arg as A);
  const sentSince = (from: number) =>
    f.provider.requests
      .slice(from)
      .filter((r) => r.path.endsWith('/chat/completions'))
      .map((r) => r.body as Sent);
  beforeAll(async () => {
    await addProviderThroughOptions(f.browser, {
      kind: 'openai',
      label: 'Priced',
      baseURL: f.provider.url,
      models: ['gpt-4o-mini'],
    });
    await f.page.evaluate(installSettle, undefined);
    f.provider.script((body) => languageTaskReply(body));
  });

  it('Translator: availability, attributes canonical, translate() and translateStreaming() from the worker’s own prompt', async () => {
    const from = f.provider.requests.length;
    const out = await run(async () => {
      const { Translator } = globalThis as W;
      const t = await Translator.create({ sourceLanguage: 'EN', targetLanguage: 'de' });
      const streamed: string[] = [];
      for await (const d of t.translateStreaming('Good morning') as AsyncIterable<string>) streamed.push(d);
      return {
        availability: await Translator.availability({ sourceLanguage: 'en', targetLanguage: 'ja' }),
        attributes: [t.sourceLanguage, t.targetLanguage, t.inputQuota > 0, (await t.measureInputUsage('Hello')) > 0],
        text: await t.translate('Hello, world!'),
        streamed,
        streaming: typeof t.translateStreaming,
      };
    });
    expect(out).toEqual({
      availability: 'available',
      attributes: ['en', 'de', true, true],
      text: 'Hallo, Welt!',
      streamed: ['Guten Morgen'],
      streaming: 'function',
    });
    const sent = sentSince(from).at(-1)!;
    expect(sent.messages[0]).toMatchObject({
      role: 'system',
      content: expect.stringMatching(/^You translate text from English \(BCP 47 "en"\) to German \(BCP 47 "de"\)/),
    });
    expect(sent.messages[1]).toEqual({ role: 'user', content: 'Hello, world!' });
    expect(sent.response_format).toBeUndefined();
  });

  it('Translator: a malformed tag is a RangeError and a missing language a TypeError, from create() and availability()', async () => {
    const out = await run(async () => {
      const { Translator } = globalThis as W;
      return [
        await settle(Translator.create({ sourceLanguage: 'en', targetLanguage: 'not a tag' })),
        await settle(Translator.availability({ sourceLanguage: 'en' })),
      ];
    });
    expect(out.map((o) => o.error)).toEqual(['RangeError', 'TypeError']);
  });

  it('LanguageDetector: ranked results with canonical tags, und last taking the rest, confidences summing to at most 1', async () => {
    const from = f.provider.requests.length;
    const out = await run(async () => {
      const { LanguageDetector } = globalThis as W;
      const d = await LanguageDetector.create({ expectedInputLanguages: ['de', 'EN'] });
      return {
        results: await d.detect('Das ist nicht gut.'),
        expected: d.expectedInputLanguages,
        streaming: typeof d.detectStreaming,
      };
    });
    expect(out.results.map((r: { detectedLanguage: string }) => r.detectedLanguage)).toEqual(['de', 'nl', 'und']);
    expect(out.results[0].confidence).toBeCloseTo(0.85);
    const sum = out.results.reduce((a: number, r: { confidence: number }) => a + r.confidence, 0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-9);
    expect(out.results.at(-1).confidence).toBeCloseTo(0.05);
    expect(out.expected).toEqual(['de', 'en']);
    expect(out.streaming).toBe('undefined');
    // The worker asked for its own JSON Schema, through the provider's structured output.
    expect(sentSince(from).at(-1)!.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { schema: { required: ['languages'] } },
    });
  });

  it('Proofreader: exact UTF-16 indices into non-ASCII input, and neither types nor explanations unless asked', async () => {
    const input = '😀 Café is grate, naïve i met teh frend .';
    const out = await run(async (text) => {
      const { Proofreader } = globalThis as W;
      const bare = await Proofreader.create();
      const full = await Proofreader.create({
        includeCorrectionTypes: true,
        includeCorrectionExplanations: true,
        correctionExplanationLanguage: 'en',
      });
      return {
        attributes: [
          bare.includeCorrectionTypes,
          bare.includeCorrectionExplanations,
          bare.expectedInputLanguages,
          bare.correctionExplanationLanguage,
          full.correctionExplanationLanguage,
        ],
        bare: await bare.proofread(text),
        full: await full.proofread(text),
      };
    }, input);
    expect(out.attributes).toEqual([false, false, null, null, 'en']);
    expect(out.bare.correctedInput).toBe('😀 Café is great, naïve I met the friend.');
    const spans = out.bare.corrections.map((c: any) => [input.slice(c.startIndex, c.endIndex), c.correction]);
    expect(spans).toEqual([
      ['grate', 'great'],
      ['i', 'I'],
      ['teh', 'the'],
      ['frend ', 'friend'],
    ]);
    expect(out.bare.corrections[0]).toEqual({ startIndex: 11, endIndex: 16, correction: 'great' });
    expect(out.full.corrections.map((c: any) => c.types)).toEqual([
      ['spelling'],
      ['capitalization'],
      ['spelling'],
      ['spelling'],
    ]);
    expect(out.full.corrections.every((c: any) => typeof c.explanation === 'string' && c.explanation.length > 0)).toBe(
      true,
    );
  });

  it('empty input resolves with the specs’ empty results, without a model call', async () => {
    const before = f.provider.requests.length;
    const out = await run(async () => {
      const { Translator, LanguageDetector, Proofreader } = globalThis as W;
      return [
        await (await Translator.create({ sourceLanguage: 'en', targetLanguage: 'de' })).translate(''),
        await (await LanguageDetector.create()).detect(''),
        await (await Proofreader.create()).proofread(''),
      ];
    });
    expect(out).toEqual(['', [{ detectedLanguage: 'und', confidence: 1 }], { correctedInput: '', corrections: [] }]);
    expect(f.provider.requests.length).toBe(before);
  });

  it('a malformed model reply is an UnknownError that says so', async () => {
    f.provider.script({ deltas: ['{"languages": "English"}'] });
    onTestFinished(() => f.provider.script((body) => languageTaskReply(body)));
    const out = await run(async () =>
      settle((await (globalThis as W).LanguageDetector.create()).detect('Hello there')),
    );
    expect(out).toMatchObject({
      error: 'UnknownError',
      dom: true,
      message: expect.stringMatching(/reply could not be used.*languages/),
    });
  });

  it('abort and destroy: a signal aborts a call in flight, destroy() stops calls and refuses new ones', async () => {
    f.provider.script((body) => ({ ...languageTaskReply(body), firstDelayMs: 1_500 }));
    onTestFinished(() => f.provider.script((body) => languageTaskReply(body)));
    const out = await run(async () => {
      const { Translator, Proofreader } = globalThis as W;
      const t = await Translator.create({ sourceLanguage: 'en', targetLanguage: 'de' });
      const p = await Proofreader.create();
      const controller = new AbortController();
      const aborted = settle(p.proofread('teh end', { signal: controller.signal }));
      const pending = settle(t.translate('Hello, world!'));
      await new Promise((r) => setTimeout(r, 200));
      controller.abort();
      t.destroy();
      return { aborted: await aborted, pending: await pending, after: await settle(t.translate('again')) };
    });
    expect(out.aborted).toMatchObject({ error: 'AbortError' });
    expect(out.pending).toMatchObject({ error: 'AbortError', dom: true });
    expect(out.after).toMatchObject({ error: 'AbortError' });
  });

  it('each call’s usage row names the API that made it', async () => {
    await run(async () => {
      const { Translator, LanguageDetector, Proofreader } = globalThis as W;
      await (await Translator.create({ sourceLanguage: 'en', targetLanguage: 'de' })).translate('Hello, world!');
      await (await LanguageDetector.create()).detect('Bonjour, le monde');
      await (await Proofreader.create()).proofread('teh cat');
    });
    const rows = (await readLedger(f.browser)).usage as Array<{ api?: string; outcome: string; origin: string }>;
    expect(rows.slice(-3).map((r) => [r.api, r.outcome, r.origin])).toEqual([
      ['Translator', 'ok', f.site.origin],
      ['LanguageDetector', 'ok', f.site.origin],
      ['Proofreader', 'ok', f.site.origin],
    ]);
    // The usage page shows it on each request.
    const usage = await f.browser.openExtensionPage('options.html#usage');
    onTestFinished(() => usage.close());
    await usage.waitForText(`[data-testid=usage-sites] tr[data-origin="${f.site.origin}"]`, /\$/);
    await usage.click(`[data-testid=usage-sites] tr[data-origin="${f.site.origin}"] button.link`);
    await usage.waitForText('[data-testid=usage-history]', /gpt-4o-mini/);
    const shown = await usage.evaluate(
      () =>
        [...document.querySelectorAll('[data-testid=usage-history] [data-testid=row-api]')]
          .slice(0, 3)
          .map((e) => e.textContent),
      undefined,
    );
    expect(shown).toEqual(['Proofreader', 'LanguageDetector', 'Translator']);
  });

  it('a spending limit stops them before the provider, and the refusal’s row names the API', async () => {
    await setLimitsThroughOptions(f.browser, { perRequestUsd: '0.0000001' });
    onTestFinished(() => setLimitsThroughOptions(f.browser, { perRequestUsd: '' }));
    const before = f.provider.requests.length;
    const out = await run(async () => settle((await (globalThis as W).Proofreader.create()).proofread('teh cat')));
    expect(out).toMatchObject({ error: 'NotAllowedError', message: expect.stringContaining('per-request') });
    expect(f.provider.requests.length).toBe(before);
    const row = (await readLedger(f.browser)).usage.at(-1) as { api?: string; outcome: string };
    expect(row).toMatchObject({ api: 'Proofreader', outcome: 'over-budget' });
  });

  it('the demo pages translate, detect and proofread, as a site would', async () => {
    const demo = await startPageServer(demoRoutes());
    onTestFinished(() => demo.close());
    await setSiteAccessThroughPopup(f.browser, demo.origin, 'allow-always');
    const page = await f.browser.newPage();
    onTestFinished(() => page.close());
    const results: string[] = [];
    for (const path of ['translator.html', 'language-detector.html', 'proofreader.html']) {
      await page.goto(`${demo.origin}/${path}`);
      await page.click('#ask');
      results.push(await page.waitForText('#output[data-state=done]', /\S/));
    }
    expect(results[0]).toBe('Hallo, Welt!');
    expect(results[1]).toMatch(/^de \(German\): 85\.0%nl \(Dutch\): 10\.0%und \(undetermined\): 5\.0%$/);
    expect(results[2]).toBe('😀 Café is grategreat, naïve iI met tehthe frend friend.');
    expect(await page.waitForText('#corrections', /spelling/)).toContain('Wrong word');
  });

  it('a site the user blocked gets NotAllowedError, and "unavailable" from availability()', async () => {
    await setSiteAccessThroughPopup(f.browser, f.site.origin, 'deny');
    onTestFinished(() => setSiteAccessThroughPopup(f.browser, f.site.origin, 'allow-always'));
    const before = f.provider.requests.length;
    const out = await run(async () => {
      const { Translator, LanguageDetector, Proofreader } = globalThis as W;
      return [
        await settle(Translator.create({ sourceLanguage: 'en', targetLanguage: 'de' })),
        await settle(LanguageDetector.create()),
        await settle(Proofreader.create()),
        await settle(Proofreader.availability()),
      ];
    });
    expect(out.map((o) => o.error ?? o.value)).toEqual([
      'NotAllowedError',
      'NotAllowedError',
      'NotAllowedError',
      'unavailable',
    ]);
    expect(f.provider.requests.length).toBe(before);
  });
});
