import { useState, type FormEvent } from 'react';
import { sendMessage, type UiState } from '@/lib/messages';
import type { CatalogEntry } from '@/lib/catalog/catalog';
import { formatWindowFact } from '@/lib/catalog/format';
import { EntrySelect } from './EntrySelect';
import './providers.css';

interface Props {
  entries: CatalogEntry[];
  initialModel: string | null;
  apply(change: () => Promise<UiState>): Promise<boolean>;
}

/** Sets how many tokens a model's context window holds, which wins over every list, table and refusal. */
export function WindowEditor({ entries, initialModel, apply }: Props) {
  const [modelId, setModelId] = useState(entries.some((e) => e.id === initialModel) ? initialModel! : (entries[0]?.id ?? ''));
  const [tokens, setTokens] = useState('');
  const entry = entries.find((e) => e.id === modelId);

  const save = (event: FormEvent) => {
    event.preventDefault();
    void apply(() => sendMessage('setModelWindow', { modelId, window: Number(tokens) })).then((ok) => ok && setTokens(''));
  };

  return (
    <form className="card" onSubmit={save} data-testid="window-editor">
      <small>
        How many tokens a model takes in one call. Lists from OpenRouter, Ollama and LM Studio say it, and well-known models are in a bundled catalog. Where
        nothing says, calls go to the provider, and when it refuses a prompt as too long, the extension remembers that for the model. Say it here if you know better.
      </small>
      <EntrySelect entries={entries} value={modelId} onChange={setModelId} />
      {entry && (
        <p className="muted" data-testid="window-now">
          {formatWindowFact(entry)}.
        </p>
      )}
      <div className="row">
        <label>
          Tokens
          <input name="contextWindow" type="number" min="1" max="100000000" step="1" required value={tokens} onChange={(e) => setTokens(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <button type="submit" disabled={!modelId}>
          Use this window
        </button>
        {entry?.contextSource === 'you' && (
          <button type="button" onClick={() => void apply(() => sendMessage('setModelWindow', { modelId, window: null }))}>
            Forget my window
          </button>
        )}
      </div>
    </form>
  );
}
