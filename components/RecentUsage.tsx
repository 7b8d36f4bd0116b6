import { useEffect, useState } from 'react';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import { sendMessage } from '@/lib/messages';
import { ErrorNote } from './ErrorNote';
import { uiText } from './i18n';
import { formatOutcome } from './usage/format';

const tokens = (row: UsageRecord) =>
  uiText(row.usageSource === 'estimated' ? 'recentTokensEstimated' : 'recentTokens', row.inputTokens, row.outputTokens);

/** The latest requests, newest first: who asked, on which model, and how it went. */
export function RecentUsage() {
  const [rows, setRows] = useState<UsageRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    sendMessage('recentUsage', undefined).then(setRows, (e: Error) => setError(e.message));
  }, []);
  if (rows === null) return <ErrorNote error={error} />;
  if (rows.length === 0) return <p className="muted">{uiText('recentNone')}</p>;
  return (
    <table data-testid="recent-usage">
      <thead>
        <tr>
          <th>{uiText('when')}</th>
          <th>{uiText('site')}</th>
          <th>{uiText('model')}</th>
          <th>{uiText('tokens')}</th>
          <th>{uiText('outcome')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-origin={row.origin} data-outcome={row.outcome}>
            <td>{new Date(row.time).toLocaleTimeString()}</td>
            <td>{row.origin}</td>
            <td>{row.model}</td>
            <td>{tokens(row)}</td>
            <td title={row.error ?? undefined}>{formatOutcome(row.outcome)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
