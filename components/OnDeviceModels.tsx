import { useEffect, useRef, useState } from 'react';
import { sendMessage } from '@/lib/messages';
import { formatBytes } from '@/lib/on-device/catalog';
import { engineSupported } from '@/lib/on-device/support';
import type { OnDeviceEntry, OnDeviceStatus } from '@/lib/on-device/service';
import { ErrorNote } from './ErrorNote';
import { uiText } from './i18n';
import { formatShare } from './money';
import { requestHostAccess } from './host-access';
import { useWorkerView } from './use-ui-state';
import './providers.css';

const POLL_MS = 300;

function ModelRow({ model, act }: { model: OnDeviceEntry; act(change: () => Promise<OnDeviceStatus>): unknown }) {
  const download = model.download?.running ? model.download : null;
  const total = download?.total ?? model.bytes;
  const size = total ? uiText('onDeviceAbout', formatBytes(total)) : uiText('onDeviceSizeUnknown');
  return (
    <li data-model={model.id}>
      <span>
        <strong>{model.name}</strong>
        <small>
          {model.complete ? uiText('onDeviceStored', formatBytes(model.storedBytes)) : size} · {model.licence}
        </small>
      </span>
      {download ? (
        <span className="download">
          <progress
            value={download.loaded}
            max={download.total ?? undefined}
            aria-label={uiText('onDeviceDownloading', model.name)}
          />
          <small data-testid="download-progress">
            {download.total
              ? uiText(
                  'onDeviceProgress',
                  formatBytes(download.loaded),
                  formatBytes(download.total),
                  formatShare(Math.floor((100 * download.loaded) / download.total) / 100),
                )
              : formatBytes(download.loaded)}
          </small>
          <button
            type="button"
            data-action="cancel"
            onClick={() => act(() => sendMessage('cancelOnDeviceDownload', model.id))}
          >
            {uiText('cancel')}
          </button>
        </span>
      ) : model.complete ? (
        <span className="download">
          <small>{uiText('onDeviceReady')}</small>
          <button
            type="button"
            data-action="delete"
            onClick={() => act(() => sendMessage('deleteOnDeviceModel', model.id))}
          >
            {uiText('delete')}
          </button>
        </span>
      ) : (
        <span className="download">
          {model.storedBytes > 0 && <small>{uiText('onDeviceSoFar', formatBytes(model.storedBytes))}</small>}
          <button
            type="button"
            data-action="download"
            onClick={() => act(() => sendMessage('downloadOnDevice', { id: model.id }))}
          >
            {model.storedBytes > 0 ? uiText('onDeviceResume') : uiText('download')}
          </button>
          {model.storedBytes > 0 && (
            <button
              type="button"
              data-action="delete"
              onClick={() => act(() => sendMessage('deleteOnDeviceModel', model.id))}
            >
              {uiText('delete')}
            </button>
          )}
        </span>
      )}
      {model.download?.error && !download && <ErrorNote error={model.download.error} />}
    </li>
  );
}

/**
 * The on-device provider's models: download with progress (resumed after a cut), delete, and the
 * storage they use. `onReady` runs when a download completes, since that sets the provider up.
 */
export function OnDeviceModels({ onReady }: { onReady(): void }) {
  const {
    view: status,
    error,
    apply: act,
  } = useWorkerView<OnDeviceStatus>(() => sendMessage('onDeviceStatus', undefined));
  const [url, setUrl] = useState('');
  const completed = useRef<Set<string> | null>(null);
  const busy = status?.models.some((m) => m.download?.running) ?? false;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void act(() => sendMessage('onDeviceStatus', undefined)), POLL_MS);
    return () => clearInterval(timer);
  }, [busy, act]);
  useEffect(() => {
    if (!status) return;
    const now = new Set(status.models.filter((m) => m.complete).map((m) => m.id));
    if (completed.current && [...now].some((id) => !completed.current!.has(id))) onReady();
    completed.current = now;
  }, [status, onReady]);

  const addCustom = (event: React.FormEvent) => {
    event.preventDefault();
    // The permission prompt must open inside the click, before any await.
    const access = requestHostAccess(url);
    void act(async () => {
      if (!(await access)) throw new Error(uiText('onDeviceNoAccess'));
      const next = await sendMessage('downloadOnDevice', { url: url.trim() });
      setUrl('');
      return next;
    });
  };

  return (
    <section className="on-device" data-testid="on-device">
      <p className="muted">{uiText('onDeviceIntro')}</p>
      <ErrorNote error={error} />
      {!engineSupported() && (
        <p className="error" role="alert">
          {uiText('onDeviceUnsupported')}
        </p>
      )}
      {status && engineSupported() && (
        <>
          <ul className="on-device-models">
            {status.models.map((m) => (
              <ModelRow key={m.id} model={m} act={act} />
            ))}
          </ul>
          <form className="custom-gguf" onSubmit={addCustom}>
            <label>
              {uiText('onDeviceCustomUrl')}
              <input
                name="ggufUrl"
                type="url"
                placeholder="https://huggingface.co/…/model.gguf"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                required
              />
            </label>
            <button type="submit">{uiText('download')}</button>
          </form>
          <p className="muted" data-testid="on-device-storage">
            {status.quotaBytes
              ? uiText('onDeviceStorageQuota', formatBytes(status.storedBytes), formatBytes(status.quotaBytes))
              : uiText('onDeviceStorage', formatBytes(status.storedBytes))}
          </p>
        </>
      )}
    </section>
  );
}
