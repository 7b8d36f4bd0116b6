import { t } from '@/components/i18n';
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
    if (dailyBudgetUsd !== null && !(dailyBudgetUsd > 0)) return setError(t('consentBudgetInvalid'));
    try {
      await sendMessage('decideConsent', { id: requestId, decision, allowModelChoice, dailyBudgetUsd });
      window.close();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (request === undefined) return <main className="consent"><p className="muted">{t('loading')}</p><ErrorNote error={error} /></main>;
  if (request === null) {
    return (
      <main className="consent">
        <p>{t('consentGone')}</p>
        <button type="button" onClick={() => window.close()}>{t('close')}</button>
      </main>
    );
  }
  return (
    <main className="consent" data-testid="consent">
      <h1>{t('consentTitle')}</h1>
      <SiteIdentity origin={request.origin} title={request.tabTitle} favIconUrl={request.favIconUrl} />
      <div className="card">
        {request.price?.source === 'on-device' ? (
          <p>
            {t('consentRunsOnDeviceBefore')}
            <strong data-testid="consent-model">{request.model}</strong>
            {t('consentRunsOnDeviceAfter')}
          </p>
        ) : (
          <p>
            {t('consentRunsBilledBefore')}
            <strong data-testid="consent-model">{request.model}</strong>
            {t('consentRunsBilledAfter')}
          </p>
        )}
        {request.download && (
          <p data-testid="consent-download">
            {request.download.bytes
              ? t('consentDownloadSized', request.download.host, formatBytes(request.download.bytes))
              : t('consentDownload', request.download.host)}
          </p>
        )}
        {request.fallbacks.length > 0 && (
          <p data-testid="consent-fallbacks">
            {t('consentFallbacks')}
            <strong>{request.fallbacks.join(t('consentFallbackJoin'))}</strong>.
          </p>
        )}
        <p data-testid="consent-price">
          {t('consentPrice')}
          <strong>{formatPrice(request.price)}</strong>
        </p>
        {request.waitingCalls > 1 && <p className="muted">{t('consentWaiting', request.waitingCalls)}</p>}
        <label>
          {t('consentBudget')} <small>{t('optional')}</small>
          <input name="dailyBudget" inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} placeholder={t('noLimit')} />
        </label>
        <label className="row">
          <input type="checkbox" checked={allowModelChoice} onChange={(e) => setAllowModelChoice(e.target.checked)} />
          {t('consentModelChoice')}
        </label>
      </div>
      <ErrorNote error={error} />
      <div className="row decisions">
        <button type="button" data-decision="deny" onClick={() => void answer('deny')}>{t('consentDeny')}</button>
        <button type="button" data-decision="allow-once" onClick={() => void answer('allow-once')}>{t('consentAllowOnce')}</button>
        <button type="submit" data-decision="allow-always" onClick={() => void answer('allow-always')}>{t('consentAllowAlways')}</button>
      </div>
      <p className="muted">{t('consentFootnote')}</p>
    </main>
  );
}
