import { uiText } from '@/components/i18n';
import { useCallback } from 'react';
import { BudgetSettings } from '@/components/BudgetSettings';
import { ErrorNote } from '@/components/ErrorNote';
import { AddProvider } from '@/components/AddProvider';
import { ModelSettings } from '@/components/ModelSettings';
import { Setup } from '@/components/Setup';
import { ProviderList } from '@/components/ProviderList';
import { RecentUsage } from '@/components/RecentUsage';
import { SiteList } from '@/components/SiteList';
import { useUiState } from '@/components/use-ui-state';
import { TabBar, useHashTab } from '@/components/Tabs';
import { UsageView } from '@/components/usage/UsageView';
import { OnDeviceModels } from '@/components/OnDeviceModels';
import { NativeModelSetting } from '@/components/NativeModelSetting';
import { SettingsSync } from '@/components/SettingsSync';
import { readsText } from '@/lib/catalog/catalog';
import { sendMessage } from '@/lib/messages';

const TABS = [
  ['setup', 'tabSetup'],
  ['sites', 'tabSites'],
  ['limits', 'tabLimits'],
  ['usage', 'tabUsage'],
] as const;

export function OptionsApp() {
  const { state, error, apply } = useUiState();
  const [tab, setTab] = useHashTab(TABS.map(([id]) => id));
  const reread = useCallback(() => void apply(() => sendMessage('getState', undefined)), [apply]);
  // Once set up, the extension's own engines are managed in their own sections, not from "Add a provider".
  const ownEngines = state?.settings.providers.filter(readsText).map((p) => p.kind) ?? [];
  const hasOnDevice = ownEngines.includes('on-device');
  return (
    <main style={{ maxWidth: 720, margin: '0 auto', padding: 24 }}>
      <h1>{uiText('extName')}</h1>
      <p className="muted">{uiText('optionsIntro')}</p>
      <ErrorNote error={error} />
      <TabBar tabs={TABS.map(([id, label]) => [id, uiText(label)] as const)} current={tab} onChange={setTab} />
      {/* Usage needs no settings to start reading the ledger, so it does not wait for them. */}
      {tab === 'usage' && (
        <div role="tabpanel" id="panel-usage">
          <UsageView keepHistory={state?.settings.keepHistory ?? false} />
        </div>
      )}
      {state && (
        <>
          {/* Inactive tabs stay mounted but hidden, so their state survives a switch; Usage loads on demand. */}
          <div role="tabpanel" id="panel-setup" hidden={tab !== 'setup'}>
            {state.settings.providers.length > 0 ? (
              <>
                <h2>{uiText('defaultModel')}</h2>
                <ModelSettings state={state} apply={apply} />
              </>
            ) : (
              <Setup apply={apply} />
            )}
            {state.settings.providers.length > 0 && (
              <>
                <h2>{uiText('providers')}</h2>
                <ProviderList state={state} onSave={apply} onRemove={(id) => void apply(() => sendMessage('removeProvider', id))} />
                {hasOnDevice && (
                  <>
                    <h2>{uiText('onDeviceModels')}</h2>
                    <OnDeviceModels onReady={() => void apply(() => sendMessage('getState', undefined))} />
                  </>
                )}
                <h2>{uiText('addProvider')}</h2>
                <AddProvider onSave={apply} without={ownEngines} />
              </>
            )}
            <h2>{uiText('otherBrowsers')}</h2>
            <SettingsSync onSynced={reread} />
          </div>
          <div role="tabpanel" id="panel-limits" hidden={tab !== 'limits'}>
            <h2>{uiText('tabLimits')}</h2>
            <BudgetSettings settings={state.settings} onSaved={() => void apply(() => sendMessage('getState', undefined))} />
          </div>
          <div role="tabpanel" id="panel-sites" hidden={tab !== 'sites'}>
            <h2>{uiText('tabSites')}</h2>
            <SiteList />
            <h2>{uiText('recentRequests')}</h2>
            <RecentUsage />
            <h2>{uiText('browserOwnModel')}</h2>
            <NativeModelSetting state={state} apply={apply} />
          </div>
        </>
      )}
    </main>
  );
}
