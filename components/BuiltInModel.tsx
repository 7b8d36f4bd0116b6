import { useEffect, useState } from 'react';
import { sendMessage, type UiState } from '@/lib/messages';
import { BUILT_IN_MODEL, BUILT_IN_PROVIDER_ID } from '@/lib/on-device/catalog';
import { kindInfo } from '@/lib/providers/kinds';
import { ErrorNote } from './ErrorNote';
import { uiText } from './i18n';
import { kindHint } from './kind-text';
import { formatShare } from './money';
import './providers.css';

interface NativeLanguageModel {
  availability(): Promise<string>;
  create(options: { monitor(m: EventTarget): void }): Promise<{ destroy(): void }>;
}

/** The browser's own LanguageModel, as extension pages see it (no page script replaces it here). */
const nativeModel = () => (globalThis as { LanguageModel?: NativeLanguageModel }).LanguageModel;

/** "available", "downloadable", "downloading" or "unavailable" once known; null while asking. */
export function useBuiltInAvailability(): string | null {
  const [availability, setAvailability] = useState<string | null>(null);
  useEffect(() => {
    const model = nativeModel();
    if (!model) return setAvailability('unavailable');
    model.availability().then(setAvailability, () => setAvailability('unavailable'));
  }, []);
  return availability;
}

/**
 * Sets up the browser's own model as a provider. Where it is not downloaded yet, the click
 * starts the browser's download (Chrome starts one only for a user's click) and shows its progress.
 */
export function BuiltInModel({
  availability,
  onSave,
}: {
  availability: string;
  onSave(change: () => Promise<UiState>): Promise<boolean>;
}) {
  const info = kindInfo('built-in');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const use = async () => {
    setError(null);
    try {
      if (availability !== 'available') {
        setProgress(0);
        const session = await nativeModel()!.create({
          monitor: (m) => m.addEventListener('downloadprogress', (e) => setProgress((e as ProgressEvent).loaded)),
        });
        session.destroy();
      }
      await onSave(() =>
        sendMessage('saveProvider', {
          id: BUILT_IN_PROVIDER_ID,
          kind: 'built-in',
          label: info.label,
          baseURL: info.baseURL,
          models: [BUILT_IN_MODEL],
        }),
      );
    } catch (e) {
      setError(uiText('builtInFailed', e instanceof Error ? e.message : String(e)));
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="card" data-testid="built-in">
      <p>{kindHint('built-in')}</p>
      {availability !== 'available' && <p className="muted">{uiText('builtInDownloadFirst')}</p>}
      {progress !== null && (
        <p>
          <progress value={progress} max={1} aria-label={uiText('builtInDownloading')} />{' '}
          <small data-testid="built-in-progress">{formatShare(progress)}</small>
        </p>
      )}
      <button type="button" onClick={() => void use()} disabled={progress !== null}>
        {uiText('builtInUse')}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}
