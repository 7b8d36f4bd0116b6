import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_AS_OF } from '@/lib/catalog/bundled-prices';
import { loadCatalogCache, saveCatalogCache } from '@/lib/catalog/cache';
import { buildCatalog, priceFrom, priceOf } from '@/lib/catalog/catalog';
import { familyInputs } from '@/lib/catalog/inputs';
import { MAX_AGE_MS, refreshCatalog } from '@/lib/ui-service/catalog-refresh';
import { defaultSettings, type Settings } from '@/lib/settings/schema';
import { saveSettings } from '@/lib/settings/store';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';
import { SONNET_ON_OPENROUTER, startOpenRouterTestServer } from '../servers/openrouter';

const KEY = 'sk-or-catalog-0123456789abcdef';
const readApiKey = async () => KEY;

describe('the model catalog', () => {
  let openRouter: OpenAITestServer;
  let ollama: OpenAITestServer;
  let settings: Settings;

  beforeAll(async () => {
    openRouter = await startOpenRouterTestServer(KEY, [
      SONNET_ON_OPENROUTER,
      // OpenRouter quotes "-1" where the price depends on the routed model.
      {
        id: 'openrouter/auto',
        name: 'Auto Router',
        context_length: 2_000_000,
        pricing: { prompt: '-1', completion: '-1' },
      },
    ]);
    ollama = await startOpenAITestServer({
      models: ['llama3.2:latest', 'qwen2.5:7b', 'llava:7b'],
      ollama: { allowOrigin: () => true, capabilities: { 'llava:7b': ['completion', 'vision'] } },
    });
  });
  afterAll(async () => {
    await openRouter.close();
    await ollama.close();
  });
  beforeEach(() => {
    openRouter.requests.length = 0;
    settings = {
      ...defaultSettings(),
      providers: [
        {
          id: 'openrouter',
          kind: 'openrouter',
          label: 'OpenRouter',
          baseURL: openRouter.url,
          models: ['anthropic/claude-sonnet-4'],
        },
        { id: 'ollama', kind: 'ollama', label: 'Ollama', baseURL: ollama.origin, models: [] },
        {
          id: 'openai',
          kind: 'openai',
          label: 'OpenAI',
          baseURL: 'https://api.openai.com/v1',
          models: ['gpt-4o-mini', 'my-fine-tune'],
        },
        {
          id: 'groq',
          kind: 'openai-compatible',
          label: 'Groq',
          baseURL: 'https://api.groq.com/openai/v1',
          models: ['llama-3.3-70b'],
        },
      ],
    };
  });

  it('joins OpenRouter’s live prices, Ollama’s installed models and the bundled table into one list', async () => {
    const cache = await refreshCatalog(settings, { readApiKey, now: 1_000_000 });
    const byId = new Map(buildCatalog(settings, cache).map((e) => [e.id, e]));

    expect(byId.get('openrouter/anthropic/claude-sonnet-4')).toEqual({
      id: 'openrouter/anthropic/claude-sonnet-4',
      providerId: 'openrouter',
      providerLabel: 'OpenRouter',
      model: 'anthropic/claude-sonnet-4',
      name: 'Anthropic: Claude Sonnet 4',
      contextWindow: 200_000,
      contextSource: 'provider',
      price: { input: 0.000003, output: 0.000015, source: 'openrouter', asOf: 1_000_000 },
      inputs: ['image'],
      inputsSource: 'provider',
      refusedInputs: [],
    });
    expect(byId.get('openrouter/openrouter/auto')?.price).toBeNull();
    expect(byId.get('ollama/llama3.2:latest')?.price).toMatchObject({ input: 0, output: 0, source: 'local' });
    expect(byId.get('ollama/qwen2.5:7b')).toBeDefined();
    expect(byId.get('openai/gpt-4o-mini')).toMatchObject({
      contextWindow: 128_000,
      price: { input: 0.15e-6, output: 0.6e-6, source: 'bundled', asOf: Date.parse(BUNDLED_AS_OF) },
    });
    // Not in any table: unknown, never free.
    expect(byId.get('openai/my-fine-tune')?.price).toBeNull();
    expect(byId.get('groq/llama-3.3-70b')?.price).toBeNull();
    expect(openRouter.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('knows what each model reads besides text: OpenRouter’s modalities, Ollama’s capabilities, a family’s rule by id for any provider, else unknown; the user’s word wins', async () => {
    const cache = await refreshCatalog(settings, { readApiKey, now: 1 });
    const inputs = (s: Settings) => Object.fromEntries(buildCatalog(s, cache).map((e) => [e.id, e.inputs]));
    expect(inputs(settings)).toMatchObject({
      'openrouter/anthropic/claude-sonnet-4': ['image'],
      'openrouter/openrouter/auto': null,
      'ollama/llava:7b': ['image'],
      'ollama/llama3.2:latest': [],
      'openai/gpt-4o-mini': ['image'],
      'openai/my-fine-tune': null,
      'groq/llama-3.3-70b': null,
    });
    const said = {
      ...settings,
      modelInputs: { 'groq/llama-3.3-70b': ['image' as const, 'audio' as const], 'openai/gpt-4o-mini': [] },
    };
    expect(inputs(said)).toMatchObject({
      'groq/llama-3.3-70b': ['image', 'audio'],
      'openai/gpt-4o-mini': [],
      'ollama/llava:7b': ['image'],
    });
    expect(buildCatalog(said, cache).find((e) => e.id === 'openai/gpt-4o-mini')?.inputsSource).toBe('you');
    expect(familyInputs('gemini-2.5-flash')).toEqual(['image', 'audio']);
    expect(familyInputs('claude-3-5-haiku-latest')).toEqual(['image']);
    expect(familyInputs('gpt-4o-audio-preview')).toEqual(['audio']);
    expect(familyInputs('o3-mini')).toEqual([]);
    expect(familyInputs('gpt-3.5-turbo')).toBeNull();
  });

  it('leaves an Ollama model’s inputs unknown when the server tells no capabilities and no family rule names it', async () => {
    const old = await startOpenAITestServer({
      models: ['llava:7b'],
      ollama: { allowOrigin: () => true, capabilities: null },
    });
    try {
      const oldSettings = {
        ...settings,
        providers: [{ id: 'old', kind: 'ollama' as const, label: 'Ollama', baseURL: old.origin, models: [] }],
      };
      const cache = await refreshCatalog(oldSettings, { readApiKey, now: 1 });
      expect(cache.old?.models).toEqual([{ id: 'llava:7b' }]);
      expect(buildCatalog(oldSettings, cache)[0]).toMatchObject({ inputs: null, inputsSource: null });
    } finally {
      await old.close();
    }
  });

  it('prices an on-device model at $0 from the engine, with the window the engine gives it', () => {
    const onDevice = {
      ...defaultSettings(),
      providers: [
        {
          id: 'on-device',
          kind: 'on-device' as const,
          label: 'On-device',
          baseURL: 'https://huggingface.co',
          models: ['smollm2-360m-instruct-q8'],
        },
      ],
    };
    expect(buildCatalog(onDevice, {})).toEqual([
      expect.objectContaining({
        id: 'on-device/smollm2-360m-instruct-q8',
        contextWindow: 4096,
        price: { input: 0, output: 0, source: 'on-device', asOf: 0 },
      }),
    ]);
  });

  it('lets the user’s own price win over every other source, and forget it again', async () => {
    const cache = await refreshCatalog(settings, { readApiKey, now: 5 });
    settings.priceOverrides = { 'openrouter/anthropic/claude-sonnet-4': { input: 1e-6, output: 2e-6, asOf: 42 } };
    expect(priceFrom('openrouter/anthropic/claude-sonnet-4', settings, cache)).toEqual({
      input: 1e-6,
      output: 2e-6,
      source: 'override',
      asOf: 42,
    });
    settings.priceOverrides = { 'openai/my-fine-tune': { input: 3e-6, output: 4e-6, asOf: 7 } };
    expect(priceFrom('openai/my-fine-tune', settings, cache)?.source).toBe('override');
    expect(priceFrom('openrouter/anthropic/claude-sonnet-4', settings, cache)?.source).toBe('openrouter');
    expect(priceFrom('nobody/model', settings, cache)).toBeNull();
  });

  it('answers priceOf from stored settings and cache, for the budgets to ask', async () => {
    await saveSettings(settings);
    await refreshCatalog(settings, { readApiKey });
    expect(await priceOf('openrouter/anthropic/claude-sonnet-4')).toMatchObject({
      input: 0.000003,
      output: 0.000015,
      source: 'openrouter',
    });
    expect(await priceOf('openai/gpt-4o')).toMatchObject({ input: 2.5e-6, output: 10e-6, source: 'bundled' });
    expect(await priceOf('openai/my-fine-tune')).toBeNull();
  });

  it('fetches a list again only once it is older than the max age, unless forced', async () => {
    await refreshCatalog(settings, { readApiKey, now: 0 });
    const after = openRouter.requests.length;
    await refreshCatalog(settings, { readApiKey, now: MAX_AGE_MS - 1 });
    expect(openRouter.requests.length).toBe(after);
    await refreshCatalog(settings, { readApiKey, now: MAX_AGE_MS - 1, force: true });
    expect(openRouter.requests.length).toBe(after + 1);
    await refreshCatalog(settings, { readApiKey, now: 3 * MAX_AGE_MS });
    expect(openRouter.requests.length).toBe(after + 2);
  });

  it('works offline from its cache: a failed refresh keeps the old list and its date, and says why', async () => {
    await refreshCatalog(settings, { readApiKey, now: 10 });
    await ollama.close();
    const cache = await refreshCatalog(settings, { readApiKey, now: 10 + MAX_AGE_MS + 1 });
    expect(cache.ollama?.models.map((m) => m.id)).toEqual(['llama3.2:latest', 'qwen2.5:7b', 'llava:7b']);
    expect(cache.ollama?.fetchedAt).toBe(10);
    expect(cache.ollama?.error).toMatch(/provider call failed|Cannot connect/);
    expect(buildCatalog(settings, await loadCatalogCache()).some((e) => e.id === 'ollama/qwen2.5:7b')).toBe(true);
    ollama = await startOpenAITestServer({
      models: ['llama3.2:latest', 'qwen2.5:7b', 'llava:7b'],
      ollama: { allowOrigin: () => true, capabilities: { 'llava:7b': ['completion', 'vision'] } },
    });
  });

  // The settings still name the Ollama server the test before closed and restarted elsewhere;
  // a list fetch there can wait out its 10 s list timeout before it fails, as it would for a user.
  it('drops a cached list when its provider is removed or moves to another address', { timeout: 60_000 }, async () => {
    await refreshCatalog(settings, { readApiKey, now: 1 });
    const moved = { ...settings, providers: [{ ...settings.providers[0]!, baseURL: 'http://127.0.0.1:9/api/v1' }] };
    const cache = await refreshCatalog(moved, { readApiKey, now: 2 });
    expect(Object.keys(cache)).toEqual(['openrouter']);
    expect(cache.openrouter?.models).toEqual([]);
    expect(cache.openrouter?.error).toBeTruthy();
  });

  it('falls back to the bundled table for a direct provider whose list was never fetched', async () => {
    await saveCatalogCache({});
    const ids = buildCatalog(settings, {})
      .filter((e) => e.providerId === 'openai')
      .map((e) => e.model);
    expect(ids.slice(0, 2)).toEqual(['gpt-4o-mini', 'my-fine-tune']);
    expect(ids).toContain('gpt-4.1');
    expect(new Set(ids).size).toBe(ids.length);
  });
});
