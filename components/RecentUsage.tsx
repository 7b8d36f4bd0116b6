import { useEffect, useState } from 'react';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import { sendMessage } from '@/lib/messages';
import { ErrorNote } from './ErrorNote';

const tokens = (row: UsageRecord) => `${row.inputTokens} in / ${row.outputTokens} out${row.usageSource === 'estimated' ? ' (estimated)' : ''}`;

/** The latest requests, newest first: who asked, on which model, and how it went. */
export function RecentUsage() {
  const [rows, setRows] = useState<UsageRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    sendMessage('recentUsage', undefined).then(setRows, (e: Error) => setError(e.message));
  }, []);
  if (rows === null) return <ErrorNote error={error} />;
  if (rows.length === 0) return <p className="muted">No requests yet.</p>;
  return (
    <table data-testid="recent-usage">
      <thead>
        <tr>
          <th>When</th>
          <th>Site</th>
          <th>Model</th>
          <th>Tokens</th>
          <th>Outcome</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-origin={row.origin} data-outcome={row.outcome}>
            <td>{new Date(row.time).toLocaleTimeString()}</td>
            <td>{row.origin}</td>
            <td>{row.model}</td>
            <td>{tokens(row)}</td>
            <td title={row.error ?? undefined}>{row.outcome}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
