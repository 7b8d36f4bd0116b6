import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Price } from '@/lib/catalog/catalog';
import type { Budgets } from '@/lib/settings/budgets';
import { admit, type BudgetDeps } from '@/lib/gateway/budget';
import type { Caller } from '@/lib/gateway/caller';
import type { ModelTarget } from '@/lib/gateway/resolve-model';
import { growReservation, reserve, type ReserveRequest } from '@/lib/ledger/reserve';
import { runCall } from '@/lib/gateway/pipeline';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import type { PromptCall } from '@/lib/protocol/call';
import type { ReplyMessage } from '@/lib/protocol/wire';
import { defaultSettings, type Settings } from '@/lib/settings/schema';
import { openReservations } from '@/lib/ledger/settle';
import { allowedSiteDeps, oneModelSettings, resetLedger } from './ledger-test-deps';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';

const caller: Caller = { origin: 'https://shop.example', tabId: 3, frameId: 0, tabTitle: 'Shop', favIconUrl: null };
const call: PromptCall = { op: 'prompt', messages: [{ role: 'user', content: 'Describe this product.' }] };
// $1 per 1,000 output tokens, $0.50 per 1,000 input tokens: round numbers to check costs by.
const PRICE: Price = { input: 0.0005, output: 0.001, source: 'override', asOf: 0 };

