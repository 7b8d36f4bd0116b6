import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { ErrorNote } from '@/components/ErrorNote';
import { uiText } from '@/components/i18n';
import { TabBar, useHashTab } from '@/components/Tabs';
import { useUiState } from '@/components/use-ui-state';
import { sendMessage } from '@/lib/messages';
import type { TabProps } from './SetupTab';

// Each tab's code loads apart, the opened tab's first, so the page a link opens (options.html#usage
// with its chart, or the setup forms) compiles its own code alone before it shows.
const named = <P,>(load: () => Promise<Record<string, ComponentType<P>>>, name: string) =>
  lazy(async () => ({ default: (await load())[name]! }));
const SetupTab = named<TabProps>(() => import('./SetupTab'), 'SetupTab');
const SitesTab = named<TabProps>(() => import('./SitesTab'), 'SitesTab');
const LimitsTab = named<TabProps>(() => import('./LimitsTab'), 'LimitsTab');
const UsageView = named<{ keepHistory: boolean }>(() => import('@/components/usage/UsageView'), 'UsageView');

const TABS = [
  ['setup', 'tabSetup'],
  ['sites', 'tabSites'],
  ['limits', 'tabLimits'],
  ['usage', 'tabUsage'],
] as const;
type Tab = (typeof TABS)[number][0];

export function OptionsApp() {
  const { state, error, apply } = useUiState();
  const [tab, setTab] = useHashTab(TABS.map(([id]) => id));
  const reread = useCallback(() => void apply(() => sendMessage('getState', undefined)), [apply]);
  // A tab opened once stays mounted, hidden, so its state survives a switch. The others follow
  // once the browser is idle after the first, so a switch later finds its tab ready.
  const opened = useRef(new Set<Tab>()).current;
  opened.add(tab);
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    const id = requestIdleCallback(() => setIdle(true), { timeout: 2_000 });
    return () => cancelIdleCallback(id);
  }, []);
  const panel = (id: Tab, content: ReactNode) =>
    (idle || opened.has(id)) && (
      <div role="tabpanel" id={`panel-${id}`} hidden={tab !== id}>
        <Suspense fallback={null}>{content}</Suspense>
      </div>
    );
  const props = state && { state, apply, reread };
  return (
    <main style={{ maxWidth: 720, margin: '0 auto', padding: 24 }}>
      <h1>{uiText('extName')}</h1>
      <p className="muted">{uiText('optionsIntro')}</p>
      <ErrorNote error={error} />
      <TabBar tabs={TABS.map(([id, label]) => [id, uiText(label)] as const)} current={tab} onChange={setTab} />
      {/* Usage needs no settings to start reading the ledger, so it does not wait for them. */}
      {panel('usage', <UsageView keepHistory={state?.settings.keepHistory ?? false} />)}
      {props && (
        <>
          {panel('setup', <SetupTab {...props} />)}
          {panel('limits', <LimitsTab {...props} />)}
          {panel('sites', <SitesTab {...props} />)}
        </>
      )}
    </main>
  );
}
