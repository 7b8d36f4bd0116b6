import { describe, expect, it } from 'vitest';
import { saveCatalogCache } from '@/lib/catalog/cache';
import { readApiKey } from '@/lib/settings/secrets';
import {
  connectOpenRouter,
  removeProvider,
  saveProvider,
  setDefaultModel,
  setFallbackModels,
  setModelInputs,
  setModelWindow,
  setPriceOverride,
} from '@/lib/ui-service/settings';
import { learn, loadLessons } from '@/lib/catalog/learned';
import { loadSettings } from '@/lib/settings/store';

const ollama = {
  id: 'ollama',
  kind: 'ollama' as const,
  label: 'Ollama',
  baseURL: 'http://localhost:11434',
  models: ['llama3.2'],
};
const router = {
  id: 'openrouter',
  kind: 'openrouter' as const,
  label: 'OpenRouter',
  baseURL: 'https://openrouter.ai/api/v1',
  models: ['openai/gpt-4o-mini'],
};

describe('the settings service behind the setup and picker', () => {
  it('makes the first saved model the default, and keeps a default that is still served when another provider is saved', async () => {
    expect((await saveProvider(ollama)).settings.defaultModel).toBe('ollama/llama3.2');
    await saveCatalogCache({
      openrouter: {
        fetchedAt: 1,
        checkedAt: 1,
        baseURL: router.baseURL,
        models: [{ id: 'anthropic/claude-sonnet-4' }],
      },
    });
    await saveProvider(router);
    await setDefaultModel('openrouter/anthropic/claude-sonnet-4');
    // Saving Ollama again (an edit) keeps its place and does not reset a default from OpenRouter's list.
    const state = await saveProvider({ ...ollama, models: ['qwen2.5'] });
    expect(state.settings.defaultModel).toBe('openrouter/anthropic/claude-sonnet-4');
    expect(state.settings.providers.map((p) => p.id)).toEqual(['ollama', 'openrouter']);
  });

  it('refuses a default or a fallback that no configured provider offers', async () => {
    await saveProvider(ollama);
    await expect(setDefaultModel('ollama/not-installed')).rejects.toThrow(/not a model of a configured provider/);
    await expect(setFallbackModels(['nobody/model'])).rejects.toThrow(/not a model of a configured provider/);
  });

  it('keeps the default out of its own fallback chain, in both directions', async () => {
    await saveProvider({ ...ollama, models: ['llama3.2', 'qwen2.5', 'phi4'] });
    await setFallbackModels(['ollama/qwen2.5', 'ollama/llama3.2', 'ollama/qwen2.5', 'ollama/phi4']);
    expect((await loadSettings()).fallbackModels).toEqual(['ollama/qwen2.5', 'ollama/phi4']);
    await setDefaultModel('ollama/qwen2.5');
    expect((await loadSettings()).fallbackModels).toEqual(['ollama/phi4']);
  });

  it('removing a provider takes its models out of the default and the fallback chain, and deletes its key', async () => {
    await saveProvider({ ...router, apiKey: 'sk-or-remove-me-0123456789' });
    await saveProvider(ollama);
    expect(await readApiKey('openrouter')).toBe('sk-or-remove-me-0123456789');
    await setDefaultModel('ollama/llama3.2');
    await setFallbackModels(['openrouter/openai/gpt-4o-mini']);
    const state = await removeProvider('openrouter');
    expect(state.settings.fallbackModels).toEqual([]);
    expect(state.settings.defaultModel).toBe('ollama/llama3.2');
    expect(await readApiKey('openrouter')).toBeUndefined();
  });

  it('stores a price override with its date, and forgets it', async () => {
    const before = Date.now();
    const state = await setPriceOverride({ modelId: 'ollama/llama3.2', price: { input: 1e-6, output: 2e-6 } });
    const override = state.settings.priceOverrides['ollama/llama3.2'];
    expect(override).toMatchObject({ input: 1e-6, output: 2e-6 });
    expect(override!.asOf).toBeGreaterThanOrEqual(before);
    expect((await setPriceOverride({ modelId: 'ollama/llama3.2', price: null })).settings.priceOverrides).toEqual({});
  });

  it('stores the user’s context window, which replaces what a refusal taught, and forgets it', async () => {
    await saveProvider(ollama);
    await learn('ollama/llama3.2', { window: 2_048, refuses: ['image'] }, 1);
    const state = await setModelWindow({ modelId: 'ollama/llama3.2', window: 32_768 });
    expect(state.settings.modelWindows).toEqual({ 'ollama/llama3.2': 32_768 });
    expect((await loadLessons())['ollama/llama3.2']).toEqual({ refuses: ['image'], at: 1 });
    await setModelInputs({ modelId: 'ollama/llama3.2', inputs: ['image'] });
    expect((await loadLessons())['ollama/llama3.2']).toEqual({ at: 1 });
    expect((await setModelWindow({ modelId: 'ollama/llama3.2', window: null })).settings.modelWindows).toEqual({});
    await expect(setModelWindow({ modelId: 'nobody/model', window: 4_096 })).rejects.toThrow(
      /not a model of a configured provider/,
    );
    await expect(setModelWindow({ modelId: 'ollama/llama3.2', window: 0 })).rejects.toThrow();
  });

  it('forgets what refusals taught of a provider’s models when it moves to another server or is removed', async () => {
    await saveProvider(ollama);
    await saveProvider(router);
    await learn('ollama/llama3.2', { window: 2_048 }, 1);
    await learn('openrouter/openai/gpt-4o-mini', { refuses: ['audio'] }, 2);
    await saveProvider({ ...ollama, models: ['llama3.2', 'phi4'] });
    expect(Object.keys(await loadLessons())).toEqual(['openrouter/openai/gpt-4o-mini', 'ollama/llama3.2']);
    await saveProvider({ ...ollama, baseURL: 'http://192.168.1.20:11434' });
    expect(Object.keys(await loadLessons())).toEqual(['openrouter/openai/gpt-4o-mini']);
    await removeProvider('openrouter');
    expect(await loadLessons()).toEqual({});
  });

  it('finishes Connect OpenRouter by storing the exchanged key with the provider', async () => {
    const realFetch = globalThis.fetch;
    const seen: Array<{ url: string; body: unknown }> = [];
    globalThis.fetch = (async (url: string, init?: RequestInit) => {
      seen.push({ url: String(url), body: JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify({ key: 'sk-or-v1-connected' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    try {
      const verifier = 'v'.repeat(43);
      const state = await connectOpenRouter({ code: 'code-9', verifier });
      expect(seen).toEqual([
        {
          url: 'https://openrouter.ai/api/v1/auth/keys',
          body: { code: 'code-9', code_verifier: verifier, code_challenge_method: 'S256' },
        },
      ]);
      expect(state.settings.providers).toEqual([
        {
          id: 'openrouter',
          kind: 'openrouter',
          label: 'OpenRouter',
          baseURL: 'https://openrouter.ai/api/v1',
          models: ['openai/gpt-4o-mini'],
        },
      ]);
      expect(state.providersWithKey).toContain('openrouter');
      expect(await readApiKey('openrouter')).toBe('sk-or-v1-connected');
      expect(state.settings.defaultModel).toBe('openrouter/openai/gpt-4o-mini');
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
