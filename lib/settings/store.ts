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

// Edits run one after another: two at once (a page's change and one from sync) would each
// read the same settings and the later write would drop the earlier change.
let editing: Promise<unknown> = Promise.resolve();

export function updateSettings(edit: (current: Settings) => Settings): Promise<Settings> {
  const next = editing.then(async () => {
    const current = await loadSettings();
    const edited = edit(current);
    // An edit that changed nothing writes nothing, so no change event goes out for it.
    return edited === current ? current : saveSettings(edited);
  });
  editing = next.catch(() => {});
  return next;
}
