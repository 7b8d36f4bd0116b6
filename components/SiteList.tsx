import { useEffect, useState } from 'react';
import { sendMessage } from '@/lib/messages';
import type { GrantChoice, SiteState } from '@/lib/permissions/site-state';
import { ErrorNote } from './ErrorNote';
import { GrantSelect } from './GrantSelect';
import { uiText } from './i18n';

const when = (at: number | null) => (at ? new Date(at).toLocaleString() : uiText('never'));

/** Every site the user has decided about, with its grant, last use and a revoke button. */
export function SiteList() {
  const [sites, setSites] = useState<SiteState[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = () => sendMessage('listSites', undefined).then(setSites, (e: Error) => setError(e.message));
  useEffect(() => void reload(), []);

  const change = async (origin: string, grant: GrantChoice) => {
    try {
      await sendMessage('setSiteGrant', { origin, grant });
      await reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (sites === null) return <ErrorNote error={error} />;
  if (sites.length === 0) return <p className="muted">{uiText('sitesNone')}</p>;
  return (
    <>
      <table data-testid="site-list">
        <thead>
          <tr>
            <th>{uiText('site')}</th>
            <th>{uiText('access')}</th>
            <th>{uiText('lastUsed')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sites.map((site) => (
            <tr key={site.origin} data-origin={site.origin}>
              <td>{site.origin}</td>
              <td>
                <GrantSelect value={site.grant} onChange={(grant) => void change(site.origin, grant)} />
              </td>
              <td>{when(site.lastUsedAt)}</td>
              <td>
                {site.grant !== 'deny' && (
                  <button
                    type="button"
                    onClick={() => void change(site.origin, 'deny')}
                    aria-label={uiText('revokeNamed', site.origin)}
                  >
                    {uiText('revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNote error={error} />
    </>
  );
}
