import { uiText } from '@/components/i18n';
import { NativeModelSetting } from '@/components/NativeModelSetting';
import { RecentUsage } from '@/components/RecentUsage';
import { SiteList } from '@/components/SiteList';
import type { TabProps } from './SetupTab';

/** The Sites tab: each site's access, the recent requests, and the browser's own model. */
export function SitesTab({ state, apply }: TabProps) {
  return (
    <>
      <h2>{uiText('tabSites')}</h2>
      <SiteList />
      <h2>{uiText('recentRequests')}</h2>
      <RecentUsage />
      <h2>{uiText('browserOwnModel')}</h2>
      <NativeModelSetting state={state} apply={apply} />
    </>
  );
}
