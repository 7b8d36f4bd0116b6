import { useMemo, useState } from 'react';
import type { Settings } from '@/lib/settings/schema';
import { formatAge, formatContext, formatInputsFact, formatPrice, formatPriceSource, formatWindowFact, matches } from '@/lib/catalog/format';
import type { CatalogEntry } from '@/lib/catalog/catalog';
import { useCatalog } from './use-catalog';
import './providers.css';

interface Props {
  settings: Settings;
  onChange(modelId: string): void;
}

const short = (entry: CatalogEntry) => {
  const price = entry.price === null ? 'price unknown' : entry.price.source === 'local' || entry.price.source === 'on-device' ? 'free' : formatPrice(entry.price).replace(' per 1M tokens', '').replace(' in · ', '/').replace(' out', '');
  const context = entry.contextWindow === null ? '' : ` · ${formatContext(entry.contextWindow).replace(' context', '')}`;
  return `${entry.model}${context} · ${price}`;
};

/** Entries by provider, in the catalog's order, for the list's group headings. */
function groups(entries: CatalogEntry[]): Array<[string, CatalogEntry[]]> {
  const byProvider = new Map<string, CatalogEntry[]>();
  for (const e of entries) {
    const group = byProvider.get(e.providerId) ?? [];
    if (group.push(e) === 1) byProvider.set(e.providerId, group);
  }
  return [...byProvider.values()].map((group) => [group[0]!.providerLabel, group]);
}

/** Searches every model of every configured provider, with context window and price, and sets the default. */
export function ModelSelect({ settings, onChange }: Props) {
  const { catalog, refreshing, refresh } = useCatalog(JSON.stringify(settings.providers));
  const [query, setQuery] = useState('');
  const entries = catalog?.entries ?? [];
  const shown = useMemo(() => entries.filter((e) => matches(e, query)).slice(0, 300), [entries, query]);
  const current = entries.find((e) => e.id === settings.defaultModel);
  const newest = Math.max(0, ...(catalog?.lists.map((l) => l.fetchedAt) ?? []));
  const failed = catalog?.lists.filter((l) => l.error) ?? [];

  return (
    <div className="picker" data-testid="model-picker">
      <input type="search" aria-label="Search models" placeholder={`Search ${entries.length} models…`} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="model-search" />
      <small>Context window · USD per 1M input/output tokens</small>
      <select aria-label="Default model" data-testid="default-model" size={Math.min(10, Math.max(4, shown.length + new Set(shown.map((e) => e.providerId)).size))} value={settings.defaultModel ?? ''} onChange={(event) => onChange(event.target.value)}>
        {groups(shown).map(([label, group]) => (
          <optgroup key={group[0]!.providerId} label={label}>
            {group.map((entry) => (
              <option key={entry.id} value={entry.id} title={`${entry.name} · ${formatContext(entry.contextWindow)} · ${formatPrice(entry.price)}`}>
                {short(entry)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {shown.length === 0 && <p className="muted">No model matches “{query}”.</p>}
      {current ? (
        <div className="picker-detail" data-testid="model-detail">
          <span>
            Default: <strong>{current.name}</strong> on {current.providerLabel}
          </span>
          <span>
            {formatContext(current.contextWindow)} · {formatPrice(current.price)}
          </span>
          <small>{formatPriceSource(current.price)}</small>
          <small data-testid="model-window">{formatWindowFact(current)}.</small>
          <small data-testid="model-inputs">{formatInputsFact(current)}.</small>
        </div>
      ) : (
        <p className="muted">No default model chosen yet: pick one above.</p>
      )}
      <small className="row" data-testid="catalog-age">
        Model lists {refreshing ? 'updating…' : formatAge(newest)}
        <button type="button" onClick={() => void refresh(true)} disabled={refreshing}>
          Refresh
        </button>
      </small>
      {failed.map((l) => (
        <small key={l.providerId} className="error">
          {l.label}: could not update its model list ({l.error}). Showing the last list it gave.
        </small>
      ))}
    </div>
  );
}
