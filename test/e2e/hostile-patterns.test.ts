import { afterAll, describe, expect, it } from 'vitest';
import { plainPage, startPageServer, type PageServer } from '../servers/pages';
import { browsers, type TestPage } from './harness';
import { setSiteAccessThroughPopup } from './harness/configure';
import { mostConsentWindowsDuring } from './harness/consent';
import { useExtension } from './harness/fixture';
import { readLedger } from './harness/ledger';

// A granted site hands the worker the slowest patterns there are, and an answer built to make
// a backtracking engine take forever on them. The worker checks it in linear time, and another
// site's calls keep being answered meanwhile.

const LONG_ANSWER = [...Array.from({ length: 100 }, () => 'a'.repeat(100)), '!'];

interface Timed {
  error?: string;
  message?: string;
  chunks: number;
  /** Page clock (performance.timeOrigin + now), so that two pages' times compare. */
  lastChunkAt: number;
  settledAt: number;
}

/** Streams one prompt under a constraint; the constraint arrives as JSON: a RegExp as [source, flags]. */
async function streamConstrained(arg: { regex?: [string, string]; schema?: object }): Promise<Timed> {
  const now = () => performance.timeOrigin + performance.now();
  const responseConstraint = arg.regex ? new RegExp(arg.regex[0], arg.regex[1]) : arg.schema;
  const outcome: Timed = { chunks: 0, lastChunkAt: 0, settledAt: 0 };
  try {
    const session = await (globalThis as any).LanguageModel.create();
    for await (const _ of session.promptStreaming('Say a lot of a.', { responseConstraint })) {
      outcome.chunks++;
      outcome.lastChunkAt = now();
    }
  } catch (error) {
    outcome.error = (error as Error).name;
    outcome.message = (error as Error).message;
  }
  outcome.settledAt = now();
  return outcome;
}

/** Asks the worker a cheap question over and over until told to stop (or `untilMs`); each call's span. */
async function askWorkerUntil(untilMs: number): Promise<Array<[number, number]>> {
  const now = () => performance.timeOrigin + performance.now();
  const spans: Array<[number, number]> = [];
  (globalThis as any).stopAsking = false;
  while (!(globalThis as any).stopAsking && now() < untilMs) {
    const started = now();
    await (globalThis as any).LanguageModel.availability();
    spans.push([started, now()]);
  }
  return spans;
}

async function pageClock(page: TestPage): Promise<number> {
  return page.evaluate(() => performance.timeOrigin + performance.now(), undefined);
}

