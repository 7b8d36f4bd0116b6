import { ErrorNote } from '@/components/ErrorNote';
import { ModelSelect } from '@/components/ModelSelect';
import { ProviderForm } from '@/components/ProviderForm';
import { ProviderList } from '@/components/ProviderList';
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
          <h2>Default model</h2>
          {state.settings.providers.length > 0 ? (
            <ModelSelect settings={state.settings} onChange={(id) => void apply(() => sendMessage('setDefaultModel', id))} />
          ) : (
            <p className="muted">Add a provider below to choose a model.</p>
          )}
          <h2>Providers</h2>
          <ProviderList state={state} onRemove={(id) => void apply(() => sendMessage('removeProvider', id))} />
          <h2>Add an OpenAI-compatible provider</h2>
          <p className="muted">
            OpenAI, OpenRouter, Groq, Together, or a local server: Ollama (http://localhost:11434/v1), LM Studio
            (http://localhost:1234/v1), llama.cpp (http://localhost:8080/v1).
          </p>
          <ProviderForm hasKey={false} onSave={apply} />
        </>
      )}
    </main>
  );
}
