import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { addProviderThroughOptions } from './harness/configure';
import { useExtension } from './harness/fixture';
import { readLedger } from './harness/ledger';
import { repoRoot } from './harness/paths';
import { promptOnce } from './page-calls';

const shots = `${repoRoot}test-results/screenshots`;
// gpt-4o-mini's price in the bundled table: $0.15 and $0.60 per million tokens.
const OUTPUT_PRICE = 0.6 / 1e6;

async function streamAll(): Promise<{ chunks: number; error?: string; message?: string }> {
  const session = await (globalThis as any).LanguageModel.create();
  let chunks = 0;
  try {
    for await (const _ of session.promptStreaming('Write a long story.')) chunks++;
    return { chunks };
  } catch (error) {
    return { chunks, error: (error as Error).name, message: (error as Error).message };
  }
}

describe.each(browsers)('spending limits in %s', (name) => {
  const f = useExtension(name, { title: 'Budget test page', configure: false });

  it('stops a stream mid-way at the site’s daily limit set in the popup, and the page learns which limit', async () => {
    await addProviderThroughOptions(f.browser, {
      kind: 'openai',
      label: 'Priced',
      baseURL: f.provider.url,
      models: ['gpt-4o-mini'],
    });
    const popup = await f.browser.openExtensionPage(`popup.html?site=${encodeURIComponent(f.site.origin)}`);
    await popup.waitForText('[data-testid=spend]', /This site today/);
    await popup.click('text=Set limits for this site');
    // $0.00002 a day: room for the prompt and about 30 tokens of answer at this price.
    await popup.fill('input[name=siteDay]', '0.00002');
    await popup.click('[data-testid=site-limits] button[type=submit]');
    await popup.waitForText('[data-testid=spend-site-today]', /of \$0\.00002/);
    await popup.close();

    f.provider.script({ deltas: Array.from({ length: 400 }, (_, i) => `word${i} `), delayMs: 3 });
    const outcome = await f.page.evaluate(streamAll, undefined);
    expect(outcome).toMatchObject({
      error: 'NotAllowedError',
      message: expect.stringContaining(`the daily budget for ${f.site.origin}`),
    });
    expect(outcome.chunks).toBeGreaterThan(5);
    expect(outcome.chunks).toBeLessThan(60);
    const ledger = await readLedger(f.browser);
    const row = ledger.usage.at(-1)!;
    expect(row).toMatchObject({ outcome: 'over-budget', origin: f.site.origin });
    expect(row.cost!).toBeLessThanOrEqual(0.00002);
    expect(ledger.reservations).toEqual([]);

    // The next call finds the day's budget spent and is refused before it reaches the provider.
    const before = f.provider.requests.length;
    expect(await f.page.evaluate(promptOnce, 'more?')).toMatchObject({
      error: 'NotAllowedError',
      message: expect.stringContaining('daily budget'),
    });
    expect(f.provider.requests.length).toBe(before);

    const check = await f.browser.openExtensionPage(`popup.html?site=${encodeURIComponent(f.site.origin)}`);
    // The toolbar badge tells the user, too: the day's budget is at least 80% spent.
    const badge = await check.evaluate(
      () => ((globalThis as any).browser ?? (globalThis as any).chrome).action.getBadgeText({}),
      undefined,
    );
    expect(badge).toMatch(/^(80|100)%$/);
    const line = await check.waitForText('[data-testid=spend-site-today]', /\$0\.0000\d/);
    expect(line).toMatch(/of \$0\.00002/);
    mkdirSync(shots, { recursive: true });
    await check.screenshot(`${shots}/popup-spend-${name}.png`);
    await check.close();
  });
});

describe('a worker killed mid-stream, twenty times, in chromium', () => {
  const f = useExtension('chromium', { title: 'Crash test page', configure: false });

  it('leaves exactly one record per request, no open reservation, and never charges less than was served', async () => {
    await addProviderThroughOptions(f.browser, {
      kind: 'openai',
      label: 'Priced',
      baseURL: f.provider.url,
      models: ['gpt-4o-mini'],
    });
    f.provider.script({ deltas: Array.from({ length: 300 }, (_, i) => `t${i} `), delayMs: 15 });
    const servedBefore = f.provider.served.completionTokens;
    for (let i = 0; i < 20; i++) {
      const served = f.provider.served.completionTokens;
      const call = f.page.evaluate(streamAll, undefined);
      // Kill only once the stream is flowing, so every call dies mid-stream.
      while (f.provider.served.completionTokens < served + 3) await new Promise((r) => setTimeout(r, 10));
      await f.browser.killWorker!();
      expect(await call).toMatchObject({ error: 'UnknownError', message: expect.stringMatching(/restarted/) });
    }
    f.provider.script({ deltas: ['all', ' done'], usage: { prompt_tokens: 12, completion_tokens: 2 } });
    expect(await f.page.evaluate(promptOnce, 'after the crashes')).toEqual({ text: 'all done' });

    let ledger = await readLedger(f.browser);
    for (let wait = 0; wait < 50 && ledger.reservations.length > 0; wait++) {
      await new Promise((r) => setTimeout(r, 100));
      ledger = await readLedger(f.browser);
    }
    expect(ledger.reservations).toEqual([]);
    const outcomes = ledger.usage.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'interrupted')).toHaveLength(20);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(ledger.usage).toHaveLength(21);
    const ok = ledger.usage.find((r) => r.outcome === 'ok')!;
    expect(ok).toMatchObject({ inputTokens: 12, outputTokens: 2 });
    const servedToCrashed = f.provider.served.completionTokens - servedBefore - 2;
    const chargedToCrashed = ledger.usage
      .filter((r) => r.outcome === 'interrupted')
      .reduce((sum, r) => sum + r.cost!, 0);
    console.log(
      `20 crashes: ${servedToCrashed} tokens served to calls that died, charged $${chargedToCrashed.toFixed(6)} (served tokens cost $${(servedToCrashed * OUTPUT_PRICE).toFixed(6)} of output)`,
    );
    expect(servedToCrashed).toBeGreaterThan(20);
    expect(chargedToCrashed).toBeGreaterThanOrEqual(servedToCrashed * OUTPUT_PRICE);
  }, 240_000);
});
