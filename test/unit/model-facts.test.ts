import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshCatalog } from '@/lib/ui-service/catalog-refresh';
import { buildCatalog, entryFrom, type Price } from '@/lib/catalog/catalog';
import { bundledWindow } from '@/lib/catalog/bundled-prices';
import { learn, loadLessons } from '@/lib/catalog/learned';
import { formatInputsFact, formatWindowFact } from '@/components/catalog-text';
import { refusalKind } from '@/lib/providers/refusal-kind';
import { shownFacts } from '@/lib/providers/ollama';
import { runCall } from '@/lib/gateway/pipeline';
import type { PromptCall } from '@/lib/protocol/call';
import type { ReplyMessage } from '@/lib/protocol/wire';
import { defaultSettings, type Settings } from '@/lib/settings/schema';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';
import { startOpenRouterTestServer } from '../servers/openrouter';
import { allowedSiteDeps } from './ledger-test-deps';

const readApiKey = async () => undefined;
const caller = { origin: 'https://app.example', tabId: 1, frameId: 0, tabTitle: 'App', favIconUrl: null };

describe('what is known of a model: its window and inputs, and where each came from', () => {
  let ollama: OpenAITestServer;
  let lmStudio: OpenAITestServer;
  let plain: OpenAITestServer;
  let openRouter: OpenAITestServer;

  beforeAll(async () => {
    ollama = await startOpenAITestServer({
      models: ['llama3.2:latest', 'llava:7b'],
      ollama: {
        allowOrigin: () => true,
        capabilities: { 'llava:7b': ['completion', 'vision'] },
        contextLength: { 'llama3.2:latest': 131_072, 'llava:7b': 4_096 },
      },
    });
    lmStudio = await startOpenAITestServer({
      models: ['qwen2-vl-7b-instruct', 'llama-3.2-3b-instruct'],
      lmStudio: {
        'qwen2-vl-7b-instruct': { type: 'vlm', max_context_length: 32_768 },
        'llama-3.2-3b-instruct': { type: 'llm', max_context_length: 131_072, loaded_context_length: 4_096 },
      },
    });
    plain = await startOpenAITestServer({ models: ['gpt-4o-mini', 'mystery-model'] });
    openRouter = await startOpenRouterTestServer('k', [
      {
        id: 'openai/gpt-4o-mini',
        name: 'OpenAI: GPT-4o-mini',
        context_length: 128_000,
        pricing: { prompt: '0.00000015', completion: '0.0000006' },
      },
    ]);
  });
  afterAll(async () => Promise.all([ollama, lmStudio, plain, openRouter].map((s) => s.close())));

  const settingsWith = (...providers: Settings['providers']): Settings => ({ ...defaultSettings(), providers });

  it('reads Ollama’s /api/show: the window from model_info["<arch>.context_length"], images from the "vision" capability', async () => {
    const settings = settingsWith({
      id: 'ollama',
      kind: 'ollama',
      label: 'Ollama',
      baseURL: ollama.origin,
      models: [],
    });
    const byId = new Map(
      buildCatalog(settings, await refreshCatalog(settings, { readApiKey, force: true })).map((e) => [e.id, e]),
    );
    expect(byId.get('ollama/llama3.2:latest')).toMatchObject({
      contextWindow: 131_072,
      contextSource: 'provider',
      inputs: [],
      inputsSource: 'provider',
    });
    expect(byId.get('ollama/llava:7b')).toMatchObject({
      contextWindow: 4_096,
      contextSource: 'provider',
      inputs: ['image'],
      inputsSource: 'provider',
    });
    // An architecture without its context_length says nothing of the window.
    expect(shownFacts({ model_info: { 'general.architecture': 'gemma3' }, capabilities: ['completion'] })).toEqual({
      inputs: [],
    });
    expect(shownFacts({})).toEqual({});
  });

  it('reads LM Studio’s /api/v0/models beside /v1: the loaded window before the largest, "vlm" reads images and "llm" text only', async () => {
    const settings = settingsWith({
      id: 'lms',
      kind: 'openai-compatible',
      label: 'LM Studio',
      baseURL: lmStudio.url,
      models: [],
    });
    const byId = new Map(
      buildCatalog(settings, await refreshCatalog(settings, { readApiKey, force: true })).map((e) => [e.id, e]),
    );
    expect(byId.get('lms/qwen2-vl-7b-instruct')).toMatchObject({
      contextWindow: 32_768,
      contextSource: 'provider',
      inputs: ['image'],
      inputsSource: 'provider',
    });
    expect(byId.get('lms/llama-3.2-3b-instruct')).toMatchObject({
      contextWindow: 4_096,
      contextSource: 'provider',
      inputs: [],
      inputsSource: 'provider',
    });
    expect(lmStudio.requests.some((r) => r.path === '/api/v0/models')).toBe(true);
  });

  it('knows a well-known model by its id on any provider: gpt-4o-mini behind a plain server and on OpenRouter; others stay unknown', async () => {
    const settings = settingsWith(
      { id: 'proxy', kind: 'openai-compatible', label: 'Proxy', baseURL: plain.url, models: [] },
      { id: 'openrouter', kind: 'openrouter', label: 'OpenRouter', baseURL: openRouter.url, models: [] },
    );
    const byId = new Map(
      buildCatalog(settings, await refreshCatalog(settings, { readApiKey: async () => 'k', force: true })).map((e) => [
        e.id,
        e,
      ]),
    );
    expect(byId.get('proxy/gpt-4o-mini')).toMatchObject({
      contextWindow: 128_000,
      contextSource: 'catalog',
      inputs: ['image'],
      inputsSource: 'catalog',
    });
    expect(byId.get('proxy/mystery-model')).toMatchObject({
      contextWindow: null,
      contextSource: null,
      inputs: null,
      inputsSource: null,
    });
    // OpenRouter's list gives the window; its id's vendor prefix is stripped for the family rule.
    expect(byId.get('openrouter/openai/gpt-4o-mini')).toMatchObject({
      contextWindow: 128_000,
      contextSource: 'provider',
      inputs: ['image'],
      inputsSource: 'catalog',
    });
    expect(bundledWindow('openai/gpt-4o-mini')).toBe(128_000);
    expect(bundledWindow('claude-3-5-haiku-latest')).toBe(200_000);
    expect(bundledWindow('gpt-4o-mini-2024-07-18')).toBeUndefined();
    expect(formatWindowFact(byId.get('proxy/mystery-model')!)).toMatch(/unknown/);
    expect(formatInputsFact(byId.get('proxy/mystery-model')!)).toBe(
      'Reads text; unknown whether it reads images or audio',
    );
  });

  it('ranks the user’s word over a lesson, a lesson over the provider’s list, the list over the catalog', async () => {
    const settings = settingsWith({
      id: 'proxy',
      kind: 'openai-compatible',
      label: 'Proxy',
      baseURL: plain.url,
      models: ['gpt-4o-mini', 'mystery-model'],
    });
    await learn('proxy/gpt-4o-mini', { window: 16_000, refuses: ['image'] }, 1);
    await learn('proxy/gpt-4o-mini', { window: 20_000 }, 2);
    await learn('proxy/mystery-model', { refuses: ['audio'] }, 3);
    const lessons = await loadLessons();
    expect(lessons['proxy/gpt-4o-mini']).toEqual({ window: 16_000, refuses: ['image'], at: 2 });
    expect(entryFrom('proxy/gpt-4o-mini', settings, {}, lessons)).toMatchObject({
      contextWindow: 16_000,
      contextSource: 'learned',
      inputs: [],
      inputsSource: 'learned',
    });
    expect(entryFrom('proxy/mystery-model', settings, {}, lessons)).toMatchObject({
      inputs: null,
      inputsSource: 'learned',
      refusedInputs: ['audio'],
    });
    const said = {
      ...settings,
      modelWindows: { 'proxy/gpt-4o-mini': 100_000 },
      modelInputs: { 'proxy/gpt-4o-mini': ['image' as const] },
    };
    expect(entryFrom('proxy/gpt-4o-mini', said, {}, lessons)).toMatchObject({
      contextWindow: 100_000,
      contextSource: 'you',
      inputs: ['image'],
      inputsSource: 'you',
    });
  });

  it('reads the providers’ own refusals: the window where they give it, the input they refuse', () => {
    const none = new Set<never>();
    const image = new Set(['image' as const]);
    expect(
      refusalKind(
        400,
        "The provider answered 400: This model's maximum context length is 8192 tokens. However, your messages resulted in 8539 tokens.",
        none,
      ),
    ).toEqual({ kind: 'context', window: 8192 });
    expect(refusalKind(400, 'prompt is too long: 208310 tokens > 200000 maximum', none)).toEqual({
      kind: 'context',
      window: 200_000,
    });
    expect(
      refusalKind(
        400,
        'input length and `max_tokens` exceed context limit: 199759 + 8192 > 200000, decrease input length',
        none,
      ),
    ).toEqual({ kind: 'context', window: 200_000 });
    expect(
      refusalKind(400, 'The input token count (1234567) exceeds the maximum number of tokens allowed (1048576).', none),
    ).toEqual({ kind: 'context', window: 1_048_576 });
    expect(refusalKind(400, 'the input length exceeds the context length', none)).toEqual({ kind: 'context' });
    expect(refusalKind(400, 'the request exceeds the available context size, try increasing it', none)).toEqual({
      kind: 'context',
    });
    expect(refusalKind(400, 'Invalid content type. image_url is only supported by certain models.', image)).toEqual({
      kind: 'input',
      input: 'image',
    });
    expect(refusalKind(400, 'this model does not support image input', image)).toEqual({
      kind: 'input',
      input: 'image',
    });
    expect(refusalKind(404, 'No endpoints found that support image input', image)).toEqual({
      kind: 'input',
      input: 'image',
    });
    // Not a 4xx the model's facts explain: a server's trouble, a key, a rate limit, or an unrelated 400.
    expect(refusalKind(500, 'maximum context length is 8192', none)).toBeNull();
    expect(refusalKind(429, 'too many tokens per minute', none)).toBeNull();
    expect(refusalKind(400, 'Invalid request body: temperature', none)).toBeNull();
    expect(refusalKind(400, 'image_url is only supported by certain models', none)).toBeNull();
  });
});

