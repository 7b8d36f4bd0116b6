import { browser } from 'wxt/browser';

const memos = new Map<string, Promise<unknown>>();
let watching = false;

/**
 * The worker reads settings and the catalog on every call; keeping the last read in memory
 * takes storage off the path to the first token. Any change to the stored key, from any
 * extension page, drops the copy. Only the worker turns this on (`rememberStorageReads`), so
 * pages and tests always read storage itself.
 */
export function rememberStorageReads(): void {
  if (watching) return;
  watching = true;
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local') for (const key of Object.keys(changes)) memos.delete(key);
  });
}

export function memoRead<T>(key: string, read: () => Promise<T>): Promise<T> {
  if (!watching) return read();
  let memo = memos.get(key) as Promise<T> | undefined;
  if (!memo) {
    memo = read();
    memos.set(key, memo);
    memo.catch(() => memos.delete(key));
  }
  return memo;
}
