import type { ExtensionBrowser } from './types';

export interface LedgerSnapshot {
  /** Rows as stored, with `cost` added: the stored whole nano-dollars in USD. */
  usage: Array<{
    outcome: string;
    cost: number | null;
    costNanos: number | null;
    overshootNanos?: number;
    inputTokens: number;
    outputTokens: number;
    origin: string;
    error: string | null;
  }>;
  reservations: unknown[];
}

/**
 * Reads the ledger's IndexedDB from an extension page, which shares the worker's origin and so
 * its databases: what is really stored, not what any message says.
 */
export async function readLedger(browser: ExtensionBrowser): Promise<LedgerSnapshot> {
  const page = await browser.openExtensionPage('popup.html');
  try {
    return await page.evaluate(
      () =>
        new Promise<LedgerSnapshot>((resolve, reject) => {
          const open = indexedDB.open('own-model-ledger');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['usage', 'reservations']);
            const usage = tx.objectStore('usage').getAll();
            const reservations = tx.objectStore('reservations').getAll();
            tx.oncomplete = () => {
              open.result.close();
              const rows = usage.result as LedgerSnapshot['usage'];
              resolve({
                usage: rows.map((row) => ({ ...row, cost: row.costNanos === null ? null : row.costNanos / 1e9 })),
                reservations: reservations.result,
              });
            };
          };
        }),
      undefined,
    );
  } finally {
    await page.close();
  }
}
