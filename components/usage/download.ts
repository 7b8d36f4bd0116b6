import { toCsv, toJson } from '@/lib/ledger/export';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import type { ExportChunk } from '@/lib/ledger/queries';
import { sendMessage } from '@/lib/messages';

export type ExportFormat = 'csv' | 'json';

async function everyRecord(): Promise<UsageRecord[]> {
  const rows: UsageRecord[] = [];
  for (let afterId: number | null = null; ;) {
    const chunk: ExportChunk = await sendMessage('exportUsage', { afterId });
    rows.push(...chunk.rows);
    if (chunk.nextAfterId === null) return rows;
    afterId = chunk.nextAfterId;
  }
}

/** Saves every record as a file, through a Blob URL so no data leaves the browser. */
export async function downloadUsage(format: ExportFormat): Promise<number> {
  const rows = await everyRecord();
  const text = format === 'csv' ? toCsv(rows) : toJson(rows);
  const blob = new Blob([text], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `own-model-usage-${new Date().toISOString().slice(0, 10)}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; the URL only keeps the text in memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return rows.length;
}
