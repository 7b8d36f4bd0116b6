import type { BrowserContext } from 'playwright-core';

export type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string } };
};

/** The trace events of one load of `url` in a fresh tab. Tracing is browser-wide: out-of-process iframes' renderers are in it too. */
export async function traceLoad(context: BrowserContext, url: string, categories: string): Promise<TraceEvent[]> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
    await page.goto(url, { waitUntil: 'load' });
    await cdp.send('Tracing.end');
    await complete;
    return events;
  } finally {
    await page.close();
  }
}

/**
 * EvaluateScript of each of our content scripts in a trace, summed over its frames, in ms of
 * thread time (tdur): what the frames' main threads spent, less moved than wall time by the
 * other work on a shared machine.
 */
export function contentScriptCosts(events: TraceEvent[]): Record<string, number> {
  const costs: Record<string, number> = {};
  for (const e of events) {
    const script = e.args?.data?.url?.match(/content-scripts\/([^/]+\.js)$/)?.[1];
    if (e.name === 'EvaluateScript' && e.ph === 'X' && script)
      costs[script] = (costs[script] ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000;
  }
  return costs;
}
