import { Fragment, useEffect, useState } from 'react';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import { sendMessage } from '@/lib/messages';
import { ErrorNote } from '../ErrorNote';
import { uiCount, uiText } from '../i18n';
import { formatCount, formatMs, formatOutcome, formatUsd } from './format';

const attemptsOf = (row: UsageRecord) =>
  row.attempts && row.attempts.length > 1
    ? row.attempts.map((a) => `${a.model} ${a.status ?? a.outcome}`).join(' → ')
    : null;

/** One site's requests, newest first, 200 at a time. */
export function History({
  origin,
  keepHistory,
  version,
  counted,
}: {
  origin: string;
  keepHistory: boolean;
  version: number;
  counted: number;
}) {
  const [rows, setRows] = useState<UsageRecord[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (before: number | null) => {
    try {
      const page = await sendMessage('siteHistory', { origin, before });
      setRows((shown) => (before === null ? page.rows : [...(shown ?? []), ...page.rows]));
      setNextBefore(page.nextBefore);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => void load(null), [origin, version]);

  if (rows === null) return <ErrorNote error={error} />;
  return (
    <section className="usage-history">
      <h3>{uiText('requests')}</h3>
      {!keepHistory && (
        <p className="muted" data-testid="history-off">
          {uiText('historyOff', uiText('tabLimits'))}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">{uiText('historyNone')}</p>
      ) : (
        <table data-testid="usage-history">
          <thead>
            <tr>
              <th>{uiText('when')}</th>
              <th>{uiText('model')}</th>
              <th className="num">{uiText('historyTokens')}</th>
              <th className="num">{uiText('cost')}</th>
              <th className="num">
                {uiText('historyLatency')}
                <small className="block">{uiText('historyLatencyParts')}</small>
              </th>
              <th>{uiText('outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <Fragment key={row.id}>
                <tr data-outcome={row.outcome} data-id={row.id}>
                  <td>
                    {new Date(row.time).toLocaleString()}
                    {/* Which page API made the call: LanguageModel, Translator, Proofreader… */}
                    {row.api && (
                      <small className="block" data-testid="row-api">
                        {row.api}
                      </small>
                    )}
                  </td>
                  <td>
                    {row.model}
                    {attemptsOf(row) && <small className="block">{uiText('historyTried', attemptsOf(row)!)}</small>}
                  </td>
                  <td className="num">
                    {row.inputTokens} / {row.outputTokens}
                    {row.usageSource === 'estimated' && (
                      <small className="block" title={uiText('historyEstimatedTitle')}>
                        {uiText('historyEstimated')}
                      </small>
                    )}
                  </td>
                  <td className="num" data-testid="row-cost">
                    {row.cost === null ? uiText('costUnknown') : formatUsd(row.cost)}
                    {row.overshootUsd !== undefined && (
                      <small
                        className="block error-text"
                        data-testid="row-overshoot"
                        title={uiText('historyOvershootTitle')}
                      >
                        {uiText('historyOvershoot', formatUsd(row.overshootUsd))}
                      </small>
                    )}
                  </td>
                  <td className="num">
                    {formatMs(row.ttftMs)} / {formatMs(row.totalMs)}
                  </td>
                  <td className={`outcome-${row.outcome}`}>
                    {formatOutcome(row.outcome)}
                    {row.error && <small className="block error-text">{row.error}</small>}
                  </td>
                </tr>
                {(row.prompt !== undefined || row.response !== undefined) && (
                  <tr className="exchange">
                    <td colSpan={6}>
                      <details>
                        <summary>{uiText('historyExchange')}</summary>
                        {row.prompt !== undefined && (
                          <>
                            <small className="block">{uiText('historyPrompt')}</small>
                            <pre data-role="prompt">{row.prompt}</pre>
                          </>
                        )}
                        {row.response !== undefined && (
                          <>
                            <small className="block">{uiText('historyReply')}</small>
                            <pre data-role="response">{row.response}</pre>
                          </>
                        )}
                      </details>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {/* Deleting keeps this month's totals for budgets, so the counts can exceed the rows left. */}
      {nextBefore === null && rows.length < counted && (
        <p className="muted" data-testid="history-deleted">
          {uiCount(
            counted - rows.length,
            'historyDeletedOne',
            'historyDeletedMany',
            formatCount(counted - rows.length),
          )}
        </p>
      )}
      {nextBefore !== null && (
        <button type="button" onClick={() => void load(nextBefore)}>
          {uiText('historyOlder')}
        </button>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
