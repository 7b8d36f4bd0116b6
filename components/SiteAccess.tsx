import { uiText } from './i18n';
import { ErrorNote } from './ErrorNote';
import { GrantSelect } from './GrantSelect';
import { SiteIdentity } from './SiteIdentity';
import type { useCurrentSite } from './use-site';

/** The popup's section for the site in the current tab: its grant, to change or revoke. */
export function SiteAccess({ site, error, setGrant }: ReturnType<typeof useCurrentSite>) {
  if (site === undefined) return null;
  if (site === null) return <p className="muted">{uiText('siteNotWebsite')}</p>;
  return (
    <section className="card" data-testid="site-access">
      <SiteIdentity origin={site.origin} />
      <label>
        {uiText('siteAccessLabel')}
        <GrantSelect value={site.grant} onChange={(grant) => void setGrant(grant)} />
      </label>
      {site.muted && <small>{uiText('siteMuted')}</small>}
      {site.grant === 'allow-always' && (
        <button type="button" data-testid="revoke" onClick={() => void setGrant('deny')}>
          {uiText('siteRevoke')}
        </button>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
