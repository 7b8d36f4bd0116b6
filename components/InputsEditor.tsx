import { useEffect, useState, type FormEvent } from 'react';
import { sendMessage, type UiState } from '@/lib/messages';
import type { CatalogEntry } from '@/lib/catalog/catalog';
import { formatInputsFact } from './catalog-text';
import { MEDIA_KINDS, type MediaKind } from '@/lib/protocol/call';
import { EntrySelect } from './EntrySelect';
import { uiText, type MessageKey } from './i18n';
import './providers.css';

interface Props {
  entries: CatalogEntry[];
  initialModel: string | null;
  apply(change: () => Promise<UiState>): Promise<boolean>;
}

const LABELS: Record<MediaKind, MessageKey> = { image: 'inputsImages', audio: 'inputsAudio' };

/**
 * Says what a model reads besides text, for a model no list describes (a local server, a new
 * model): sites that send images or audio get it only from a model said to read them.
 */
export function InputsEditor({ entries, initialModel, apply }: Props) {
  const [modelId, setModelId] = useState(
    entries.some((e) => e.id === initialModel) ? initialModel! : (entries[0]?.id ?? ''),
  );
  const entry = entries.find((e) => e.id === modelId);
  const [checked, setChecked] = useState<MediaKind[]>(entry?.inputs ?? []);
  useEffect(() => setChecked(entry?.inputs ?? []), [modelId, entry?.inputs?.join()]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    void apply(() => sendMessage('setModelInputs', { modelId, inputs: checked }));
  };
  const toggle = (kind: MediaKind, on: boolean) =>
    setChecked((now) => MEDIA_KINDS.filter((k) => (k === kind ? on : now.includes(k))));

  return (
    <form className="card" onSubmit={save} data-testid="inputs-editor">
      <small>{uiText('inputsIntro')}</small>
      <EntrySelect entries={entries} value={modelId} onChange={setModelId} />
      {entry && (
        <p className="muted" data-testid="inputs-now">
          {formatInputsFact(entry)}.
        </p>
      )}
      <div className="row">
        {MEDIA_KINDS.map((kind) => (
          <label key={kind} className="row">
            <input
              type="checkbox"
              name={`reads-${kind}`}
              checked={checked.includes(kind)}
              onChange={(e) => toggle(kind, e.target.checked)}
            />
            {uiText(LABELS[kind])}
          </label>
        ))}
      </div>
      <div className="row">
        <button type="submit" disabled={!modelId}>
          {uiText('inputsSave')}
        </button>
        {entry?.inputsSource === 'you' && (
          <button
            type="button"
            onClick={() => void apply(() => sendMessage('setModelInputs', { modelId, inputs: null }))}
          >
            {uiText('inputsForget')}
          </button>
        )}
      </div>
    </form>
  );
}
