import type { BrowserContext } from 'playwright-core';

export type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { data?: { url?: string } } };

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
