import { uiText, uiTextWith } from '@/components/i18n';
import { useEffect, useState } from 'react';
import { ErrorNote } from '@/components/ErrorNote';
import { SiteIdentity } from '@/components/SiteIdentity';
import { formatBytes } from '@/lib/on-device/catalog';
import { formatPrice } from '@/components/catalog-text';
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
    if (dailyBudgetUsd !== null && !(dailyBudgetUsd > 0)) return setError(uiText('consentBudgetInvalid'));
    try {
      await sendMessage('decideConsent', { id: requestId, decision, allowModelChoice, dailyBudgetUsd });
      window.close();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (request === undefined)
    return (
      <main className="consent">
        <p className="muted">{uiText('loading')}</p>
        <ErrorNote error={error} />
      </main>
    );
  if (request === null) {
    return (
      <main className="consent">
        <p>{uiText('consentGone')}</p>
        <button type="button" onClick={() => window.close()}>
          {uiText('close')}
        </button>
      </main>
    );
  }
  return (
    <main className="consent" data-testid="consent">
      <h1>{uiText('consentTitle')}</h1>
      <SiteIdentity origin={request.origin} title={request.tabTitle} favIconUrl={request.favIconUrl} />
      <div className="card">
        {request.price?.source === 'on-device' ? (
          <p>{uiTextWith('consentRunsOnDevice', <strong data-testid="consent-model">{request.model}</strong>)}</p>
        ) : (
          <p>{uiTextWith('consentRunsBilled', <strong data-testid="consent-model">{request.model}</strong>)}</p>
        )}
        {request.download && (
          <p data-testid="consent-download">
            {request.download.bytes
              ? uiText('consentDownloadSized', request.download.host, formatBytes(request.download.bytes))
              : uiText('consentDownload', request.download.host)}
          </p>
        )}
        {request.fallbacks.length > 0 && (
          <p data-testid="consent-fallbacks">
            {uiTextWith('consentFallbacks', <strong>{request.fallbacks.join(uiText('consentFallbackJoin'))}</strong>)}
          </p>
        )}
        <p data-testid="consent-price">{uiTextWith('consentPrice', <strong>{formatPrice(request.price)}</strong>)}</p>
        {request.waitingCalls > 1 && <p className="muted">{uiText('consentWaiting', request.waitingCalls)}</p>}
        <label>
          {uiText('consentBudget')} <small>{uiText('optional')}</small>
          <input
            name="dailyBudget"
            inputMode="decimal"
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            placeholder={uiText('noLimit')}
          />
        </label>
        <label className="row">
          <input type="checkbox" checked={allowModelChoice} onChange={(e) => setAllowModelChoice(e.target.checked)} />
          {uiText('consentModelChoice')}
        </label>
      </div>
      <ErrorNote error={error} />
      <div className="row decisions">
        <button type="button" data-decision="deny" onClick={() => void answer('deny')}>
          {uiText('consentDeny')}
        </button>
        <button type="button" data-decision="allow-once" onClick={() => void answer('allow-once')}>
          {uiText('consentAllowOnce')}
        </button>
        <button type="submit" data-decision="allow-always" onClick={() => void answer('allow-always')}>
          {uiText('consentAllowAlways')}
        </button>
      </div>
      <p className="muted">{uiText('consentFootnote')}</p>
    </main>
  );
}
