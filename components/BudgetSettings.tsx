import { useState, type FormEvent } from 'react';
import type { Budgets } from '@/lib/budgets/schema';
import { sendMessage } from '@/lib/messages';
import type { Settings } from '@/lib/settings/schema';
import { ErrorNote } from './ErrorNote';
import { parseLimit } from './money';

type LimitField = 'globalDayUsd' | 'globalMonthUsd' | 'siteDayUsd' | 'siteMonthUsd' | 'perRequestUsd';

const FIELDS: Array<[LimitField, string]> = [
  ['globalDayUsd', 'All sites together, per day'],
  ['globalMonthUsd', 'All sites together, per month'],
  ['siteDayUsd', 'Each site, per day'],
  ['siteMonthUsd', 'Each site, per month'],
  ['perRequestUsd', 'Any single request'],
];

const asText = (value: number | null) => (value === null ? '' : String(value));

/** The options page's spending limits, the output cap they are priced on, and the history switch. */
export function BudgetSettings({ settings, onSaved }: { settings: Settings; onSaved(): void }) {
  const { budgets } = settings;
  const [limits, setLimits] = useState(() => Object.fromEntries(FIELDS.map(([key]) => [key, asText(budgets[key])])) as Record<LimitField, string>);
  const [cap, setCap] = useState(String(budgets.defaultMaxOutputTokens));
  const [exempt, setExempt] = useState(budgets.exemptModels.join(', '));
  const [history, setHistory] = useState(settings.keepHistory);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const patch: Partial<Omit<Budgets, 'sites'>> = {};
    for (const [key, label] of FIELDS) {
      const parsed = parseLimit(limits[key]);
      if (parsed === 'invalid') return setError(`${label}: a limit is an amount in US dollars, like 5 or 0.50, or empty for none.`);
      patch[key] = parsed;
    }
    const tokens = Number(cap);
    if (!Number.isInteger(tokens) || tokens < 16) return setError('The output cap is a whole number of tokens, at least 16.');
    try {
      await sendMessage('updateBudgets', { ...patch, defaultMaxOutputTokens: tokens, exemptModels: exempt.split(',').map((m) => m.trim()).filter(Boolean) });
      await sendMessage('setKeepHistory', history);
      setError(null);
      setStatus('Saved.');
      onSaved();
    } catch (e) {
      setError((e as Error).message);
      setStatus(null);
    }
  };

  return (
    <form className="card" onSubmit={save} data-testid="budgets">
      <p className="muted">
        Limits are in US dollars and reset at your local midnight and on the 1st of the month. A request that would go over one is
        refused, or its answer is cut short at the limit. Leave a field empty for no limit.
      </p>
      <div className="grid-2">
        {FIELDS.map(([key, label]) => (
          <label key={key}>
            {label}
            <input name={key} inputMode="decimal" placeholder="No limit" value={limits[key]} onChange={(e) => setLimits({ ...limits, [key]: e.target.value })} />
          </label>
        ))}
        <label>
          Longest answer when a site sets none (tokens)
          <input name="defaultMaxOutputTokens" inputMode="numeric" value={cap} onChange={(e) => setCap(e.target.value)} />
        </label>
      </div>
      <label>
        Models allowed to run under limits without a known price <small>(comma-separated ids, e.g. ollama/llama3.2)</small>
        <input name="exemptModels" value={exempt} onChange={(e) => setExempt(e.target.value)} />
      </label>
      <label className="row">
        <input type="checkbox" name="keepHistory" checked={history} onChange={(e) => setHistory(e.target.checked)} />
        Keep the text of each request and its answer in the usage history (off by default; it stays in this browser)
      </label>
      <div className="row">
        <button type="submit">Save limits</button>
        {status && <span className="ok">{status}</span>}
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
