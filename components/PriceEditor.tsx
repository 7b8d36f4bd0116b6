import { useState, type FormEvent } from 'react';
import { sendMessage, type UiState } from '@/lib/messages';
import type { CatalogEntry } from '@/lib/catalog/catalog';
import { formatPrice, formatPriceSource } from './catalog-text';
import { EntrySelect } from './EntrySelect';
import { uiText } from './i18n';
import './providers.css';

interface Props {
  entries: CatalogEntry[];
  initialModel: string | null;
  bundledAsOf: string;
  apply(change: () => Promise<UiState>): Promise<boolean>;
}

/** Sets the user's own price for a model, in USD per million tokens, which wins over every other source. */
export function PriceEditor({ entries, initialModel, bundledAsOf, apply }: Props) {
  const [modelId, setModelId] = useState(initialModel ?? entries[0]?.id ?? '');
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const entry = entries.find((e) => e.id === modelId);

  const save = (event: FormEvent) => {
    event.preventDefault();
    const price = { input: Number(input) / 1e6, output: Number(output) / 1e6 };
    void apply(() => sendMessage('setPriceOverride', { modelId, price })).then(
      (ok) => ok && (setInput(''), setOutput('')),
    );
  };

  return (
    <form className="card" onSubmit={save} data-testid="price-editor">
      <small>{uiText('priceIntro', bundledAsOf, formatPrice(null))}</small>
      <EntrySelect entries={entries} value={modelId} onChange={setModelId} />
      {entry && (
        <p className="muted" data-testid="price-now">
          {uiText('priceNow', formatPrice(entry.price), formatPriceSource(entry.price))}
        </p>
      )}
      <div className="row">
        <label>
          {uiText('priceInput')}
          <input
            name="priceIn"
            type="number"
            min="0"
            max="1000000"
            step="any"
            required
            value={input}
            onChange={(e) => setInput(e.target.value)}
          />
        </label>
        <label>
          {uiText('priceOutput')}
          <input
            name="priceOut"
            type="number"
            min="0"
            max="1000000"
            step="any"
            required
            value={output}
            onChange={(e) => setOutput(e.target.value)}
          />
        </label>
      </div>
      <div className="row">
        <button type="submit" disabled={!modelId}>
          {uiText('priceUse')}
        </button>
        {entry?.price?.source === 'override' && (
          <button
            type="button"
            onClick={() => void apply(() => sendMessage('setPriceOverride', { modelId, price: null }))}
          >
            {uiText('priceForget')}
          </button>
        )}
      </div>
    </form>
  );
}
