import type { BrowserContext } from 'playwright-core';
import { plainPage, startPageServer } from '../../test/servers/pages';
import type { FloorKind } from '../lib/floor-extension';
import { alternate, figure, summarize, type Figure } from '../lib/stats';
import { contentScriptCosts, traceLoad, type TraceEvent } from '../lib/trace';

const FRAMES = 12;
/** Every frame of the article: the top document and its iframes. */
const DOCUMENTS = FRAMES + 1;
/** The budget (docs/architecture.md) for both content scripts together, per frame that never calls the API. */
const PER_FRAME_LIMIT_MS = 0.3;
/** The budget (docs/architecture.md) for the whole page's load: within 2% of its time without the extension. */
const LOAD_LIMIT = 0.02;

/**
 * An article with ads: some text and 12 iframes, half from its own origin and half from
 * another site (`localhost` against `127.0.0.1`), which site isolation puts in other
 * processes. No document runs script of its own.
 */
function articlePage(sameSite: string, crossSite: string): string {
  const text =
    '<p>Paragraph of an article that never calls the API, long enough to wrap over a few lines of the page.</p>'.repeat(
      20,
    );
  const frames = Array.from({ length: FRAMES }, (_, i) => {
    const origin = i % 2 === 0 ? sameSite : crossSite;
    return `<iframe src="${origin}/frame?n=${i}" width="300" height="250"></iframe>`;
  }).join('\n');
  return plainPage('Article', `${text}\n${frames}`);
}

/** Time from navigation start to the top document's load event, which waits for every iframe. */
async function loadOnce(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    const frames = page.frames().length;
    if (frames !== DOCUMENTS) throw new Error(`the article loaded ${frames} frames, not ${DOCUMENTS}`);
    // A string, because tsx's name helpers do not exist in the page.
    return (await page.evaluate(`performance.getEntriesByType('navigation')[0].loadEventStart`)) as number;
  } finally {
    await page.close();
  }
}

// Events that run script on a renderer's main thread. Nested ones (a compile inside an
// evaluation) are counted once, through the outermost.
const SCRIPT_EVENTS = new Set([
  'EvaluateScript',
  'FunctionCall',
  'v8.compile',
  'v8.compileModule',
  'v8.evaluateModule',
  'RunMicrotasks',
  'TimerFire',
  'EventDispatch',
  'FireAnimationFrame',
]);

interface TracedLoad {
  /** Main-thread script in every process the page used, in ms. */
  totalMs: number;
  /** EvaluateScript thread time of each content script, summed over the frames, in ms. */
  byScript: Record<string, number>;
}

/**
 * One traced load. Tracing is browser-wide, so the trace holds the out-of-process iframes'
 * renderers as well as the top document's.
 */
async function traceOnce(context: BrowserContext, url: string): Promise<TracedLoad> {
  return summarizeTrace(await traceLoad(context, url, 'devtools.timeline,v8'));
}

function summarizeTrace(events: TraceEvent[]): TracedLoad {
  const threads = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !SCRIPT_EVENTS.has(e.name)) continue;
    const key = `${e.pid}:${e.tid}`;
    threads.set(key, [...(threads.get(key) ?? []), e]);
  }
  let totalMs = 0;
  for (const list of threads.values()) {
    let openUntil = -Infinity;
    for (const e of list.sort((a, b) => a.ts - b.ts)) {
      if (e.ts < openUntil) continue;
      totalMs += (e.dur ?? 0) / 1000;
      openUntil = e.ts + (e.dur ?? 0);
    }
  }
  return { totalMs, byScript: contentScriptCosts(events) };
}

/** A browser with one of the floor extensions (lib/floor-extension.ts) loaded alone. */
export interface FloorBrowser {
  kind: FloorKind;
  context: BrowserContext;
}

const FLOOR_NAMES: Record<FloorKind, string> = {
  empty: 'two content scripts that run nothing',
  globals: 'one MAIN-world script that only puts the nine globals',
};

/** Our content scripts' EvaluateScript thread time per frame, in ms. */
const perFrameOf = (t: TracedLoad) => Object.values(t.byScript).reduce((a, b) => a + b, 0) / DOCUMENTS;

/**
 * The article with 12 iframes, loaded alternately in the extension's browser and in the plain
 * one: time to the load event (untraced loads), and main-thread script in every frame and
 * process (traced loads, both arms traced alike). Each floor browser is traced alternately with
 * the extension's, so the per-frame budget is read against the least any script costs here in
 * the same run; each floor also loads the article against the plain browser, to show what the
 * load budget leaves to such scripts.
 */
