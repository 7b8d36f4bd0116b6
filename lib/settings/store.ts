import { browser } from 'wxt/browser';
import { Settings } from './schema';
import { migrateSettings } from './migrate';
import { memoRead } from './memo';

const KEY = 'settings';

/** Non-secret settings. Keys never live here: content scripts can read storage.local. */
export function loadSettings(): Promise<Settings> {
  return memoRead(KEY, async () => migrateSettings((await browser.storage.local.get(KEY))[KEY]));
}

/** Validates the whole object before writing, so a bad edit never replaces good settings. */
export async function saveSettings(next: Settings): Promise<Settings> {
  const valid = Settings.parse(next);
  await browser.storage.local.set({ [KEY]: valid });
  return valid;
}

export async function updateSettings(edit: (current: Settings) => Settings): Promise<Settings> {
  return saveSettings(edit(await loadSettings()));
}
