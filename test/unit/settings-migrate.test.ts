import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrateSettings } from '@/lib/settings/migrate';
import { SETTINGS_VERSION, defaultSettings } from '@/lib/settings/schema';
import { loadSettings, saveSettings } from '@/lib/settings/store';

const fixtures = fileURLToPath(new URL('../fixtures/settings/', import.meta.url));
const fixture = (version: number) => JSON.parse(readFileSync(`${fixtures}v${version}.json`, 'utf8'));

describe('settings migrations', () => {
  it('keeps a fixture of every older version', () => {
    const versions = readdirSync(fixtures)
      .map((f) => Number(/^v(\d+)\.json$/.exec(f)?.[1]))
      .sort();
    expect(versions).toEqual(Array.from({ length: SETTINGS_VERSION - 1 }, (_, i) => i + 1));
  });

  it('turns nothing stored (version 0) into current defaults', () => {
    expect(migrateSettings(undefined)).toEqual(defaultSettings());
    expect(migrateSettings(undefined)).toMatchObject({
      version: 6,
      grantBudgetsMoved: false,
      providers: [],
      defaultModel: null,
      fallbackModels: [],
      priceOverrides: {},
      modelInputs: {},
      modelWindows: {},
      keepNativeLanguageModel: false,
      keepHistory: false,
    });
    expect(migrateSettings(undefined).budgets).toMatchObject({
      globalDayUsd: null,
      perRequestUsd: null,
      sites: {},
      exemptModels: [],
    });
  });

  it('lifts version 1 through 2, 3, 4 and 5 to 6: providers, default and choices kept, no fallback chain and no price overrides added', () => {
    const v1 = fixture(1);
    const migrated = migrateSettings(v1);
    expect(migrated.version).toBe(6);
    expect(migrated.providers).toEqual(v1.providers);
    expect(migrated.providers.every((p) => p.kind === 'openai-compatible')).toBe(true);
    expect(migrated.defaultModel).toBe('groq/llama-3.3-70b-versatile');
    expect(migrated.keepNativeLanguageModel).toBe(true);
    expect(migrated.fallbackModels).toEqual([]);
    expect(migrated.priceOverrides).toEqual({});
  });

  it('lifts version 2 to 3: everything kept, every spending limit off, history off', () => {
    const v2 = fixture(2);
    const migrated = migrateSettings(v2);
    const { version: _v, ...rest } = v2;
    expect(migrated).toMatchObject({ ...rest, version: 6, keepHistory: false });
    expect(
      Object.values(migrated.budgets).filter(
        (v) => typeof v === 'number' && v !== migrated.budgets.defaultMaxOutputTokens,
      ),
    ).toEqual([]);
    expect(migrated.budgets.defaultMaxOutputTokens).toBe(4096);
  });

  it('lifts version 3 to 4: limits, history and every choice kept, no model said to read images or audio', () => {
    const v3 = fixture(3);
    const migrated = migrateSettings(v3);
    expect(migrated).toEqual({ ...v3, version: 6, modelInputs: {}, grantBudgetsMoved: false, modelWindows: {} });
  });

  it('lifts version 4 to 5: everything kept, the daily budgets on grants still to be moved', () => {
    const v4 = fixture(4);
    expect(migrateSettings(v4)).toEqual({ ...v4, version: 6, grantBudgetsMoved: false, modelWindows: {} });
  });

  it('lifts version 5 to 6: everything kept, no context window said by the user', () => {
    const v5 = fixture(5);
    expect(migrateSettings(v5)).toEqual({ ...v5, version: 6, modelWindows: {} });
  });

  it('does not touch the stored object it migrates', () => {
    const v1 = fixture(1);
    const copy = structuredClone(v1);
    migrateSettings(v1);
    expect(v1).toEqual(copy);
  });

  it('refuses a damaged version 1 instead of guessing', () => {
    expect(() => migrateSettings({ ...fixture(1), providers: 'none' })).toThrow();
  });

  it('refuses settings from a newer extension instead of dropping them', () => {
    expect(() => migrateSettings({ version: 99 })).toThrow(/newer than this extension/);
  });

  it('migrates what storage.local holds on load, and round-trips the result', async () => {
    const { browser } = await import('wxt/browser');
    await browser.storage.local.set({ settings: fixture(1) });
    const loaded = await loadSettings();
    expect(loaded.version).toBe(6);
    const saved = await saveSettings({
      ...loaded,
      fallbackModels: ['ollama/llama3.2'],
      priceOverrides: { 'groq/llama-3.3-70b-versatile': { input: 5.9e-7, output: 7.9e-7, asOf: 1 } },
      modelInputs: { 'groq/llama-3.3-70b-versatile': ['image'] },
      modelWindows: { 'groq/llama-3.3-70b-versatile': 131_072 },
    });
    expect(await loadSettings()).toEqual(saved);
  });
});
