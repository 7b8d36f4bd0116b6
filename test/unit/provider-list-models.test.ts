import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listModels } from '@/lib/ui-service/list-models';
import { testConnection } from '@/lib/ui-service/test-connection';
import { writeApiKey } from '@/lib/settings/secrets';
import { startAnthropicTestServer, type AnthropicTestServer } from '../servers/anthropic';
import { startGeminiTestServer, type GeminiTestServer } from '../servers/gemini';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';

const KEY = 'sk-list-SECRET-0123456789abcdef';

describe('model lists and connection tests for the setup form', () => {
  let anthropic: AnthropicTestServer;
  let gemini: GeminiTestServer;
  let openai: OpenAITestServer;
  let ollama: OpenAITestServer;
  let allowOrigins = false;

  beforeAll(async () => {
    anthropic = await startAnthropicTestServer({
      apiKey: KEY,
      models: ['claude-sonnet-4-20250514', 'claude-3-5-haiku-latest'],
    });
    gemini = await startGeminiTestServer({ apiKey: KEY, models: ['gemini-2.5-flash'] });
    openai = await startOpenAITestServer({
      apiKey: KEY,
      models: ['gpt-4o-mini', 'text-embedding-3-small', 'tts-1', 'o4-mini'],
    });
    ollama = await startOpenAITestServer({ models: ['llama3.2:latest'], ollama: { allowOrigin: () => allowOrigins } });
  });
  afterAll(async () => {
    await Promise.all([anthropic.close(), gemini.close(), openai.close(), ollama.close()]);
  });

  const input = (kind: 'anthropic' | 'google' | 'openai' | 'ollama', baseURL: string, apiKey?: string) => ({
    id: `${kind}-x`,
    kind,
    label: kind,
    baseURL,
    models: [],
    ...(apiKey && { apiKey }),
  });

  it('lists Anthropic’s models with their display names, sending its required headers', async () => {
    const result = await listModels(input('anthropic', anthropic.url, KEY));
    expect(result).toEqual({
      ok: true,
      models: [
        { id: 'claude-sonnet-4-20250514', name: 'claude sonnet 4 20250514' },
        { id: 'claude-3-5-haiku-latest', name: 'claude 3 5 haiku latest' },
      ],
    });
    const headers = anthropic.requests.at(-1)!.headers;
    expect(headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(headers['anthropic-version']).toBe('2023-06-01');
  });

  it('lists Gemini’s models with their context windows, the key in a header and not the URL', async () => {
    const result = await listModels(input('google', gemini.url, KEY));
    expect(result).toEqual({
      ok: true,
      models: [{ id: 'gemini-2.5-flash', name: 'gemini 2.5 flash', contextWindow: 1_048_576 }],
    });
    expect(gemini.contractErrors).toEqual([]);
  });

  it('keeps only OpenAI’s chat models', async () => {
    const result = await listModels(input('openai', openai.url, KEY));
    expect(result.ok && result.models.map((m) => m.id)).toEqual(['gpt-4o-mini', 'o4-mini']);
  });

  it('uses the stored key when the form leaves the key empty', async () => {
    await writeApiKey('anthropic-x', KEY);
    expect((await listModels(input('anthropic', anthropic.url))).ok).toBe(true);
  });

  it('explains OLLAMA_ORIGINS in plain words when Ollama answers 403 to the extension', async () => {
    // Node's fetch sends no Origin; a browser extension's does, so send one as the browser would.
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((url: string, init?: RequestInit) =>
      realFetch(url, {
        ...init,
        headers: { ...(init?.headers as object), origin: 'chrome-extension://abcdefghijklmnop' },
      })) as typeof fetch;
    try {
      const listed = await listModels(input('ollama', ollama.origin));
      expect(listed.ok).toBe(false);
      expect(!listed.ok && listed.error).toMatch(/403/);
      expect(!listed.ok && listed.error).toMatch(
        /OLLAMA_ORIGINS=chrome-extension:\/\/\*,moz-extension:\/\/\* ollama serve/,
      );
      const tested = await testConnection({ provider: input('ollama', ollama.origin), model: 'llama3.2:latest' });
      expect(tested.ok).toBe(false);
      expect(!tested.ok && tested.error).toMatch(/OLLAMA_ORIGINS/);
      allowOrigins = true;
      expect(await listModels(input('ollama', `${ollama.origin}/v1/`))).toEqual({
        ok: true,
        models: [{ id: 'llama3.2:latest', inputs: [] }],
      });
      expect(
        await testConnection({ provider: input('ollama', ollama.origin), model: 'llama3.2:latest' }),
      ).toMatchObject({ ok: true, reply: 'Hello world' });
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('says plainly when a key is wrong, without the key', async () => {
    const result = await listModels(input('anthropic', anthropic.url, 'sk-list-WRONG-0123456789abcdef'));
    expect(result).toEqual({ ok: false, error: 'The provider answered 401: invalid x-api-key' });
    const tested = await testConnection({
      provider: input('google', gemini.url, 'sk-list-WRONG-0123456789abcdef'),
      model: 'gemini-2.5-flash',
    });
    expect(tested).toEqual({
      ok: false,
      error: 'The provider answered 400: API key not valid. Please pass a valid API key.',
    });
  });

  it('tests each family with one real call', async () => {
    for (const [kind, url] of [
      ['anthropic', anthropic.url],
      ['google', gemini.url],
      ['openai', openai.url],
    ] as const) {
      const model =
        kind === 'anthropic' ? 'claude-3-5-haiku-latest' : kind === 'google' ? 'gemini-2.5-flash' : 'gpt-4o-mini';
      const result = await testConnection({ provider: input(kind, url, KEY), model });
      expect(result, kind).toMatchObject({ ok: true, reply: 'Hello world' });
    }
  });
});
