import { ErrorNote } from './ErrorNote';
import { GrantSelect } from './GrantSelect';
import { SiteIdentity } from './SiteIdentity';
import type { useCurrentSite } from './use-site';

/** The popup's section for the site in the current tab: its grant, to change or revoke. */
export function SiteAccess({ site, error, setGrant }: ReturnType<typeof useCurrentSite>) {
  if (site === undefined) return null;
  if (site === null) return <p className="muted">This tab is not a website that can use your model.</p>;
  return (
    <section className="card" data-testid="site-access">
      <SiteIdentity origin={site.origin} />
      <label>
        Access to your model
        <GrantSelect value={site.grant} onChange={(grant) => void setGrant(grant)} />
      </label>
      {site.muted && <small>Refused several times in a row: this site may not ask again for a minute.</small>}
      {site.grant === 'allow-always' && (
        <button type="button" data-testid="revoke" onClick={() => void setGrant('deny')}>
          Revoke access
        </button>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