describe('budgets in the gateway', () => {
  let server: OpenAITestServer;
  let settings: Settings;
  let rows: UsageRecord[];
  let prices: Record<string, Price | null>;
  let mayChoose: boolean;

  beforeAll(async () => {
    server = await startOpenAITestServer({ models: ['m'] });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await resetLedger();
    settings = oneModelSettings(server.url);
    rows = [];
    prices = { 'p/m': PRICE, 'p/big': PRICE };
    mayChoose = false;
    server.requests.length = 0;
  });

  async function run(signal = new AbortController().signal, request: PromptCall = call): Promise<ReplyMessage[]> {
    const sent: ReplyMessage[] = [];
    const deps = allowedSiteDeps(settings, rows, prices, { mayChoose });
    await runCall(request, caller, (m) => sent.push(m), signal, deps);
    return sent;
  }

  it('costs a call at the provider’s reported tokens times the model’s price', async () => {
    server.script({ deltas: ['a', 'b', 'c'], usage: { prompt_tokens: 40, completion_tokens: 3 } });
    const sent = await run();
    expect(sent.at(-1)).toEqual({ type: 'done' });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cost).toBeCloseTo(40 * 0.0005 + 3 * 0.001, 12);
    expect(await openReservations()).toEqual([]);
  });

  it('sends the output cap the reservation was priced on', async () => {
    settings.budgets = { ...settings.budgets, defaultMaxOutputTokens: 300 };
    server.script({ deltas: ['ok'] });
    await run();
    expect(server.requests.at(-1)?.body).toMatchObject({ max_tokens: 300 });
  });

  it('ends the answer at the output cap when no money limit applies, as a length stop: the chunks within it, then done', async () => {
    settings.budgets = { ...settings.budgets, defaultMaxOutputTokens: 20 };
    server.script({ deltas: Array.from({ length: 400 }, (_, i) => `w${i} `), delayMs: 2 });
    const closed = server.nextClose(5_000);
    const sent = await run();
    expect(sent.filter((m) => m.type === 'chunk')).toHaveLength(20);
    expect(sent.at(-1)).toEqual({ type: 'done' });
    await closed;
    expect(rows[0]).toMatchObject({ outcome: 'ok' });
    expect(await openReservations()).toEqual([]);
  });

  it('stops a stream mid-way when it reaches the site’s daily budget, naming it, and records over-budget', async () => {
    // $0.10 a day: the input is held at 95 tokens (its bytes and a chat template's framing, the
    // model's family being unknown), about $0.048, leaving room for about 52 output tokens.
    settings.budgets = { ...settings.budgets, siteDayUsd: 0.1 };
    server.script({ deltas: Array.from({ length: 400 }, (_, i) => `w${i} `), delayMs: 2 });
    const closed = server.nextClose(5_000);
    const sent = await run();
    const chunks = sent.filter((m) => m.type === 'chunk');
    expect(chunks.length, JSON.stringify(sent.at(-1))).toBeGreaterThan(10);
    expect(chunks.length).toBeLessThan(60);
    expect(sent.at(-1)).toMatchObject({
      type: 'error',
      error: {
        name: 'NotAllowedError',
        code: 4290,
        message:
          'The answer was cut short: it reached the daily budget for https://shop.example of $0.10 (Options › Spending limits).',
      },
    });
    await expect(closed).resolves.toBeUndefined();
    expect(rows).toEqual([expect.objectContaining({ outcome: 'over-budget' })]);
    expect(rows[0]!.cost!).toBeLessThanOrEqual(0.1);
    expect(server.requests.at(-1)?.body).toMatchObject({ max_tokens: expect.any(Number) });
    expect((server.requests.at(-1)!.body as { max_tokens: number }).max_tokens).toBeLessThan(60);
  });

  it('refuses before the provider when the budget is already spent, naming the budget', async () => {
    settings.budgets = { ...settings.budgets, globalDayUsd: 0.004 };
    const sent = await run();
    expect(sent.at(-1)).toMatchObject({
      type: 'error',
      error: {
        name: 'NotAllowedError',
        code: 4290,
        message: expect.stringContaining('the daily budget for all sites'),
      },
    });
    expect(server.requests).toHaveLength(0);
    expect(rows).toEqual([expect.objectContaining({ outcome: 'over-budget', cost: null })]);
  });

  it('will not run a model of unknown price under a money limit, and says exactly what to do', async () => {
    prices = { 'p/m': null };
    settings.budgets = { ...settings.budgets, globalMonthUsd: 10 };
    const sent = await run();
    expect(sent.at(-1)).toMatchObject({
      type: 'error',
      error: {
        name: 'NotAllowedError',
        message:
          'p/m has no known price, so it cannot run under a spending limit. Set its price in the extension, or exempt it from budgets.',
      },
    });
    expect(server.requests).toHaveLength(0);
    settings.budgets = { ...settings.budgets, exemptModels: ['p/m'] };
    server.script({ deltas: ['exempt'] });
    expect((await run()).at(-1)).toEqual({ type: 'done' });
    expect(rows.at(-1)).toMatchObject({ outcome: 'ok', cost: null });
  });

  describe('images and audio', () => {
    const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]).toString('base64');
    const WAV = Buffer.from('RIFF\x24\0\0\0WAVE', 'latin1').toString('base64');
    const withMedia = (type: 'image' | 'audio'): PromptCall => ({
      op: 'prompt',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'This:' },
            type === 'image'
              ? { type, mediaType: 'image/jpeg', data: JPEG }
              : { type, mediaType: 'audio/wav', data: WAV },
          ],
        },
      ],
    });

    it('sends no audio under a money limit, whose price the extension cannot know, unless the model is exempt', async () => {
      settings.modelInputs = { 'p/m': ['audio'] };
      settings.budgets = { ...settings.budgets, globalMonthUsd: 10 };
      const sent = await run(undefined, withMedia('audio'));
      expect(sent.at(-1)).toMatchObject({
        type: 'error',
        error: {
          name: 'NotAllowedError',
          code: 4290,
          message: expect.stringContaining('p/m bills audio at prices the extension does not know'),
        },
      });
      expect(server.requests).toHaveLength(0);
      settings.budgets = { ...settings.budgets, exemptModels: ['p/m'] };
      server.script({ deltas: ['heard'] });
      expect((await run(undefined, withMedia('audio'))).at(-1)).toEqual({ type: 'done' });
      expect(server.requests).toHaveLength(1);
    });

    it('holds an image at the tokens the model bills: GPT-4o mini’s 37,000 refuse where another model’s 1,600 fit', async () => {
      settings.providers = [{ ...settings.providers[0]!, models: ['m', 'gpt-4o-mini'] }];
      settings.modelInputs = { 'p/m': ['image'], 'p/gpt-4o-mini': ['image'] };
      prices['p/gpt-4o-mini'] = PRICE;
      // $1 a request: 1,600 input tokens cost $0.80, which leaves room for an answer; 37,000 cost $18.50.
      settings.budgets = { ...settings.budgets, perRequestUsd: 1 };
      server.script({ deltas: ['a picture'] });
      expect((await run(undefined, withMedia('image'))).at(-1)).toEqual({ type: 'done' });
      settings.defaultModel = 'p/gpt-4o-mini';
      const sent = await run(undefined, withMedia('image'));
      expect(sent.at(-1)).toMatchObject({
        type: 'error',
        error: { name: 'NotAllowedError', message: expect.stringContaining('per-request maximum') },
      });
      expect(server.requests).toHaveLength(1);
    });
  });

  it('keeps prompt and answer only when history is on', async () => {
    server.script({ deltas: ['secret ', 'answer'] });
    await run();
    expect(rows[0]).not.toHaveProperty('prompt');
    expect(rows[0]).not.toHaveProperty('response');
    settings.keepHistory = true;
    await run();
    expect(rows[1]).toMatchObject({ prompt: 'Describe this product.', response: 'secret answer' });
  });
});

