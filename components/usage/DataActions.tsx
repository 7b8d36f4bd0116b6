import { useState } from 'react';
import { sendMessage } from '@/lib/messages';
import { ErrorNote } from '../ErrorNote';
import { uiCount, uiText, uiTextWith } from '../i18n';
import { formatCount } from './format';
import { downloadUsage, type ExportFormat } from './download';

/** Export buttons, and a delete that asks in the page first: one site's data, or everything. */
export function DataActions({
  origin,
  requests,
  onDeleted,
}: {
  origin: string | null;
  requests: number;
  onDeleted(): void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

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
  const exportAs = (format: ExportFormat) =>
    run(async () => {
      const count = await downloadUsage(format);
      return uiCount(count, 'usageExportedOne', 'usageExportedMany', formatCount(count), format.toUpperCase());
    });
  const forget = () =>
    run(async () => {
      const { records } = await sendMessage('forgetUsage', { origin });
      setConfirming(false);
      onDeleted();
      return uiCount(records, 'usageDeletedOne', 'usageDeletedMany', formatCount(records));
    });

  return (
    <div className="usage-actions" data-testid="usage-actions">
      <div className="row">
        {origin === null && (
          <>
            <button type="button" disabled={busy} onClick={() => void exportAs('csv')} data-testid="export-csv">
              {uiText('usageExportCsv')}
            </button>
            <button type="button" disabled={busy} onClick={() => void exportAs('json')} data-testid="export-json">
              {uiText('usageExportJson')}
            </button>
          </>
        )}
        <button
          type="button"
          className="danger"
          disabled={busy || confirming}
          onClick={() => setConfirming(true)}
          data-testid="forget"
        >
          {origin === null ? uiText('usageDeleteAll') : uiText('usageDeleteSite')}
        </button>
      </div>
      {confirming && (
        <div className="confirm" role="alertdialog" aria-labelledby="forget-title" data-testid="confirm-forget">
          <p id="forget-title">
            {uiTextWith(
              requests === 0
                ? 'usageDeleteConfirmEvery'
                : requests === 1
                  ? 'usageDeleteConfirmOne'
                  : 'usageDeleteConfirmMany',
              <strong>
                {origin === null ? uiText('usageDeleteAllQuestion') : uiText('usageDeleteSiteQuestion', origin)}
              </strong>,
              formatCount(requests),
            )}
          </p>
          <div className="row">
            <button
              type="button"
              className="danger-solid"
              disabled={busy}
              onClick={() => void forget()}
              data-action="confirm"
            >
              {uiText('delete')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)} data-action="cancel">
              {uiText('cancel')}
            </button>
          </div>
        </div>
      )}
      {note && <p className="ok">{note}</p>}
      <ErrorNote error={error} />
    </div>
  );
}
