import type { Page } from 'playwright-core';
import { extensionWorker } from '../lib/browsers';
import { timeCall, type Bench, type CallTiming } from '../lib/setup';
import { alternate, figure, summarize, type Figure } from '../lib/stats';

const DELTAS = ['Hi', ' there'];

interface Sample {
  ttft: number;
  /** Page start to the server holding the parsed request. */
  inbound: number;
  /** Server sending the first delta to the page seeing it. */
  outbound: number;
}

/**
 * Time to first token, both arms on the same page and server. The server notes when each
 * request arrives (page and server share the machine's clock), which splits the added time
 * into the way in (page → worker → provider) and the way out (provider → worker → page).
 */
export async function measureTtft(
  bench: Bench,
  rounds: number,
  coldRounds: number,
): Promise<{ figures: Figure[]; breakdown: Record<string, unknown> }> {
  const page = await bench.openBenchPage();
  let arrivedAt = 0;
  bench.provider.script(() => {
    arrivedAt = performance.timeOrigin + performance.now();
    return { deltas: DELTAS };
  });
  const body = bench.bodyFor('Say hi.');
  const one = async (which: 'direct' | 'extension'): Promise<Sample> => {
    const t: CallTiming = await timeCall(page, which, bench.url, body);
    if (t.text !== DELTAS.join('')) throw new Error(`${which} call returned ${JSON.stringify(t.text)}`);
    return { ttft: t.firstAt - t.started, inbound: arrivedAt - t.started, outbound: t.firstAt - arrivedAt };
  };
  for (let i = 0; i < 10; i++)
    await alternate(
      1,
      () => one('direct'),
      () => one('extension'),
    );
  const warm = await alternate(
    rounds,
    () => one('direct'),
    () => one('extension'),
  );

  const cold = { base: [] as Sample[], subject: [] as Sample[] };
  for (let i = 0; i < coldRounds; i++) {
    // The direct arm runs while the worker is down too, so both see the same machine state.
    await bench.browser.killWorker!();
    await new Promise((r) => setTimeout(r, 200));
    cold.base.push(await one('direct'));
    cold.subject.push(await one('extension'));
    await extensionWorker(bench.browser.context, bench.browser.extensionOrigin);
  }
  await page.close();

  const added = (s: { base: Sample[]; subject: Sample[] }) =>
    summarize(s.subject.map((x) => x.ttft)).median - summarize(s.base.map((x) => x.ttft)).median;
  const warmAdded = added(warm);
  const coldAdded = added(cold);
  const pick = (xs: Sample[], k: keyof Sample) => xs.map((x) => x[k]);
  return {
    figures: [
      figure('Time to first token, warm worker', 'ms', pick(warm.subject, 'ttft'), pick(warm.base, 'ttft'), 'direct', {
        budget: { what: 'added median', value: warmAdded, limit: '≤ 2 ms', met: warmAdded <= 2 },
      }),
      figure(
        'Time to first token, stopped worker',
        'ms',
        pick(cold.subject, 'ttft'),
        pick(cold.base, 'ttft'),
        'direct',
        {
          budget: { what: 'added median', value: coldAdded, limit: '≤ 100 ms', met: coldAdded <= 100 },
        },
      ),
    ],
    breakdown: {
      warm: {
        inbound: { extension: summarize(pick(warm.subject, 'inbound')), direct: summarize(pick(warm.base, 'inbound')) },
        outbound: {
          extension: summarize(pick(warm.subject, 'outbound')),
          direct: summarize(pick(warm.base, 'outbound')),
        },
      },
      cold: {
        inbound: { extension: summarize(pick(cold.subject, 'inbound')), direct: summarize(pick(cold.base, 'inbound')) },
        outbound: {
          extension: summarize(pick(cold.subject, 'outbound')),
          direct: summarize(pick(cold.base, 'outbound')),
        },
      },
    },
  };
}