describe.each(browsers)('hostile patterns in %s', (name) => {
  const f = useExtension(name, { title: 'Pattern test page' });
  let other: PageServer;
  let otherPage: TestPage;
  let stranger: PageServer | undefined;
  afterAll(async () => {
    await other?.close();
    await stranger?.close();
  });

  async function secondSite(): Promise<TestPage> {
    if (otherPage) return otherPage;
    other = await startPageServer({ '/': plainPage('Another site') });
    await setSiteAccessThroughPopup(f.browser, other.origin, 'allow-always');
    otherPage = await f.browser.newPage();
    await otherPage.goto(`${other.origin}/`);
    return otherPage;
  }

  /** Runs one hostile call on the first site while the second site asks the worker, and times both. */
  async function underLoad(constraint: { regex?: [string, string]; schema?: object }) {
    const page = await secondSite();
    const until = (await pageClock(page)) + 20_000;
    // A few calls first, so that the second site's own first call (cold) is not what is timed.
    await page.evaluate(askWorkerUntil, (await pageClock(page)) + 200);
    const spansRun = page.evaluate(askWorkerUntil, until);
    const outcome = await f.page.evaluate(streamConstrained, constraint);
    await page.evaluate(() => void ((globalThis as any).stopAsking = true), undefined);
    const spans = await spansRun;
    // The check starts once the worker has sent the last chunk. For each call of the other site
    // still waiting then, or made before the verdict, how long it waited from that moment on:
    // a worker frozen by the check would hold them all for as long as it lasts.
    const checkStart = outcome.lastChunkAt;
    const during = spans
      .filter(([start, end]) => end >= checkStart && start <= outcome.settledAt)
      .map(([start, end]) => end - Math.max(start, checkStart));
    const whole = spans.map(([start, end]) => end - start);
    return {
      outcome,
      checkMs: outcome.settledAt - checkStart,
      during,
      worstDuring: Math.max(...during),
      worstAll: Math.max(...whole),
      calls: spans.length,
    };
  }

  it('checks /(a+)+/ against 10,000 a’s and a "!" at once, and answers another site within 50 ms meanwhile', async () => {
    f.provider.script({ deltas: LONG_ANSWER, delayMs: 2 });
    const run = await underLoad({ regex: ['(a+)+', ''] });
    console.log(
      `${name}: /(a+)+/ on 10,001 characters: verdict ${run.checkMs.toFixed(1)} ms after the last chunk; other site: ${run.calls} calls, ` +
        `worst ${run.worstDuring.toFixed(1)} ms during the check, ${run.worstAll.toFixed(1)} ms over the whole call`,
    );
    expect(run.outcome).toMatchObject({
      error: 'SyntaxError',
      message: expect.stringContaining('does not match /(a+)+/'),
    });
    expect(run.outcome.chunks).toBeGreaterThan(0);
    // The engine's own time is a few ms (unit tests); this adds the provider's last event and a Port hop.
    expect(run.checkMs).toBeLessThan(250);
    expect(run.during.length).toBeGreaterThan(0);
    expect(run.worstDuring).toBeLessThan(50);
  });

  it('checks a schema whose pattern is catastrophic the same way', async () => {
    f.provider.script({ deltas: ['{"word":"', ...LONG_ANSWER, '"}'], delayMs: 2 });
    const schema = { type: 'object', properties: { word: { type: 'string', pattern: '^(a+)+$' } }, required: ['word'] };
    const run = await underLoad({ schema });
    console.log(
      `${name}: schema pattern ^(a+)+$ on 10,001 characters: verdict ${run.checkMs.toFixed(1)} ms; other site worst ${run.worstDuring.toFixed(1)} ms during the check`,
    );
    expect(run.outcome).toMatchObject({
      error: 'SyntaxError',
      message: expect.stringContaining('$.word does not match ^(a+)+$'),
    });
    expect(run.checkMs).toBeLessThan(250);
    expect(run.during.length).toBeGreaterThan(0);
    expect(run.worstDuring).toBeLessThan(50);
  });

  it('stops a schema check that outgrows its budget with NotSupportedError, and the other site still waits under 50 ms', async () => {
    // Six levels of anyOf whose four branches all pass: unbounded, 4^6 walks of 5,000 items.
    const level = (i: number) => ({
      anyOf: Array.from({ length: 4 }, () => ({ type: 'array', items: { $ref: `#/$defs/l${i - 1}` } })),
    });
    const schema = {
      $ref: '#/$defs/l6',
      $defs: Object.fromEntries(
        Array.from({ length: 7 }, (_, i) => [`l${i}`, i === 0 ? { type: 'integer' } : level(i)]),
      ),
    };
    const numbers = Array.from({ length: 50 }, () => Array.from({ length: 100 }, () => '1').join(','));
    f.provider.script({
      deltas: ['[[[[[[', numbers.join(','), ']]]]]]'].flatMap((part) => part.match(/[^]{1,500}/g)!),
      delayMs: 2,
    });
    const run = await underLoad({ schema });
    console.log(
      `${name}: step budget on 5,000 items: verdict ${run.checkMs.toFixed(1)} ms; other site worst ${run.worstDuring.toFixed(1)} ms during the check`,
    );
    expect(run.outcome).toMatchObject({
      error: 'NotSupportedError',
      message: expect.stringMatching(/takes more than \d+ steps/),
    });
    expect(run.during.length).toBeGreaterThan(0);
    expect(run.worstDuring).toBeLessThan(50);
  });

  // 150 optional letters repeated 999 times: 1,650 characters that would compile to 300,000 instructions.
  const expanding = Array.from({ length: 150 }, (_, i) => `(?:${'abcdefghijklmnopqrstuvwxyz'[i % 26]}?){999}`).join('');
  it.each([
    ['a backreference', '(a)\\1', /\/\(a\)\\1\/ uses backreferences/],
    [
      'a pattern whose repeats compile too large',
      expanding,
      /uses counted repeats that compile to about \d+ instructions/,
    ],
  ])('refuses %s before the provider and the ledger see the call, naming it', async (_, source, why) => {
    const requests = f.provider.requests.length;
    const rows = (await readLedger(f.browser)).usage.length;
    const outcome = await f.page.evaluate(async (source) => {
      try {
        const session = await (globalThis as any).LanguageModel.create();
        return { text: await session.prompt('Say aa.', { responseConstraint: new RegExp(source) }) };
      } catch (error) {
        return { error: (error as Error).name, message: (error as Error).message };
      }
    }, source);
    expect(outcome).toMatchObject({ error: 'NotSupportedError', message: expect.stringMatching(why) });
    expect(f.provider.requests.length).toBe(requests);
    expect((await readLedger(f.browser)).usage.length).toBe(rows);
  });

  it('refuses lookahead from a site not yet allowed before it asks the user, naming it', async () => {
    stranger = await startPageServer({ '/': plainPage('Not yet allowed') });
    const page = await f.browser.newPage();
    await page.goto(`${stranger.origin}/`);
    const requests = f.provider.requests.length;
    const call = page.evaluate(async () => {
      try {
        const session = await (globalThis as any).LanguageModel.create();
        return { text: await session.prompt('Say ab.', { responseConstraint: /a(?=b)/ }) };
      } catch (error) {
        return { error: (error as Error).name, message: (error as Error).message };
      }
    }, undefined);
    // A call that reached consent would open its window within this time.
    expect(await mostConsentWindowsDuring(f.browser, 1_500)).toBe(0);
    expect(await call).toMatchObject({
      error: 'NotSupportedError',
      message: expect.stringMatching(/\/a\(\?=b\)\/ uses lookaround/),
    });
    expect(f.provider.requests.length).toBe(requests);
  });
});
