import { Fragment, useEffect, useState } from 'react';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import { sendMessage } from '@/lib/messages';
import { ErrorNote } from '../ErrorNote';
import { formatMs, formatUsd } from './format';

const attemptsOf = (row: UsageRecord) =>
  row.attempts && row.attempts.length > 1 ? row.attempts.map((a) => `${a.model} ${a.status ?? a.outcome}`).join(' → ') : null;

/** One site's requests, newest first, 200 at a time. */
export function History({ origin, keepHistory, version, counted }: { origin: string; keepHistory: boolean; version: number; counted: number }) {
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
      <h3>Requests</h3>
      {!keepHistory && (
        <p className="muted" data-testid="history-off">
          History is off: prompts and replies are not kept, only the figures below. You can turn it on under Spending limits.
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">No requests are recorded for this site.</p>
      ) : (
        <table data-testid="usage-history">
          <thead>
            <tr>
              <th>When</th>
              <th>Model</th>
              <th className="num">Tokens in / out</th>
              <th className="num">Cost</th>
              <th className="num">
                Latency
                <small className="block">first token / total</small>
              </th>
              <th>Outcome</th>
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
                    {attemptsOf(row) && <small className="block">tried: {attemptsOf(row)}</small>}
                  </td>
                  <td className="num">
                    {row.inputTokens} / {row.outputTokens}
                    {row.usageSource === 'estimated' && <small className="block" title="The provider reported no usage; counted here">estimated</small>}
                  </td>
                  <td className="num" data-testid="row-cost">
                    {formatUsd(row.cost)}
                    {row.overshootUsd !== undefined && (
                      <small className="block error-text" data-testid="row-overshoot" title="The provider reported more than the call held; the full cost is counted">
                        charged {formatUsd(row.overshootUsd)} over its hold
                      </small>
                    )}
                  </td>
                  <td className="num">
                    {formatMs(row.ttftMs)} / {formatMs(row.totalMs)}
                  </td>
                  <td className={`outcome-${row.outcome}`}>
                    {row.outcome}
                    {row.error && <small className="block error-text">{row.error}</small>}
                  </td>
                </tr>
                {(row.prompt !== undefined || row.response !== undefined) && (
                  <tr className="exchange">
                    <td colSpan={6}>
                      <details>
                        <summary>Prompt and reply</summary>
                        {row.prompt !== undefined && (
                          <>
                            <small className="block">Prompt</small>
                            <pre data-role="prompt">{row.prompt}</pre>
                          </>
                        )}
                        {row.response !== undefined && (
                          <>
                            <small className="block">Reply</small>
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
          {counted - rows.length} earlier {counted - rows.length === 1 ? 'request was' : 'requests were'} deleted; their spend still counts in
          the totals above.
        </p>
      )}
      {nextBefore !== null && (
        <button type="button" onClick={() => void load(nextBefore)}>
          Show older requests
        </button>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
