import type { UsageRecord } from './usage-record';

type Cell = string | number | null | undefined;

const COLUMNS: Array<[header: string, cell: (row: UsageRecord) => Cell]> = [
  ['id', (r) => r.id],
  ['time', (r) => new Date(r.time).toISOString()],
  ['origin', (r) => r.origin],
  ['tab_title', (r) => r.tabTitle],
  ['provider', (r) => r.provider],
  ['model', (r) => r.model],
  ['input_tokens', (r) => r.inputTokens],
  ['output_tokens', (r) => r.outputTokens],
  ['usage_source', (r) => r.usageSource],
  // Empty, not 0, when the price was unknown.
  ['cost_usd', (r) => r.cost],
  ['ttft_ms', (r) => r.ttftMs],
  ['total_ms', (r) => r.totalMs],
  ['outcome', (r) => r.outcome],
  ['error', (r) => r.error],
  [
    'attempts',
    (r) =>
      r.attempts
        ? r.attempts.map((a) => `${a.model}:${a.outcome}${a.status ? `:${a.status}` : ''}:${a.ms}ms`).join(' > ')
        : '',
  ],
  ['prompt', (r) => r.prompt],
  // Present only on rows written while the user kept history on.
  ['response', (r) => r.response],
  // Part of cost_usd: what the provider reported beyond the call's hold. Empty when none.
  ['overshoot_usd', (r) => r.overshootUsd],
  // The page API that made the call; empty on rows written before it was kept.
  ['api', (r) => r.api],
];

/**
 * RFC 4180 quoting. Text a spreadsheet would run as a formula (a tab title is chosen by the
 * website) gets a leading apostrophe, so opening the export cannot run the site's formula.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row, then one line per record, CRLF-separated as spreadsheets expect. */
export function toCsv(rows: Iterable<UsageRecord>): string {
  const lines = [COLUMNS.map(([header]) => header).join(',')];
  for (const row of rows) lines.push(COLUMNS.map(([, cell]) => csvCell(cell(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function toJson(rows: UsageRecord[]): string {
  return JSON.stringify({ format: 'own-model-usage', version: 1, records: rows }, null, 1);
}
