import { defaultBudgets } from './budgets';
import { Settings, SETTINGS_VERSION } from './schema';

/**
 * Each entry lifts stored settings from version N to N+1. Version 0 is "nothing stored yet".
 * A new version adds one entry here and one fixture under test/fixtures/settings/.
 */
const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  0: () => ({ version: 1, providers: [], defaultModel: null, keepNativeLanguageModel: false }),
  // v2 brings more provider kinds, a fallback chain and price overrides. Every v1 provider was
  // an OpenAI-compatible one and keeps working as such, so its kind is left alone.
  1: (old) => ({ ...old, version: 2, fallbackModels: [], priceOverrides: {} }),
  // v3 brings spend limits, all off, and the history switch, off: nothing a user had changes.
  2: (old) => ({ ...old, version: 3, budgets: defaultBudgets(), keepHistory: false }),
  // v4 brings what the user says a model reads (images, audio): nothing said yet.
  3: (old) => ({ ...old, version: 4, modelInputs: {} }),
  // v5 gives a site's daily budget one home, budgets.sites: the worker moves the ones grants
  // still carry there at its next start (moveGrantBudgets), then says so here.
  4: (old) => ({ ...old, version: 5, grantBudgetsMoved: false }),
  // v6 brings the user's own context windows: none said yet, so the provider's lists tell.
  5: (old) => ({ ...old, version: 6, modelWindows: {} }),
};

function versionOf(stored: unknown): number {
  if (stored === undefined || stored === null) return 0;
  if (typeof stored !== 'object' || !('version' in stored)) return 0;
  const v = (stored as { version: unknown }).version;
  return typeof v === 'number' && Number.isInteger(v) ? v : 0;
}

/** Brings any stored settings up to the current version, or throws naming what is wrong. */
export function migrateSettings(stored: unknown): Settings {
  let version = versionOf(stored);
  if (version > SETTINGS_VERSION) {
    throw new Error(`settings are version ${version}, newer than this extension (${SETTINGS_VERSION})`);
  }
  let current = (version === 0 ? {} : stored) as Record<string, unknown>;
  while (version < SETTINGS_VERSION) {
    const step = migrations[version];
    if (!step) throw new Error(`no migration from settings version ${version}`);
    current = step(current);
    version += 1;
  }
  return Settings.parse(current);
}
