import { extensionWorker } from '../lib/browsers';
import { timeCall, timeCalls, type Bench, type CallTiming } from '../lib/setup';
import { alternate, figure, summarize, type Figure } from '../lib/stats';

// Small, distinct deltas, so that a lost or reordered one changes the text.
const deltasOf = (n: number) => Array.from({ length: n }, (_, i) => `${i % 10 === 0 ? ' ' : ''}${i.toString(36)}`);

/** Server deltas that reached the page per second, from the call's start to its last byte. */
const rate = (t: CallTiming, chunks: number) => chunks / ((t.endedAt - t.started) / 1000);

// Counts, in the worker, readwrite transactions and storage writes; a string, because tsx's
// name helpers do not exist in the worker.
const COUNT_WRITES = `(() => {
  const g = globalThis;
  if (g.__benchWrites) return;
  g.__benchWrites = { idb: 0, storage: 0 };
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
    if (mode === 'readwrite') g.__benchWrites.idb++;
    return transaction.call(this, stores, mode, ...rest);
  };
  for (const area of ['local', 'session', 'sync']) {
    const store = g.chrome.storage[area];
    const set = store.set;
    store.set = function (...args) { g.__benchWrites.storage++; return set.apply(this, args); };
  }
})()`;

/** One long stream: the relay's throughput against the page reading the same stream itself. */
export async function measureThroughput(
  bench: Bench,
  rounds: number,
  chunks: number,
): Promise<{ figures: Figure[]; pageChunks: number[]; writesPerStream: { idb: number; storage: number } }> {
  const deltas = deltasOf(chunks);
  const expected = deltas.join('');
  bench.provider.script({ deltas });
  const page = await bench.openBenchPage();
  const body = bench.bodyFor('Stream a lot.');
  const pageChunks: number[] = [];
  const one = async (which: 'direct' | 'extension') => {
    const t = await timeCall(page, which, bench.url, body);
    if (t.text !== expected) throw new Error(`${which}: the streamed text differs from what the server sent`);
    if (which === 'extension') pageChunks.push(t.deltas);
    return rate(t, chunks);
  };
  await alternate(
    1,
    () => one('direct'),
    () => one('extension'),
  );
  pageChunks.length = 0;
  const worker = await extensionWorker(bench.browser.context, bench.browser.extensionOrigin);
  await worker.evaluate(COUNT_WRITES);
  const before = (await worker.evaluate('({ ...globalThis.__benchWrites })')) as { idb: number; storage: number };
  const runs = await alternate(
    rounds,
    () => one('direct'),
    () => one('extension'),
  );
  const after = (await worker.evaluate('({ ...globalThis.__benchWrites })')) as { idb: number; storage: number };
  await page.close();
  const writesPerStream = {
    idb: (after.idb - before.idb) / rounds,
    storage: (after.storage - before.storage) / rounds,
  };
  const ratio = summarize(runs.subject).median / summarize(runs.base).median;
  return {
    figures: [
      figure(`Relay throughput, one stream of ${chunks} deltas`, 'deltas/s', runs.subject, runs.base, 'direct', {
        budget: { what: 'extension / direct', value: ratio, limit: '≥ 0.95', met: ratio >= 0.95 },
      }),
    ],
    pageChunks,
    writesPerStream,
  };
}

/** Many streams at once from several tabs: total rate, and how long the slowest first tokens wait. */
export async function measureConcurrency(
  bench: Bench,
  rounds: number,
  tabs: number,
  perTab: number,
  chunks: number,
): Promise<Figure[]> {
  const deltas = deltasOf(chunks);
  const expected = deltas.join('');
  bench.provider.script({ deltas });
  const pages = await Promise.all(Array.from({ length: tabs }, () => bench.openBenchPage()));
  const body = bench.bodyFor('Stream with the others.');
  const one = async (which: 'direct' | 'extension') => {
    const all = (await Promise.all(pages.map((p) => timeCalls(p, which, bench.url, body, perTab)))).flat();
    if (all.some((t) => t.text !== expected))
      throw new Error(`${which}: a concurrent stream's text differs from what the server sent`);
    const start = Math.min(...all.map((t) => t.started));
    const end = Math.max(...all.map((t) => t.endedAt));
    return { rate: (all.length * chunks) / ((end - start) / 1000), ttfts: all.map((t) => t.firstAt - t.started) };
  };
  await alternate(
    1,
    () => one('direct'),
    () => one('extension'),
  );
  const runs = await alternate(
    rounds,
    () => one('direct'),
    () => one('extension'),
  );
  await Promise.all(pages.map((p) => p.close()));
  const streams = tabs * perTab;
  return [
    figure(
      `Concurrency: total throughput, ${streams} streams from ${tabs} tabs`,
      'deltas/s',
      runs.subject.map((r) => r.rate),
      runs.base.map((r) => r.rate),
      'direct',
    ),
    figure(
      `Concurrency: time to first token over ${streams} streams (per-round p95)`,
      'ms',
      runs.subject.map((r) => summarize(r.ttfts).p95),
      runs.base.map((r) => summarize(r.ttfts).p95),
      'direct',
    ),
  ];
}
