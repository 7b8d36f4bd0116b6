import type { CatalogEntry } from '@/lib/catalog/catalog';
import { uiText } from './i18n';

interface Props {
  entries: CatalogEntry[];
  value: string;
  onChange(modelId: string): void;
}

/** Picks one model of the catalog by id, for the forms that set something of a model's own. */
export function EntrySelect({ entries, value, onChange }: Props) {
  return (
    <label>
      {uiText('model')}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {entries.slice(0, 1_000).map((e) => (
          <option key={e.id} value={e.id}>
            {e.id}
          </option>
        ))}
      </select>
    </label>
  );
}
