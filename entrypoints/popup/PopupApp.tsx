import { uiText } from '@/components/i18n';
import { browser } from 'wxt/browser';
import { ErrorNote } from '@/components/ErrorNote';
import { ModelSelect } from '@/components/ModelSelect';
import { SiteAccess } from '@/components/SiteAccess';
import { SiteSpend } from '@/components/SiteSpend';
import { useCurrentSite } from '@/components/use-site';
import { useUiState } from '@/components/use-ui-state';
import { sendMessage } from '@/lib/messages';

export function PopupApp() {
  const { state, error, apply } = useUiState();
  const current = useCurrentSite();
  const openOptions = () => void browser.runtime.openOptionsPage();
  return (
    <main style={{ width: 320, padding: 14, display: 'grid', gap: 12 }}>
      <h1>{uiText('extName')}</h1>
      {state === null ? (
        <p className="muted">{uiText('loading')}</p>
      ) : state.settings.providers.length === 0 ? (
        <div className="card">
          <p>{uiText('popupNoModel')}</p>
          <button onClick={openOptions}>{uiText('popupSetUp')}</button>
        </div>
      ) : (
        <div className="card">
          <span className="picker-title">{uiText('defaultModel')}</span>
          <ModelSelect
            settings={state.settings}
            onChange={(id) => void apply(() => sendMessage('setDefaultModel', id))}
          />
          <small>{uiText('popupDefaultModelHint')}</small>
        </div>
      )}
      <SiteAccess {...current} />
      {current.site !== undefined && state !== null && state.settings.providers.length > 0 && (
        <SiteSpend origin={current.site?.origin ?? null} />
      )}
      <ErrorNote error={error} />
      <p className="row">
        <button type="button" onClick={openOptions}>
          {uiText('popupOpenOptions')}
        </button>
      </p>
    </main>
  );
}
