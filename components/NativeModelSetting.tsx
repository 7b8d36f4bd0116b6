import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage, type UiState } from '@/lib/messages';
import { uiText, uiTextWith } from './i18n';

const ALL_SITES = ['https://*/*', 'http://*/*'];

/** The browser ships its own LanguageModel (Chromium 148+); extension pages see it too. */
const browserHasOwnModel = () => 'LanguageModel' in globalThis;

/**
 * Whether pages get the browser's own built-in LanguageModel or this extension's. Ours stays at
 * window.ai.languageModel either way. Chromium applies the choice only on sites the extension may
 * access, so a second control asks for all sites, separately and only if the user wants it.
 */
export function NativeModelSetting({
  state,
  apply,
}: {
  state: UiState;
  apply(change: () => Promise<UiState>): Promise<boolean>;
}) {
  const keep = state.settings.keepNativeLanguageModel;
  const [allSites, setAllSites] = useState<boolean | null>(null);
  useEffect(() => void browser.permissions.contains({ origins: ALL_SITES }).then(setAllSites), []);

  if (!browserHasOwnModel()) {
    return (
      <p className="muted" data-testid="native-model">
        {uiTextWith('nativeNone', <code>LanguageModel</code>)}
      </p>
    );
  }
  const askAllSites = () => void browser.permissions.request({ origins: ALL_SITES }).then(setAllSites);
  return (
    <div data-testid="native-model">
      <label className="row">
        <input
          type="checkbox"
          name="keepNative"
          checked={keep}
          onChange={(e) => void apply(() => sendMessage('setKeepNativeLanguageModel', e.target.checked))}
        />
        {uiTextWith('nativeKeep', <code>LanguageModel</code>)}
      </label>
      <p className="hint">
        {uiTextWith('nativeKeepHint', <code>LanguageModel</code>, <code>window.ai.languageModel</code>)}
      </p>
      {keep && allSites === false && (
        <p className="hint">
          {uiText('nativeAllSitesHint')}{' '}
          <button type="button" onClick={askAllSites}>
            {uiText('nativeAllowAllSites')}
          </button>
        </p>
      )}
    </div>
  );
}
