import { useState, type FormEvent } from 'react';
import { sendMessage, type UiState } from '@/lib/messages';
import type { CatalogEntry } from '@/lib/catalog/catalog';
import { formatWindowFact } from './catalog-text';
import { EntrySelect } from './EntrySelect';
import { uiText } from './i18n';
import './providers.css';

interface Props {
  entries: CatalogEntry[];
  initialModel: string | null;
  apply(change: () => Promise<UiState>): Promise<boolean>;
}

/** Sets how many tokens a model's context window holds, which wins over every list, table and refusal. */
export function WindowEditor({ entries, initialModel, apply }: Props) {
  const [modelId, setModelId] = useState(
    entries.some((e) => e.id === initialModel) ? initialModel! : (entries[0]?.id ?? ''),
  );
  const [tokens, setTokens] = useState('');
  const entry = entries.find((e) => e.id === modelId);

  const save = (event: FormEvent) => {
    event.preventDefault();
    void apply(() => sendMessage('setModelWindow', { modelId, window: Number(tokens) })).then(
      (ok) => ok && setTokens(''),
    );
  };

  return (
    <form className="card" onSubmit={save} data-testid="window-editor">
      <small>{uiText('windowIntro')}</small>
      <EntrySelect entries={entries} value={modelId} onChange={setModelId} />
      {entry && (
        <p className="muted" data-testid="window-now">
          {formatWindowFact(entry)}.
        </p>
      )}
      <div className="row">
        <label>
          {uiText('tokens')}
          <input
            name="contextWindow"
            type="number"
            min="1"
            max="100000000"
            step="1"
            required
            value={tokens}
            onChange={(e) => setTokens(e.target.value)}
          />
        </label>
      </div>
      <div className="row">
        <button type="submit" disabled={!modelId}>
          {uiText('windowUse')}
        </button>
        {entry?.contextSource === 'you' && (
          <button
            type="button"
            onClick={() => void apply(() => sendMessage('setModelWindow', { modelId, window: null }))}
          >
            {uiText('windowForget')}
          </button>
        )}
      </div>
    </form>
  );
}
