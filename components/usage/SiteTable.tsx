import { useState } from 'react';
import { grantLabel } from '../GrantSelect';
import { uiText, type MessageKey } from '../i18n';
import { formatCount, formatTokens, formatUsd, formatWhen } from './format';
import { visibleRows, type SiteRow, type SortKey } from './sort';

const COLUMNS: Array<{ key: SortKey; label: MessageKey; numeric?: boolean; title?: MessageKey }> = [
  { key: 'origin', label: 'site' },
  { key: 'grant', label: 'access' },
  { key: 'requests', label: 'requests', numeric: true, title: 'allTime' },
  { key: 'tokens', label: 'tokens', numeric: true, title: 'usageTokensTitle' },
  { key: 'today', label: 'today', numeric: true },
  { key: 'month', label: 'thisMonth', numeric: true },
  { key: 'ever', label: 'allTime', numeric: true },
  { key: 'lastAt', label: 'lastUsed' },
];

/** Every site that used the model or was given access: sortable by any column, searchable by name. */
export function SiteTable({ rows, onOpen }: { rows: SiteRow[]; onOpen(origin: string): void }) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'lastAt', descending: true });
  const shown = visibleRows(rows, search, sort.key, sort.descending);
  // Numbers read best largest first; names A to Z.
  const sortBy = (key: SortKey) =>
    setSort((s) =>
      s.key === key ? { key, descending: !s.descending } : { key, descending: key !== 'origin' && key !== 'grant' },
    );

  return (
    <div className="usage-sites">
      <label className="usage-search">
        <span className="sr-only">{uiText('usageSearchSites')}</span>
        <input
          type="search"
          placeholder={uiText('usageSearchSites')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="usage-search"
        />
      </label>
      <table data-testid="usage-sites">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                className={c.numeric ? 'num' : undefined}
                aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
                title={c.title && uiText(c.title)}
              >
                <button type="button" className="sort" data-sort={c.key} onClick={() => sortBy(c.key)}>
                  {uiText(c.label)}
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
                <button
                  type="button"
                  className="link"
                  onClick={() => onOpen(row.origin)}
                  title={uiText('usageShowSite')}
                >
                  {row.origin}
                </button>
              </td>
              <td>{grantLabel(row.grant)}</td>
              <td className="num">{formatCount(row.ever.requests)}</td>
              <td
                className="num"
                title={uiText(
                  'usageTokensInOut',
                  formatCount(row.ever.inputTokens),
                  formatCount(row.ever.outputTokens),
                )}
              >
                {formatTokens(row.ever.inputTokens + row.ever.outputTokens)}
              </td>
              <td className="num" data-period="today">
                {formatUsd(row.today.usd)}
              </td>
              <td className="num" data-period="month">
                {formatUsd(row.month.usd)}
              </td>
              <td className="num" data-period="ever">
                {formatUsd(row.ever.usd)}
              </td>
              <td>{formatWhen(row.lastAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && (
        <p className="muted">{rows.length === 0 ? uiText('usageNoSites') : uiText('usageNoMatch')}</p>
      )}
    </div>
  );
}
