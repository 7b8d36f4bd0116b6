import { ErrorNote } from '@/components/ErrorNote';
import { AddProvider } from '@/components/AddProvider';
import { ModelSettings } from '@/components/ModelSettings';
import { Setup } from '@/components/Setup';
import { ProviderList } from '@/components/ProviderList';
import { RecentUsage } from '@/components/RecentUsage';
import { SiteList } from '@/components/SiteList';
import { useUiState } from '@/components/use-ui-state';
import { sendMessage } from '@/lib/messages';

export function OptionsApp() {
  const { state, error, apply } = useUiState();
  return (
    <main style={{ maxWidth: 720, margin: '0 auto', padding: 24 }}>
      <h1>Own Model</h1>
      <p className="muted">
        Websites that use the AI API run on the model you choose here, with your key. Keys stay in this browser and
        are sent only to their own provider.
      </p>
      <ErrorNote error={error} />
      {state && (
        <>
          {state.settings.providers.length > 0 ? (
            <>
              <h2>Default model</h2>
              <ModelSettings state={state} apply={apply} />
            </>
          ) : (
            <Setup apply={apply} />
          )}
          <h2>Sites</h2>
          <SiteList />
          <h2>Recent requests</h2>
          <RecentUsage />
          {state.settings.providers.length > 0 && (
            <>
              <h2>Providers</h2>
              <ProviderList state={state} onRemove={(id) => void apply(() => sendMessage('removeProvider', id))} />
              <h2>Add a provider</h2>
              <AddProvider onSave={apply} />
            </>
          )}
        </>
      )}
    </main>
  );
}