export async function measureIframes(
  extension: BrowserContext,
  plain: BrowserContext,
  floors: FloorBrowser[],
  loads: number,
): Promise<{ figures: Figure[]; perFrame: Record<string, { median: number; p95: number }> }> {
  const routes: Record<string, string> = { '/frame': plainPage('Ad', '<p>An advertisement.</p>') };
  const server = await startPageServer(routes);
  try {
    routes['/article'] = articlePage(server.origin, server.origin.replace('127.0.0.1', 'localhost'));
    const url = `${server.origin}/article`;
    for (let i = 0; i < 2; i++)
      await alternate(
        1,
        () => loadOnce(plain, url),
        () => loadOnce(extension, url),
      );
    const load = await alternate(
      loads,
      () => loadOnce(plain, url),
      () => loadOnce(extension, url),
    );
    const traced = await alternate(
      Math.min(loads, 10),
      () => traceOnce(plain, url),
      () => traceOnce(extension, url),
    );

    const floorFigures: Figure[] = [];
    for (const floor of floors) {
      const pair = await alternate(
        Math.min(loads, 10),
        () => traceOnce(floor.context, url),
        () => traceOnce(extension, url),
      );
      floorFigures.push(
        figure(
          `Content scripts per frame of the article, ours against ${FLOOR_NAMES[floor.kind]} (${pair.subject.length} traced loads each)`,
          'ms',
          pair.subject.map(perFrameOf),
          pair.base.map(perFrameOf),
          'floor',
          {
            note: `EvaluateScript thread time (tdur) per frame; the floor's files are written by bench/lib/floor-extension.ts`,
          },
        ),
      );
      const floorLoad = await alternate(
        loads,
        () => loadOnce(plain, url),
        () => loadOnce(floor.context, url),
      );
      const added = summarize(floorLoad.subject).median - summarize(floorLoad.base).median;
      floorFigures.push(
        figure(
          `Load event of the article with ${FLOOR_NAMES[floor.kind]} (${loads} loads)`,
          'ms',
          floorLoad.subject,
          floorLoad.base,
          'no ext.',
          {
            note: `what the load budget leaves to such scripts; added median ${added.toFixed(1)} ms (${((100 * added) / summarize(floorLoad.base).median).toFixed(1)} %)`,
          },
        ),
      );
    }

    const loadAdded = summarize(load.subject).median - summarize(load.base).median;
    const loadShare = loadAdded / summarize(load.base).median;
    const ours = traced.subject.map(perFrameOf);
    const oursMedian = summarize(ours).median;
    const scripts = [...new Set(traced.subject.flatMap((t) => Object.keys(t.byScript)))];
    const perFrame = Object.fromEntries(
      scripts.map((name) => {
        const { median, p95 } = summarize(traced.subject.map((t) => (t.byScript[name] ?? 0) / DOCUMENTS));
        return [name, { median: +median.toFixed(3), p95: +p95.toFixed(3) }];
      }),
    );
    const total = (xs: TracedLoad[]) => xs.map((t) => t.totalMs);
    return {
      figures: [
        figure(
          `Load event of an article with ${FRAMES} iframes, ${FRAMES / 2} cross-site (${loads} loads)`,
          'ms',
          load.subject,
          load.base,
          'no ext.',
          {
            budget: {
              what: 'added median / no-extension median',
              value: loadShare * 100,
              limit: `≤ ${LOAD_LIMIT * 100} %`,
              met: loadShare <= LOAD_LIMIT,
            },
            note: `performance navigation entry loadEventStart; added median ${loadAdded.toFixed(1)} ms`,
          },
        ),
        figure(
          `Main-thread script, all ${DOCUMENTS} frames and processes of the article (${traced.subject.length} traced loads)`,
          'ms',
          total(traced.subject),
          total(traced.base),
          'no ext.',
          {
            note: `devtools.timeline script events (evaluate, call, compile, microtasks, events), outermost only, every renderer; added median ${(summarize(total(traced.subject)).median - summarize(total(traced.base)).median).toFixed(2)} ms`,
          },
        ),
        figure(
          `Content scripts per frame of the article (${traced.subject.length} traced loads)`,
          'ms',
          ours,
          null,
          '',
          {
            budget: {
              what: 'median',
              value: oursMedian,
              limit: `≤ ${PER_FRAME_LIMIT_MS} ms`,
              met: oursMedian <= PER_FRAME_LIMIT_MS,
            },
            note: `EvaluateScript thread time (tdur) of every content script in every frame, over ${DOCUMENTS} frames`,
          },
        ),
        ...floorFigures,
      ],
      perFrame,
    };
  } finally {
    await server.close();
  }
}
