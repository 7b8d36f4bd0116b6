import { useEffect, useState } from 'react';
import { ErrorNote } from '@/components/ErrorNote';
import { SiteIdentity } from '@/components/SiteIdentity';
import { formatBytes } from '@/lib/on-device/catalog';
import { formatPrice } from '@/lib/catalog/format';
import { sendMessage } from '@/lib/messages';
import type { ConsentRequest } from '@/lib/permissions/consent-queue';
import type { ConsentAnswer } from '@/lib/permissions/site-state';

type Decision = ConsentAnswer['decision'];

export function ConsentApp({ requestId }: { requestId: string }) {
  const [request, setRequest] = useState<ConsentRequest | null | undefined>(undefined);
  const [budget, setBudget] = useState('');
  const [allowModelChoice, setAllowModelChoice] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    sendMessage('getConsentRequest', requestId).then(setRequest, (e: Error) => setError(e.message));
  }, [requestId]);

  const answer = async (decision: Decision) => {
    const dailyBudgetUsd = budget.trim() === '' ? null : Number(budget);
    if (dailyBudgetUsd !== null && !(dailyBudgetUsd > 0)) return setError('The daily budget must be a positive amount in US dollars, or empty.');
    try {
      await sendMessage('decideConsent', { id: requestId, decision, allowModelChoice, dailyBudgetUsd });
      window.close();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (request === undefined) return <main className="consent"><p className="muted">Loading…</p><ErrorNote error={error} /></main>;
  if (request === null) {
    return (
      <main className="consent">
        <p>This request has already been answered, or the page that made it has closed.</p>
        <button type="button" onClick={() => window.close()}>Close</button>
      </main>
    );
  }
  return (
    <main className="consent" data-testid="consent">
      <h1>A site asks to use your AI model</h1>
      <SiteIdentity origin={request.origin} title={request.tabTitle} favIconUrl={request.favIconUrl} />
      <div className="card">
        {request.price?.source === 'on-device' ? (
          <p>
            It will run on <strong data-testid="consent-model">{request.model}</strong>, inside this browser: what it sends
            never leaves this computer, and costs nothing.
          </p>
        ) : (
          <p>
            It will run on <strong data-testid="consent-model">{request.model}</strong> with your key, and what it sends
            is billed to your account with that provider.
          </p>
        )}
        {request.download && (
          <p data-testid="consent-download">
            First the model is downloaded from {request.download.host}
            {request.download.bytes ? `, about ${formatBytes(request.download.bytes)}` : ''}, and kept in this browser.
          </p>
        )}
        {request.fallbacks.length > 0 && (
          <p data-testid="consent-fallbacks">
            If it fails before answering, then: <strong>{request.fallbacks.join(', then ')}</strong>.
          </p>
        )}
        <p data-testid="consent-price">
          Price: <strong>{formatPrice(request.price)}</strong>
        </p>
        {request.waitingCalls > 1 && <p className="muted">{request.waitingCalls} requests from this site are waiting.</p>}
        <label>
          Daily budget for this site, in USD <small>(optional)</small>
          <input name="dailyBudget" inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} placeholder="No limit" />
        </label>
        <label className="row">
          <input type="checkbox" checked={allowModelChoice} onChange={(e) => setAllowModelChoice(e.target.checked)} />
          Let this site choose its own model
        </label>
      </div>
      <ErrorNote error={error} />
      <div className="row decisions">
        <button type="button" data-decision="deny" onClick={() => void answer('deny')}>Deny</button>
        <button type="button" data-decision="allow-once" onClick={() => void answer('allow-once')}>Allow once</button>
        <button type="submit" data-decision="allow-always" onClick={() => void answer('allow-always')}>Always allow</button>
      </div>
      <p className="muted">“Allow once” lasts until this tab closes or leaves the page. You can change this later from the toolbar button.</p>
    </main>
  );
}
