import { uiText } from '@/components/i18n';
import { AddProvider } from '@/components/AddProvider';
import { ModelSettings } from '@/components/ModelSettings';
import { OnDeviceModels } from '@/components/OnDeviceModels';
import { ProviderList } from '@/components/ProviderList';
import { SettingsSync } from '@/components/SettingsSync';
import { Setup } from '@/components/Setup';
import { readsText } from '@/lib/catalog/catalog';
import { sendMessage, type UiState } from '@/lib/messages';

export type TabProps = { state: UiState; apply(change: () => Promise<UiState>): Promise<boolean>; reread(): void };

/** The Setup tab: the default model, the providers and the engines, and sync with other browsers. */
export function SetupTab({ state, apply, reread }: TabProps) {
  // Once set up, the extension's own engines are managed in their own sections, not from "Add a provider".
  const ownEngines = state.settings.providers.filter(readsText).map((p) => p.kind);
  const configured = state.settings.providers.length > 0;
  return (
    <>
      {configured ? (
        <>
          <h2>{uiText('defaultModel')}</h2>
          <ModelSettings state={state} apply={apply} />
          <h2>{uiText('providers')}</h2>
          <ProviderList
            state={state}
            onSave={apply}
            onRemove={(id) => void apply(() => sendMessage('removeProvider', id))}
          />
          {ownEngines.includes('on-device') && (
            <>
              <h2>{uiText('onDeviceModels')}</h2>
              <OnDeviceModels onReady={reread} />
            </>
          )}
          <h2>{uiText('addProvider')}</h2>
          <AddProvider onSave={apply} without={ownEngines} />
        </>
      ) : (
        <Setup apply={apply} />
      )}
      <h2>{uiText('otherBrowsers')}</h2>
      <SettingsSync />
    </>
  );
}
