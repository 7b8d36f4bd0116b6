import { useState } from 'react';
import { grantLabel } from '../GrantSelect';
import { formatCount, formatTokens, formatUsd, formatWhen } from './format';
import { visibleRows, type SiteRow, type SortKey } from './sort';

const COLUMNS: Array<{ key: SortKey; label: string; numeric?: boolean; title?: string }> = [
  { key: 'origin', label: 'Site' },
  { key: 'grant', label: 'Access' },
  { key: 'requests', label: 'Requests', numeric: true, title: 'All time' },
  { key: 'tokens', label: 'Tokens', numeric: true, title: 'Input and output, all time' },
  { key: 'today', label: 'Today', numeric: true },
  { key: 'month', label: 'This month', numeric: true },
  { key: 'ever', label: 'All time', numeric: true },
  { key: 'lastAt', label: 'Last used' },
];

/** Every site that used the model or was given access: sortable by any column, searchable by name. */
export function SiteTable({ rows, onOpen }: { rows: SiteRow[]; onOpen(origin: string): void }) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'lastAt', descending: true });
  const shown = visibleRows(rows, search, sort.key, sort.descending);
  // Numbers read best largest first; names A to Z.
  const sortBy = (key: SortKey) => setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: key !== 'origin' && key !== 'grant' }));

  return (
    <div className="usage-sites">
      <label className="usage-search">
        <span className="sr-only">Search sites</span>
        <input type="search" placeholder="Search sites" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="usage-search" />
      </label>
      <table data-testid="usage-sites">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined} title={c.title}>
                <button type="button" className="sort" data-sort={c.key} onClick={() => sortBy(c.key)}>
                  {c.label}
                  <span aria-hidden="true">{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.origin} data-origin={row.origin}>
              <td>
                <button type="button" className="link" onClick={() => onOpen(row.origin)} title="Show this site’s requests">
                  {row.origin}
                </button>
              </td>
              <td>{grantLabel(row.grant)}</td>
              <td className="num">{formatCount(row.ever.requests)}</td>
              <td className="num" title={`${formatCount(row.ever.inputTokens)} in, ${formatCount(row.ever.outputTokens)} out`}>
                {formatTokens(row.ever.inputTokens + row.ever.outputTokens)}
              </td>
              <td className="num" data-period="today">{formatUsd(row.today.usd)}</td>
              <td className="num" data-period="month">{formatUsd(row.month.usd)}</td>
              <td className="num" data-period="ever">{formatUsd(row.ever.usd)}</td>
              <td>{formatWhen(row.lastAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">{rows.length === 0 ? 'No site has used your model yet.' : 'No site matches the search.'}</p>}
    </div>
  );
}
