import { useEffect, useState, type FormEvent } from 'react';
import { sendMessage, type UiState } from '@/lib/messages';
import type { CatalogEntry } from '@/lib/catalog/catalog';
import { formatInputsFact } from '@/lib/catalog/format';
import { MEDIA_KINDS, type MediaKind } from '@/lib/protocol/call';
import { EntrySelect } from './EntrySelect';
import './providers.css';

interface Props {
  entries: CatalogEntry[];
  initialModel: string | null;
  apply(change: () => Promise<UiState>): Promise<boolean>;
}

const LABELS: Record<MediaKind, string> = { image: 'Images', audio: 'Audio' };

/**
 * Says what a model reads besides text, for a model no list describes (a local server, a new
 * model): sites that send images or audio get it only from a model said to read them.
 */
export function InputsEditor({ entries, initialModel, apply }: Props) {
  const [modelId, setModelId] = useState(entries.some((e) => e.id === initialModel) ? initialModel! : (entries[0]?.id ?? ''));
  const entry = entries.find((e) => e.id === modelId);
  const [checked, setChecked] = useState<MediaKind[]>(entry?.inputs ?? []);
  useEffect(() => setChecked(entry?.inputs ?? []), [modelId, entry?.inputs?.join()]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    void apply(() => sendMessage('setModelInputs', { modelId, inputs: checked }));
  };
  const toggle = (kind: MediaKind, on: boolean) => setChecked((now) => MEDIA_KINDS.filter((k) => (k === kind ? on : now.includes(k))));

  return (
    <form className="card" onSubmit={save} data-testid="inputs-editor">
      <small>
        Sites may send images or audio with a prompt. A model known not to read them does not get them. Lists from OpenRouter, Ollama and LM Studio say
        what each model reads, and well-known models (GPT-4o and later, Claude, Gemini) are known by name from any provider; for any other, the provider
        gets them and the extension remembers if it refuses. Say it here if you know better.
      </small>
      <EntrySelect entries={entries} value={modelId} onChange={setModelId} />
      {entry && (
        <p className="muted" data-testid="inputs-now">
          {formatInputsFact(entry)}.
        </p>
      )}
      <div className="row">
        {MEDIA_KINDS.map((kind) => (
          <label key={kind} className="row">
            <input type="checkbox" name={`reads-${kind}`} checked={checked.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} />
            {LABELS[kind]}
          </label>
        ))}
      </div>
      <div className="row">
        <button type="submit" disabled={!modelId}>
          Save what it reads
        </button>
        {entry?.inputsSource === 'you' && (
          <button type="button" onClick={() => void apply(() => sendMessage('setModelInputs', { modelId, inputs: null }))}>
            Forget my choice
          </button>
        )}
      </div>
    </form>
  );
}
