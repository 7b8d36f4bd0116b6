import type { Page } from 'playwright-core';
import { bundleForPage } from '../../test/e2e/harness/page-bundle';
import type { Bench } from '../lib/setup';
import { alternate, figure, summarize, type Figure } from '../lib/stats';

type Probe = {
  benchLedger: {
    recordRequests(n: number): Promise<number[]>;
    recordRequestsBare(n: number): Promise<number[]>;
    seed(total: number): Promise<number>;
    summary(): Promise<{ ms: number; sites: number }>;
    groupAll(): Promise<{ ms: number; rows: number; sites: number }>;
  };
};

const probeSource = () => bundleForPage(new URL('../ledger-probe.ts', import.meta.url));

/** The options page's Usage tab, from navigation to its site table listing every site. */
async function renderUsagePage(page: Page, url: string, sites: number): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit' });
  // The time is read in the page the moment the table is full, not after a round trip back here.
  const listed = await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=usage-sites] tbody tr').length >= n && performance.now(),
    sites,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await listed.jsonValue()) as number;
}

/**
 * The ledger's costs that grow with use: recording each request, and showing every record
 * grouped by site. Runs in an extension page, which shares the worker's IndexedDB origin.
 */
export async function measureLedger(
  bench: Bench,
  records: number,
  seedTo: number,
  rounds: number,
): Promise<{ figures: Figure[]; detail: Record<string, number> }> {
  const page = await bench.browser.context.newPage();
  await page.goto(`${bench.browser.extensionOrigin}/popup.html`);
  await page.evaluate(await probeSource());
  const per = Math.max(1, Math.floor(records / rounds));
  const writes = await alternate(
    rounds,
    () => page.evaluate((n) => (globalThis as never as Probe).benchLedger.recordRequestsBare(n), per),
    () => page.evaluate((n) => (globalThis as never as Probe).benchLedger.recordRequests(n), per),
  );
  const rows = await page.evaluate((n) => (globalThis as never as Probe).benchLedger.seed(n), seedTo);
  const reads = await alternate(
    rounds,
    () => page.evaluate(() => (globalThis as never as Probe).benchLedger.groupAll()),
    () => page.evaluate(() => (globalThis as never as Probe).benchLedger.summary()),
  );
  const sites = reads.subject[0]?.sites ?? 0;
  const usageUrl = `${bench.browser.extensionOrigin}/options.html#usage`;
  const renders: number[] = [];
  for (let i = 0; i < rounds; i++) renders.push(await renderUsagePage(page, usageUrl, sites));
  await page.close();
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const subjectWrites = writes.subject.flat();
  const query = reads.subject.map((r) => r.ms);
  const shown = summarize(renders).median;
  return {
    figures: [
      figure(
        `Ledger: appendUsage, one awaited write per request (${subjectWrites.length} requests)`,
        'ms per request',
        subjectWrites,
        writes.base.flat(),
        'bare IDB',
        {
          note: 'appendUsage writes the row and its running totals in one transaction; the baseline adds the row alone',
        },
      ),
      figure(
        `Ledger: per-site summary over ${rows} records (usageSummary)`,
        'ms',
        query,
        reads.base.map((r) => r.ms),
        'read all',
        {
          note: 'baseline: getAll of every record and one pass grouping by site, the view without running totals',
        },
      ),
      figure(
        `Usage page: options.html#usage until all ${sites} sites are listed, ${rows} records`,
        'ms',
        renders,
        null,
        '',
        {
          budget: { what: 'median', value: shown, limit: '≤ 300 ms', met: shown <= 300 },
          note: 'from navigation start (performance.now() in the page) to the site table holding every site',
        },
      ),
    ],
    detail: {
      recordTotalMs: sum(subjectWrites),
      recordBareTotalMs: sum(writes.base.flat()),
      rowsInLedger: rows,
      sites,
    },
  };
}
