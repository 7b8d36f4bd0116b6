import { useState, type FormEvent } from 'react';
import type { Budgets } from '@/lib/settings/budgets';
import { sendMessage } from '@/lib/messages';
import type { Settings } from '@/lib/settings/schema';
import { ErrorNote } from './ErrorNote';
import { uiText, type MessageKey } from './i18n';
import { parseLimit } from './money';

type LimitField = 'globalDayUsd' | 'globalMonthUsd' | 'siteDayUsd' | 'siteMonthUsd' | 'perRequestUsd';

const FIELDS: Array<[LimitField, MessageKey]> = [
  ['globalDayUsd', 'budgetGlobalDay'],
  ['globalMonthUsd', 'budgetGlobalMonth'],
  ['siteDayUsd', 'budgetSiteDay'],
  ['siteMonthUsd', 'budgetSiteMonth'],
  ['perRequestUsd', 'budgetPerRequest'],
];

const asText = (value: number | null) => (value === null ? '' : String(value));

/** The options page's spending limits, the output cap they are priced on, and the history switch. */
export function BudgetSettings({ settings, onSaved }: { settings: Settings; onSaved(): void }) {
  const { budgets } = settings;
  const [limits, setLimits] = useState(
    () => Object.fromEntries(FIELDS.map(([key]) => [key, asText(budgets[key])])) as Record<LimitField, string>,
  );
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
      if (parsed === 'invalid') return setError(uiText('budgetFieldInvalid', uiText(label)));
      patch[key] = parsed;
    }
    const tokens = Number(cap);
    if (!Number.isInteger(tokens) || tokens < 16) return setError(uiText('budgetCapInvalid'));
    try {
      await sendMessage('updateBudgets', {
        ...patch,
        defaultMaxOutputTokens: tokens,
        exemptModels: exempt
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean),
      });
      await sendMessage('setKeepHistory', history);
      setError(null);
      setStatus(uiText('saved'));
      onSaved();
    } catch (e) {
      setError((e as Error).message);
      setStatus(null);
    }
  };

  return (
    <form className="card" onSubmit={save} data-testid="budgets">
      <p className="muted">{uiText('budgetIntro')}</p>
      <div className="grid-2">
        {FIELDS.map(([key, label]) => (
          <label key={key}>
            {uiText(label)}
            <input
              name={key}
              inputMode="decimal"
              placeholder={uiText('noLimit')}
              value={limits[key]}
              onChange={(e) => setLimits({ ...limits, [key]: e.target.value })}
            />
          </label>
        ))}
        <label>
          {uiText('budgetOutputCap')}
          <input
            name="defaultMaxOutputTokens"
            inputMode="numeric"
            value={cap}
            onChange={(e) => setCap(e.target.value)}
          />
        </label>
      </div>
      <label>
        {uiText('budgetExempt')} <small>{uiText('budgetExemptHint', 'ollama/llama3.2')}</small>
        <input name="exemptModels" value={exempt} onChange={(e) => setExempt(e.target.value)} />
      </label>
      <label className="row">
        <input type="checkbox" name="keepHistory" checked={history} onChange={(e) => setHistory(e.target.checked)} />
        {uiText('budgetKeepHistory')}
      </label>
      <div className="row">
        <button type="submit">{uiText('spendSaveLimits')}</button>
        {status && <span className="ok">{status}</span>}
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
