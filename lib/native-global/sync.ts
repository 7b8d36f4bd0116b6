import { browser, type Browser } from 'wxt/browser';
import { loadSettings } from '../settings/store';

// The page script runs at document_start, before any storage can be read, so it cannot ask
// whether to keep the browser's own LanguageModel. Instead a second MAIN-world script, which
// puts the native global back, is registered only while the user keeps it. Both run before
// the page's first script, so no page ever sees the global change under it. Chromium runs a
// script registered this way only where the extension holds host permission, so whatever
// turns the setting on must also ask for the hosts (permissions.request, from a user gesture).

const ID = 'keep-native-language-model';
const SCRIPT = 'content-scripts/native-global.js';

export async function applyNativeChoice(
  keep: boolean,
  scripting: typeof browser.scripting = browser.scripting,
): Promise<void> {
  const registered = (await scripting.getRegisteredContentScripts({ ids: [ID] })).length > 0;
  if (keep && !registered) {
    await scripting.registerContentScripts([
      {
        id: ID,
        js: [SCRIPT],
        matches: ['http://*/*', 'https://*/*'],
        runAt: 'document_start',
        world: 'MAIN',
        allFrames: true,
        persistAcrossSessions: true,
      },
    ]);
  } else if (!keep && registered) {
    await scripting.unregisterContentScripts({ ids: [ID] });
  }
}

/** Applies the stored choice now, and again whenever the setting changes. */
export function syncNativeChoice(): void {
  const apply = (keep: unknown) => void applyNativeChoice(keep === true).catch(() => {});
  void loadSettings().then((settings) => apply(settings.keepNativeLanguageModel));
  browser.storage.onChanged.addListener((changes: Record<string, Browser.storage.StorageChange>, area: string) => {
    const change = area === 'local' ? changes.settings : undefined;
    const keep = (change?.newValue as { keepNativeLanguageModel?: boolean } | undefined)?.keepNativeLanguageModel;
    if (
      change &&
      keep !== (change.oldValue as { keepNativeLanguageModel?: boolean } | undefined)?.keepNativeLanguageModel
    )
      apply(keep);
  });
}
