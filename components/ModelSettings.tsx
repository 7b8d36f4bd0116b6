import type { UiState } from '@/lib/messages';
import { sendMessage } from '@/lib/messages';
import { FallbackChain } from './FallbackChain';
import { ModelSelect } from './ModelSelect';
import { InputsEditor } from './InputsEditor';
import { PriceEditor } from './PriceEditor';
import { WindowEditor } from './WindowEditor';
import { useCatalog } from './use-catalog';
import { readsText } from '@/lib/catalog/catalog';
import { uiText } from './i18n';

interface Props {
  state: UiState;
  apply(change: () => Promise<UiState>): Promise<boolean>;
}

/** The options page's model section: the default, its fallbacks, prices, and each model's window and what it reads. */
export function ModelSettings({ state, apply }: Props) {
  const { catalog } = useCatalog(
    JSON.stringify([
      state.settings.providers,
      state.settings.priceOverrides,
      state.settings.modelInputs,
      state.settings.modelWindows,
    ]),
  );
  // The extension's own engines read text only, so there is nothing to say of them.
  const ownEngines = new Set(state.settings.providers.filter(readsText).map((p) => p.id));
  const readers = catalog?.entries.filter((e) => !ownEngines.has(e.providerId)) ?? [];
  return (
    <>
      <ModelSelect settings={state.settings} onChange={(id) => void apply(() => sendMessage('setDefaultModel', id))} />
      <h2>{uiText('fallbackModels')}</h2>
      <FallbackChain state={state} entries={catalog?.entries ?? []} apply={apply} />
      <h2>{uiText('prices')}</h2>
      {catalog && (
        <PriceEditor
          entries={catalog.entries}
          initialModel={state.settings.defaultModel}
          bundledAsOf={catalog.bundledAsOf}
          apply={apply}
        />
      )}
      {readers.length > 0 && (
        <>
          <h2>{uiText('contextWindow')}</h2>
          <WindowEditor entries={readers} initialModel={state.settings.defaultModel} apply={apply} />
        </>
      )}
      {readers.length > 0 && (
        <>
          <h2>{uiText('imagesAndAudio')}</h2>
          <InputsEditor entries={readers} initialModel={state.settings.defaultModel} apply={apply} />
        </>
      )}
    </>
  );
}