describe('a site that may choose its own model', () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer({ models: ['m', 'big'] });
  });
  afterAll(() => server.close());

  async function modelSent(mayChoose: boolean, model: string): Promise<unknown> {
    const settings: Settings = {
      ...defaultSettings(),
      providers: [{ id: 'p', kind: 'openai-compatible', label: 'P', baseURL: server.url, models: ['m', 'big'] }],
      defaultModel: 'p/m',
    };
    const deps = allowedSiteDeps(settings, [], {}, { mayChoose });
    server.script({ deltas: ['ok'] });
    await runCall({ ...call, model }, caller, () => {}, new AbortController().signal, deps);
    return (server.requests.at(-1)?.body as { model: string }).model;
  }

  it('gets the model it asks for only when the user allowed it, and only among the user’s models', async () => {
    expect(await modelSent(false, 'p/big')).toBe('m');
    expect(await modelSent(true, 'p/big')).toBe('big');
    expect(await modelSent(true, 'p/not-set-up')).toBe('m');
    expect(await modelSent(true, 'other/big')).toBe('m');
  });
});

// admit on its own, with a fallback chain whose models differ in price: every attempt must fit
// in what was held, so the hold is priced on the dearest price of the chain, input and output each.
describe('admit prices a fallback chain at its dearest model', () => {
  const provider = {
    id: 'p',
    kind: 'openai-compatible' as const,
    label: 'P',
    baseURL: 'http://127.0.0.1:9/v1',
    models: ['cheap', 'dear', 'wordy'],
  };
  const cheap: Price = { input: 0.000001, output: 0.000002, source: 'override', asOf: 0 };
  const dear: Price = { input: 0.00001, output: 0.00003, source: 'override', asOf: 0 };
  // Dear to read, cheap to write: the worst case takes each side from a different model.
  const wordy: Price = { input: 0.00002, output: 0.000001, source: 'override', asOf: 0 };
  const chainPrices: Record<string, Price> = { 'p/cheap': cheap, 'p/dear': dear, 'p/wordy': wordy };
  const target = (...models: string[]): ModelTarget => {
    const [first, ...rest] = models.map((m) => ({ modelId: `p/${m}`, model: m, provider }));
    return { ...first!, fallbacks: rest };
  };
  const thousand: PromptCall = { ...call, maxOutputTokens: 1_000 };

  beforeEach(resetLedger);

  function admitWith(request: PromptCall, chain: ModelTarget, budgets: Budgets) {
    const held: ReserveRequest[] = [];
    const deps: BudgetDeps = {
      catalog: { priceOf: async (id) => chainPrices[id] ?? null },
      reserve: (r) => {
        held.push(r);
        return reserve(r);
      },
      grow: growReservation,
      now: () => Date.now(),
    };
    return { held, admission: admit(request, caller, chain, budgets, deps) };
  }

  it('holds a cheap primary with a dear fallback at the fallback’s prices', async () => {
    const { held, admission } = admitWith(thousand, target('cheap', 'dear'), defaultSettings().budgets);
    const { inputTokens } = await admission;
    expect(held).toHaveLength(1);
    expect(held[0]!.inputUsd).toBeCloseTo(inputTokens * dear.input, 15);
    expect(held[0]!.outputUsdPerToken).toBe(dear.output);
  });

  it('takes the dearest input and the dearest output even from different models', async () => {
    const { held, admission } = admitWith(thousand, target('cheap', 'wordy', 'dear'), defaultSettings().budgets);
    const { inputTokens } = await admission;
    expect(held[0]!.inputUsd).toBeCloseTo(inputTokens * wordy.input, 15);
    expect(held[0]!.outputUsdPerToken).toBe(dear.output);
  });

  it('cuts the answer to what the dear fallback can afford under the per-request cap', async () => {
    // $0.01 buys 1,000 output tokens of the cheap model but only about 330 of the dear one.
    const budgets = { ...defaultSettings().budgets, perRequestUsd: 0.01 };
    const alone = await admitWith(thousand, target('cheap'), budgets).admission;
    expect(alone.maxOutputTokens).toBe(1_000);
    const chained = await admitWith(thousand, target('cheap', 'dear'), budgets).admission;
    expect(chained.maxOutputTokens).toBeLessThanOrEqual(
      Math.floor((0.01 - chained.inputTokens * dear.input) / dear.output),
    );
    expect(chained.maxOutputTokens).toBeGreaterThan(300);
    expect(chained.limitedBy).toMatch(/per-request/);
  });

  it('refuses a call the cheap model could afford but the dear fallback could not', async () => {
    // $0.0004 buys about 190 tokens of the cheap model's answer, fewer than 16 of the dear one's.
    const budgets = { ...defaultSettings().budgets, perRequestUsd: 0.0004 };
    await expect(admitWith(thousand, target('cheap'), budgets).admission).resolves.toMatchObject({
      limitedBy: expect.stringMatching(/per-request/),
    });
    await expect(admitWith(thousand, target('cheap', 'dear'), budgets).admission).rejects.toMatchObject({
      pageName: 'NotAllowedError',
      message: expect.stringContaining('per-request maximum'),
    });
  });
});
