import { uiText } from './i18n';
import { useEffect, useState, type FormEvent } from 'react';
import type { SpendView } from '@/lib/budgets/spend';
import { sendMessage } from '@/lib/messages';
import { ErrorNote } from './ErrorNote';
import { parseLimit } from './money';
import { SpendLine } from './SpendLine';

/** The popup's money section: this site today and this month, all sites today, and this site's limits. */
export function SiteSpend({ origin }: { origin: string | null }) {
  const [view, setView] = useState<SpendView | null>(null);
  const [editing, setEditing] = useState(false);
  const [day, setDay] = useState('');
  const [month, setMonth] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () => sendMessage('getSpend', origin).then(setView, (e: Error) => setError(e.message));
  useEffect(() => void load(), [origin]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const [dayUsd, monthUsd] = [parseLimit(day), parseLimit(month)];
    if (dayUsd === 'invalid' || monthUsd === 'invalid') return setError(uiText('limitInvalid'));
    try {
      await sendMessage('setSiteLimits', { origin: origin!, limits: { dayUsd, monthUsd } });
      setEditing(false);
      setError(null);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!view) return <ErrorNote error={error} />;
  return (
    <section className="card" data-testid="spend">
      <strong>{uiText('spending')}</strong>
      {view.site && (
        <>
          <SpendLine label={uiText('spendSiteToday')} line={view.site.today} testId="spend-site-today" />
          <SpendLine label={uiText('spendSiteMonth')} line={view.site.month} testId="spend-site-month" />
        </>
      )}
      <SpendLine label={uiText('spendAllToday')} line={view.all.today} testId="spend-all-today" />
      {view.site && !editing && (
        <button
          type="button"
          onClick={() => {
            setDay(view.site!.today.limitUsd?.toString() ?? '');
            setMonth(view.site!.month.limitUsd?.toString() ?? '');
            setEditing(true);
          }}
        >
          {uiText('spendSetLimits')}
        </button>
      )}
      {editing && (
        <form className="grid-2" onSubmit={save} data-testid="site-limits">
          <label>
            {uiText('spendPerDay')}
            <input
              name="siteDay"
              inputMode="decimal"
              value={day}
              onChange={(e) => setDay(e.target.value)}
              placeholder={uiText('noLimit')}
            />
          </label>
          <label>
            {uiText('spendPerMonth')}
            <input
              name="siteMonth"
              inputMode="decimal"
              value={month}
              onChange={(e) => setMonth(e.target.value)}
              placeholder={uiText('noLimit')}
            />
          </label>
          <button type="submit">{uiText('spendSaveLimits')}</button>
          <button type="button" onClick={() => setEditing(false)}>
            {uiText('cancel')}
          </button>
        </form>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
