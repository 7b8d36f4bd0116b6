import { useMemo, useState } from 'react';
import type { Settings } from '@/lib/settings/schema';
import { contextSize, matches, perMillion } from '@/lib/catalog/format';
import {
  formatAge,
  formatContext,
  formatInputsFact,
  formatPrice,
  formatPriceSource,
  formatWindowFact,
} from './catalog-text';
import type { CatalogEntry } from '@/lib/catalog/catalog';
import { uiCount, uiText, uiTextWith } from './i18n';
import { formatCount } from './usage/format';
import { useCatalog } from './use-catalog';
import './providers.css';

interface Props {
  settings: Settings;
  onChange(modelId: string): void;
}

const short = (entry: CatalogEntry) => {
  const price =
    entry.price === null
      ? formatPrice(null)
      : entry.price.source === 'local' || entry.price.source === 'on-device'
        ? uiText('free')
        : `${perMillion(entry.price.input)}/${perMillion(entry.price.output)}`;
  const context = entry.contextWindow === null ? '' : ` · ${contextSize(entry.contextWindow)}`;
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
      <input
        type="search"
        aria-label={uiText('modelSearch')}
        placeholder={uiCount(entries.length, 'modelSearchOne', 'modelSearchMany', formatCount(entries.length))}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="model-search"
      />
      <small>{uiText('modelListLegend')}</small>
      <select
        aria-label={uiText('defaultModel')}
        data-testid="default-model"
        size={Math.min(10, Math.max(4, shown.length + new Set(shown.map((e) => e.providerId)).size))}
        value={settings.defaultModel ?? ''}
        onChange={(event) => onChange(event.target.value)}
      >
        {groups(shown).map(([label, group]) => (
          <optgroup key={group[0]!.providerId} label={label}>
            {group.map((entry) => (
              <option
                key={entry.id}
                value={entry.id}
                title={`${entry.name} · ${formatContext(entry.contextWindow)} · ${formatPrice(entry.price)}`}
              >
                {short(entry)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {shown.length === 0 && <p className="muted">{uiText('modelNoMatch', query)}</p>}
      {current ? (
        <div className="picker-detail" data-testid="model-detail">
          <span>{uiTextWith('modelDefaultOn', <strong>{current.name}</strong>, current.providerLabel)}</span>
          <span>
            {formatContext(current.contextWindow)} · {formatPrice(current.price)}
          </span>
          <small>{formatPriceSource(current.price)}</small>
          <small data-testid="model-window">{formatWindowFact(current)}.</small>
          <small data-testid="model-inputs">{formatInputsFact(current)}.</small>
        </div>
      ) : (
        <p className="muted">{uiText('modelNoDefault')}</p>
      )}
      <small className="row" data-testid="catalog-age">
        {refreshing ? uiText('modelListsUpdating') : uiText('modelListsAge', formatAge(newest))}
        <button type="button" onClick={() => void refresh(true)} disabled={refreshing}>
          {uiText('refresh')}
        </button>
      </small>
      {failed.map((l) => (
        <small key={l.providerId} className="error">
          {uiText('modelListFailed', l.label, l.error ?? '')}
        </small>
      ))}
    </div>
  );
}
