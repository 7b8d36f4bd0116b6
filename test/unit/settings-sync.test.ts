import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveProvider, setDefaultModel } from '@/lib/ui-service/settings';
import { loadSettings, updateSettings } from '@/lib/settings/store';
import { followSettingsSync, setSettingsSync, syncSettled, syncView } from '@/lib/settings-sync/service';

const KEY = 'sk-never-synced-0123456789';
const ollama = {
  id: 'ollama',
  kind: 'ollama' as const,
  label: 'Ollama',
  baseURL: 'http://localhost:11434',
  models: ['llama3.2', 'qwen2.5'],
};
const openai = {
  id: 'openai',
  kind: 'openai' as const,
  label: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  models: ['gpt-4o-mini'],
};

const synced = () => fakeBrowser.storage.sync.get(null);
/** Lets the storage events fire, then waits for the pushes and pulls they started. */
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await syncSettled();
  }
};

describe('settings that follow the user through storage.sync', () => {
  beforeEach(() => followSettingsSync());

  it('is off by default: local changes stay local and sync’s items change nothing', async () => {
    await saveProvider({ ...ollama, apiKey: KEY });
    await fakeBrowser.storage.sync.set({ defaultModel: 'ollama/qwen2.5' });
    await settle();
    expect((await syncView()).enabled).toBe(false);
    expect(Object.keys(await synced())).toEqual(['defaultModel']);
    expect((await loadSettings()).defaultModel).toBe('ollama/llama3.2');
  });

  it('writes providers without keys, the default model, the user’s windows and each budget as its own item; never a key', async () => {
    await setSettingsSync(true);
    await saveProvider({ ...openai, apiKey: KEY });
    await updateSettings((s) => ({
      ...s,
      budgets: { ...s.budgets, globalDayUsd: 2 },
      modelWindows: { 'openai/gpt-4o-mini': 64_000 },
    }));
    await settle();
    const items = await synced();
    expect(items['provider:openai']).toEqual(openai);
    expect(items.modelWindows).toEqual({ 'openai/gpt-4o-mini': 64_000 });
    expect(items.defaultModel).toBe('openai/gpt-4o-mini');
    expect(items['budgets.globalDayUsd']).toBe(2);
    expect(items['budgets.sites']).toEqual({});
    expect(JSON.stringify(items)).not.toContain(KEY);
    // Nothing that is no setting of the user's: versions, migration marks, the sync choice itself.
    expect(Object.keys(items).filter((k) => /version|grantBudgetsMoved|settingsSync|keepNative/.test(k))).toEqual([]);
  });

  it('applies another browser’s valid items and drops invalid ones with an issue, keeping the rest', async () => {
    await saveProvider(ollama);
    await setSettingsSync(true);
    await fakeBrowser.storage.sync.set({
      'budgets.globalDayUsd': -5,
      'budgets.globalMonthUsd': 30,
      'provider:openai': { ...openai, apiKey: 'sk-smuggled' },
      'provider:evil': { ...openai, id: 'other' },
      defaultModel: 'ollama/qwen2.5',
    });
    await settle();
    const settings = await loadSettings();
    expect(settings.budgets.globalMonthUsd).toBe(30);
    expect(settings.budgets.globalDayUsd).toBeNull();
    expect(settings.defaultModel).toBe('ollama/qwen2.5');
    expect(settings.providers.map((p) => p.id)).toEqual(['ollama']);
    const issues = (await syncView()).issues.map((i) => `${i.key}: ${i.message}`);
    expect(issues).toHaveLength(3);
    expect(issues.find((i) => i.startsWith('budgets.globalDayUsd'))).toMatch(/Dropped a synced value/);
    expect(issues.find((i) => i.startsWith('provider:openai'))).toMatch(/apiKey/);
    expect(issues.find((i) => i.startsWith('provider:evil'))).toMatch(/calls itself “other”/);
  });

  it('keeps both browsers’ changes when each changed a different field', async () => {
    await saveProvider(ollama);
    await setSettingsSync(true);
    await settle();
    // This browser changes the default model while the other sets a monthly limit.
    await Promise.all([
      setDefaultModel('ollama/qwen2.5'),
      fakeBrowser.storage.sync.set({ 'budgets.globalMonthUsd': 12 }),
    ]);
    await settle();
    const [settings, items] = [await loadSettings(), await synced()];
    expect(settings.defaultModel).toBe('ollama/qwen2.5');
    expect(settings.budgets.globalMonthUsd).toBe(12);
    expect(items.defaultModel).toBe('ollama/qwen2.5');
    expect(items['budgets.globalMonthUsd']).toBe(12);
  });

  it('removes a provider another browser removed, and this browser’s removals reach sync', async () => {
    await saveProvider(ollama);
    await saveProvider(openai);
    await setSettingsSync(true);
    await fakeBrowser.storage.sync.remove('provider:ollama');
    await settle();
    expect((await loadSettings()).providers.map((p) => p.id)).toEqual(['openai']);
    await updateSettings((s) => ({ ...s, providers: [], defaultModel: null }));
    await settle();
    expect(Object.keys(await synced()).filter((k) => k.startsWith('provider:'))).toEqual([]);
  });

  it('keeps an item over storage.sync’s 8,192 bytes on this browser, and says so', async () => {
    await setSettingsSync(true);
    const models = Array.from({ length: 250 }, (_, i) => `model-with-a-rather-long-name-number-${i}`);
    await saveProvider({ ...ollama, models });
    await settle();
    expect(await synced()).not.toHaveProperty('provider:ollama');
    const issue = (await syncView()).issues.find((i) => i.key === 'provider:ollama');
    expect(issue?.message).toMatch(/over storage\.sync’s 8,192 bytes per item/);
  });

  it('turning sync on takes what sync holds and adds what it lacks', async () => {
    await saveProvider(ollama);
    await fakeBrowser.storage.sync.set({ 'provider:openai': openai, keepHistory: true });
    await setSettingsSync(true);
    const settings = await loadSettings();
    expect(settings.providers.map((p) => p.id)).toEqual(['ollama', 'openai']);
    expect(settings.keepHistory).toBe(true);
    expect(await synced()).toHaveProperty('provider:ollama', ollama);
  });
});
