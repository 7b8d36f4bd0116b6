import { sendMessage, type UiState } from '@/lib/messages';
import type { CatalogEntry } from '@/lib/catalog/catalog';
import { uiText } from './i18n';
import './providers.css';

interface Props {
  state: UiState;
  entries: CatalogEntry[];
  apply(change: () => Promise<UiState>): Promise<boolean>;
}

/** The models tried after the default, in order, when it is rate-limited, down or unreachable. */
export function FallbackChain({ state, entries, apply }: Props) {
  const chain = state.settings.fallbackModels;
  const set = (next: string[]) => void apply(() => sendMessage('setFallbackModels', next));
  const candidates = entries.filter((e) => e.id !== state.settings.defaultModel && !chain.includes(e.id));
  return (
    <div className="card" data-testid="fallback-chain">
      <small>{uiText('fallbackIntro')}</small>
      {chain.length === 0 ? (
        <p className="muted">{uiText('fallbackNone')}</p>
      ) : (
        <ol className="chain">
          {chain.map((id, i) => (
            <li key={id}>
              <span>{id}</span>
              <button
                type="button"
                disabled={i === 0}
                onClick={() => set([...chain.slice(0, i - 1), id, chain[i - 1]!, ...chain.slice(i + 1)])}
                aria-label={uiText('fallbackMoveUp', id)}
              >
                ↑
              </button>
              <button
                type="button"
                onClick={() => set(chain.filter((m) => m !== id))}
                aria-label={uiText('removeNamed', id)}
              >
                {uiText('remove')}
              </button>
            </li>
          ))}
        </ol>
      )}
      {chain.length < 5 && (
        <label>
          {uiText('fallbackAdd')}
          <select
            data-testid="add-fallback"
            value=""
            onChange={(e) => e.target.value && set([...chain, e.target.value])}
          >
            <option value="">{uiText('chooseModel')}</option>
            {candidates.slice(0, 500).map((e) => (
              <option key={e.id} value={e.id}>
                {e.model} · {e.providerLabel}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
