import { describe, expect, it } from 'vitest';
import { csvCell, toCsv, toJson } from '@/lib/ledger/export';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import { visibleRows, type SiteRow } from '@/components/usage/sort';

const record = (extra: Partial<UsageRecord> = {}): UsageRecord => ({
  id: 7,
  time: Date.UTC(2026, 10, 23, 9, 30),
  origin: 'https://a.example',
  tabTitle: 'Plain',
  model: 'openai/gpt-4o-mini',
  provider: 'openai',
  inputTokens: 12,
  outputTokens: 3,
  usageSource: 'reported',
  cost: 0.0000036,
  ttftMs: 80,
  totalMs: 400,
  outcome: 'ok',
  error: null,
  ...extra,
});

/** A strict RFC 4180 reader, so the test checks what a spreadsheet will see, not our own writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\r' && text[i + 1] === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''), i++);
    else cell += c;
  }
  return rows;
}

describe('CSV export', () => {
  it('starts with a header row and gives one line per record', () => {
    const [header, ...lines] = parseCsv(toCsv([record(), record({ id: 8 })]));
    expect(header).toEqual([
      'id',
      'time',
      'origin',
      'tab_title',
      'provider',
      'model',
      'input_tokens',
      'output_tokens',
      'usage_source',
      'cost_usd',
      'ttft_ms',
      'total_ms',
      'outcome',
      'error',
      'attempts',
      'prompt',
      'response',
      'overshoot_usd',
      'api',
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.slice(0, 4)).toEqual(['7', '2026-11-23T09:30:00.000Z', 'https://a.example', 'Plain']);
    expect(lines[0]![9]).toBe('0.0000036');
  });

  it('quotes commas, quotes and line breaks so every field survives a round trip', () => {
    const tricky = record({
      tabTitle: 'Hello, "world"',
      error: 'line one\nline two\r\nline three',
      prompt: 'a,b',
      response: '"',
    });
    const [, line] = parseCsv(toCsv([tricky]));
    expect(line).toHaveLength(19);
    expect(line![3]).toBe('Hello, "world"');
    expect(line![13]).toBe('line one\nline two\r\nline three');
    expect(line![15]).toBe('a,b');
    expect(line![16]).toBe('"');
  });

  it('leaves the cost empty when it is unknown, never 0', () => {
    const [, line] = parseCsv(toCsv([record({ cost: null })]));
    expect(line![9]).toBe('');
    expect(csvCell(0)).toBe('0');
  });

  it('defuses a title a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("https://evil.example","x")')).toBe('"\'=HYPERLINK(""https://evil.example"",""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('plain')).toBe('plain');
  });

  it('writes the models tried when a call fell back', () => {
    const fellBack = record({
      attempts: [
        { model: 'a/one', outcome: 'error', status: 503, ms: 20 },
        { model: 'b/two', outcome: 'ok', status: null, ms: 300 },
      ],
    });
    expect(parseCsv(toCsv([fellBack]))[1]![14]).toBe('a/one:error:503:20ms > b/two:ok:300ms');
  });

  it('carries what a call was charged beyond its hold, and leaves it empty for a call within it', () => {
    const [, over, within] = parseCsv(toCsv([record({ cost: 0.0123, overshootUsd: 0.0023 }), record()]));
    expect(over![17]).toBe('0.0023');
    expect(within![17]).toBe('');
  });
});

describe('JSON export', () => {
  it('holds every record as written, with null costs kept null', () => {
    const rows = [record(), record({ id: 8, cost: null, prompt: 'hi' })];
    const parsed = JSON.parse(toJson(rows));
    expect(parsed.format).toBe('own-model-usage');
    expect(parsed.records).toEqual(rows);
    expect(parsed.records[1].cost).toBeNull();
  });
});

describe('the per-site table', () => {
  const sums = (usd: number, requests: number) => ({
    usd,
    requests,
    inputTokens: requests * 10,
    outputTokens: requests,
  });
  const site = (origin: string, ever: number, requests: number, lastAt: number): SiteRow => ({
    origin,
    grant: 'ask',
    today: sums(0, 0),
    month: sums(ever, requests),
    ever: sums(ever, requests),
    lastAt,
  });
  const rows = [
    site('https://b.example', 0.5, 3, 30),
    site('https://a.example', 2, 1, 10),
    site('https://docs.c.example', 0.01, 9, 20),
  ];

  it('sorts by any column either way', () => {
    expect(visibleRows(rows, '', 'ever', true).map((r) => r.ever.usd)).toEqual([2, 0.5, 0.01]);
    expect(visibleRows(rows, '', 'requests', false).map((r) => r.ever.requests)).toEqual([1, 3, 9]);
    expect(visibleRows(rows, '', 'origin', false).map((r) => r.origin)).toEqual([
      'https://a.example',
      'https://b.example',
      'https://docs.c.example',
    ]);
    expect(visibleRows(rows, '', 'lastAt', true).map((r) => r.lastAt)).toEqual([30, 20, 10]);
  });

  it('searches by part of the origin, ignoring case', () => {
    expect(visibleRows(rows, ' DOCS ', 'origin', false).map((r) => r.origin)).toEqual(['https://docs.c.example']);
    expect(visibleRows(rows, 'nothing', 'origin', false)).toEqual([]);
  });
});
