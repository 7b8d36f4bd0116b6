import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage, type UiState } from '@/lib/messages';

const ALL_SITES = ['https://*/*', 'http://*/*'];

/** The browser ships its own LanguageModel (Chromium 148+); extension pages see it too. */
const browserHasOwnModel = () => 'LanguageModel' in globalThis;

/**
 * Whether pages get the browser's own built-in LanguageModel or this extension's. Ours stays at
 * window.ai.languageModel either way. Chromium applies the choice only on sites the extension may
 * access, so a second control asks for all sites, separately and only if the user wants it.
 */
export function NativeModelSetting({ state, apply }: { state: UiState; apply(change: () => Promise<UiState>): Promise<boolean> }) {
  const keep = state.settings.keepNativeLanguageModel;
  const [allSites, setAllSites] = useState<boolean | null>(null);
  useEffect(() => void browser.permissions.contains({ origins: ALL_SITES }).then(setAllSites), []);

  if (!browserHasOwnModel()) {
    return (
      <p className="muted" data-testid="native-model">
        This browser has no built-in <code>LanguageModel</code> of its own, so pages always get this extension’s.
      </p>
    );
  }
  const askAllSites = () => void browser.permissions.request({ origins: ALL_SITES }).then(setAllSites);
  return (
    <div data-testid="native-model">
      <label className="row">
        <input type="checkbox" name="keepNative" checked={keep} onChange={(e) => void apply(() => sendMessage('setKeepNativeLanguageModel', e.target.checked))} />
        Leave this browser’s built-in <code>LanguageModel</code> to pages
      </label>
      <p className="hint">
        Pages then use the browser’s own model as <code>LanguageModel</code>; this extension’s model stays available to them as{' '}
        <code>window.ai.languageModel</code>.
      </p>
      {keep && allSites === false && (
        <p className="hint">
          The browser applies this only on sites this extension may access: this computer’s own servers, and sites you allowed.{' '}
          <button type="button" onClick={askAllSites}>
            Allow on all sites
          </button>
        </p>
      )}
    </div>
  );
}
