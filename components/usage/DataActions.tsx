import { useState } from 'react';
import { sendMessage } from '@/lib/messages';
import { ErrorNote } from '../ErrorNote';
import { downloadUsage, type ExportFormat } from './download';

/** Export buttons, and a delete that asks in the page first: one site's data, or everything. */
export function DataActions({ origin, requests, onDeleted }: { origin: string | null; requests: number; onDeleted(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const plural = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'request' : 'requests'}`;
  const what = origin === null ? 'all usage data' : `the usage data of ${origin}`;

  const run = async (task: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      setNote(await task());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const exportAs = (format: ExportFormat) => run(async () => `Exported ${plural(await downloadUsage(format))} as ${format.toUpperCase()}.`);
  const forget = () =>
    run(async () => {
      const { records } = await sendMessage('forgetUsage', { origin });
      setConfirming(false);
      onDeleted();
      return `Deleted ${plural(records)}. Today’s and this month’s spend stay counted for your budgets.`;
    });

  return (
    <div className="usage-actions" data-testid="usage-actions">
      <div className="row">
        {origin === null && (
          <>
            <button type="button" disabled={busy} onClick={() => void exportAs('csv')} data-testid="export-csv">
              Export CSV
            </button>
            <button type="button" disabled={busy} onClick={() => void exportAs('json')} data-testid="export-json">
              Export JSON
            </button>
          </>
        )}
        <button type="button" className="danger" disabled={busy || confirming} onClick={() => setConfirming(true)} data-testid="forget">
          {origin === null ? 'Delete all usage data…' : 'Delete this site’s data…'}
        </button>
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-labelledby="forget-title" data-testid="confirm-forget">
          <p id="forget-title">
            <strong>Delete {what}?</strong> This deletes the history of {requests > 0 ? plural(requests) : 'every request'} and the all-time totals.
            Today’s and this month’s spend stay counted, because your budgets still need them. This cannot be undone.
          </p>
          <div className="row">
            <button type="button" className="danger-solid" disabled={busy} onClick={() => void forget()} data-action="confirm">
              Delete
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)} data-action="cancel">
              Cancel
            </button>
          </div>
        </div>
      )}
      {note && <p className="ok">{note}</p>}
      <ErrorNote error={error} />
    </div>
  );
}
