import { uiText } from './i18n';
import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage } from '@/lib/messages';
import type { SyncView } from '@/lib/settings-sync/service';
import { ErrorNote } from './ErrorNote';
import { useWorkerView } from './use-ui-state';

/**
 * The choice to carry the non-secret settings to the user's other browsers through the
 * browser's own sync, with what went wrong lately: a value another browser sent that failed
 * the settings' checks, or an item over sync's quota. (The settings it brings are followed by
 * useUiState, which every page's view of the settings comes from.)
 */
export function SettingsSync() {
  const { view, error, apply } = useWorkerView<SyncView>(() => sendMessage('getSettingsSync', undefined));

  // Changes arrive from other browsers at any time: follow them while the page is open.
  useEffect(() => {
    const follow = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'local') return;
      if ('settingsSyncIssues' in changes) void apply(() => sendMessage('getSettingsSync', undefined));
    };
    browser.storage.onChanged.addListener(follow);
    return () => browser.storage.onChanged.removeListener(follow);
  }, [apply]);

  if (!view) return <ErrorNote error={error} />;
  return (
    <div className="card" data-testid="settings-sync">
      <label className="row">
        <input
          type="checkbox"
          name="settingsSync"
          checked={view.enabled}
          onChange={(e) => void apply(() => sendMessage('setSettingsSync', e.target.checked))}
        />
        {uiText('syncToggle')}
      </label>
      <p className="hint">{uiText('syncHint')}</p>
      <ErrorNote error={error} />
      {view.issues.length > 0 && (
        <div className="sync-issues" role="status">
          <ul data-testid="sync-issues">
            {view.issues.map((issue) => (
              <li key={`${issue.at}-${issue.key}`}>
                <code>{issue.key}</code>: {issue.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void apply(() => sendMessage('clearSyncIssues', undefined))}>
            {uiText('dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
