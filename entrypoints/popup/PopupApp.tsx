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
      <h1>Own Model</h1>
      {state === null ? (
        <p className="muted">Loading…</p>
      ) : state.settings.providers.length === 0 ? (
        <div className="card">
          <p>No model is set up yet. Add a provider and its key, or a local server such as Ollama.</p>
          <button onClick={openOptions}>Set up a model</button>
        </div>
      ) : (
        <div className="card">
          <span className="picker-title">Default model</span>
          <ModelSelect settings={state.settings} onChange={(id) => void apply(() => sendMessage('setDefaultModel', id))} />
          <small>Sites that use the AI API run on this model, with your key.</small>
        </div>
      )}
      <SiteAccess {...current} />
      {current.site !== undefined && state !== null && state.settings.providers.length > 0 && <SiteSpend origin={current.site?.origin ?? null} />}
      <ErrorNote error={error} />
      <p className="row">
        <button type="button" onClick={openOptions}>Providers and keys…</button>
      </p>
    </main>
  );
}
