import { describe, expect, it } from 'vitest';
import { migrateSettings } from '@/lib/settings/migrate';
import { loadSettings, saveSettings } from '@/lib/settings/store';

describe('settings migrations', () => {
  it('turns nothing stored (version 0) into current defaults', () => {
    expect(migrateSettings(undefined)).toEqual({ version: 1, providers: [], defaultModel: null, keepNativeLanguageModel: false });
  });

  it('refuses settings from a newer extension instead of dropping them', () => {
    expect(() => migrateSettings({ version: 99 })).toThrow(/newer than this extension/);
  });

  it('round-trips through storage.local', async () => {
    const saved = await saveSettings({ ...migrateSettings(undefined), defaultModel: 'local/llama3.2', providers: [{ id: 'local', kind: 'openai-compatible', label: 'Local', baseURL: 'http://127.0.0.1:11434/v1', models: ['llama3.2'] }] });
    expect(await loadSettings()).toEqual(saved);
  });
});