describe('a provider’s refusal, answered and remembered', () => {
  let server: OpenAITestServer;
  // Words, not one letter repeated, which a tokenizer packs into few tokens.
  const PROMPT = Array.from({ length: 6_000 }, (_, i) => `w${i}`).join(' ');
  beforeAll(async () => {
    server = await startOpenAITestServer({ models: ['m', 'txt'], contextLength: 4_096, textOnlyModels: ['txt'] });
  });
  afterAll(() => server.close());

  const settings = (model = 'm'): Settings => ({
    ...defaultSettings(),
    providers: [{ id: 'p', kind: 'openai-compatible', label: 'P', baseURL: server.url, models: [model] }],
    defaultModel: `p/${model}`,
  });
  async function call(request: PromptCall | { op: 'session' }, s: Settings, prices: Record<string, Price | null> = {}) {
    const sent: ReplyMessage[] = [];
    const rows: UsageRecord[] = [];
    await runCall(
      request as PromptCall,
      caller,
      (m) => sent.push(m),
      new AbortController().signal,
      allowedSiteDeps(s, rows, prices),
    );
    return sent.at(-1)!;
  }
  const chats = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

  it('sends a long prompt to a model whose window nobody knows, and gives the page an unbounded window', async () => {
    server.requests.length = 0;
    const session = await call({ op: 'session' }, settings());
    expect(session.type === 'done' && JSON.parse(session.value!).window).toBe(Infinity);
    const short = await call(
      {
        op: 'prompt',
        messages: [
          { role: 'system', content: 'x'.repeat(20_000) },
          { role: 'user', content: 'hi' },
        ],
      },
      settings(),
    );
    expect(short).toEqual({ type: 'done' });
    expect(chats()).toBe(1);
  });

  it('turns OpenAI’s context_length_exceeded into QuotaExceededError naming the model and the setting, then refuses the same prompt here', async () => {
    server.requests.length = 0;
    const long: PromptCall = {
      op: 'prompt',
      messages: [
        { role: 'system', content: PROMPT },
        { role: 'user', content: 'hi' },
      ],
    };
    const first = await call(long, settings());
    expect(first).toMatchObject({ type: 'error', error: { name: 'QuotaExceededError' } });
    const message = (first as { error: { message: string } }).error.message;
    expect(message).toContain('p/m holds 4096 tokens');
    expect(message).toContain('Context window, for p/m');
    expect(chats()).toBe(1);
    expect((await loadLessons())['p/m']).toMatchObject({ window: 4_096 });
    const second = await call(long, settings());
    expect(second).toMatchObject({
      type: 'error',
      error: {
        name: 'QuotaExceededError',
        message: expect.stringContaining('as the provider said when it refused a longer prompt'),
      },
    });
    expect(chats()).toBe(1);
    const session = await call({ op: 'session' }, settings());
    expect(session.type === 'done' && JSON.parse(session.value!).window).toBe(4_096);
    // The user's word wins: the call goes to the provider again.
    await call(long, { ...settings(), modelWindows: { 'p/m': 200_000 } });
    expect(chats()).toBe(2);
  });

  it('still holds an unknown window’s prompt on its own upper bound under a money limit: refused by the limit, not sent', async () => {
    server.requests.length = 0;
    const limited: Settings = { ...settings(), budgets: { ...defaultSettings().budgets, perRequestUsd: 0.01 } };
    const long: PromptCall = {
      op: 'prompt',
      messages: [
        { role: 'system', content: PROMPT.repeat(2) },
        { role: 'user', content: 'hi' },
      ],
    };
    expect(
      await call(long, limited, { 'p/m': { input: 1e-6, output: 1e-6, source: 'override', asOf: 1 } }),
    ).toMatchObject({
      type: 'error',
      error: { name: 'NotAllowedError', message: expect.stringContaining('would go over') },
    });
    expect(chats()).toBe(0);
  });

  it('sends an image to a model nobody said anything of; a text-only refusal becomes NotSupportedError and is remembered', async () => {
    server.requests.length = 0;
    const withImage: PromptCall = {
      op: 'prompt',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is it?' },
            { type: 'image', mediaType: 'image/jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0xd9]).toString('base64') },
          ],
        },
      ],
    };
    const first = await call(withImage, settings('txt'));
    expect(first).toMatchObject({
      type: 'error',
      error: { name: 'NotSupportedError', message: expect.stringContaining('p/txt does not read images') },
    });
    expect(chats()).toBe(1);
    const second = await call(withImage, settings('txt'));
    expect(second).toMatchObject({ type: 'error', error: { name: 'NotSupportedError' } });
    expect(chats()).toBe(1);
    expect(
      await call({ op: 'prompt', messages: [{ role: 'user', content: 'text still goes' }] }, settings('txt')),
    ).toEqual({ type: 'done' });
  });
});
