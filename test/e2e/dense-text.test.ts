import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { addProviderThroughOptions } from './harness/configure';
import { useExtension } from './harness/fixture';
import { readLedger } from './harness/ledger';

// gpt-4o-mini's price in the bundled table: $0.15 per million input tokens, $0.60 per million output.
const INPUT_PRICE = 0.15 / 1e6;
const CAP_USD = 0.05;

type Dense = { kind: 'cjk' | 'devanagari' | 'emoji' | 'base64'; length: number; send: boolean };

/**
 * Runs in the page: makes text that tokenizes densest (random ideographs, Devanagari, emoji ZWJ
 * pairs, base64), the same for the same arguments, with a separator every 20 characters as prose
 * has; then prompts it, or only returns it when `send` is false (for the test to count).
 */
async function promptDense({
  kind,
  length,
  send,
}: Dense): Promise<{ text?: string; answer?: string; error?: string; message?: string }> {
  let seed = 14;
  const next = (n: number) => {
    // A 32-bit LCG in integer arithmetic: doubles would lose its low bits and fall into a cycle.
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const pick: Record<Dense['kind'], () => string> = {
    cjk: () => String.fromCodePoint(0x4e00 + next(0x5200)),
    devanagari: () => String.fromCodePoint(0x900 + next(0x80)),
    emoji: () => String.fromCodePoint(0x1f468 + next(2)) + '\u200d' + String.fromCodePoint(0x1f300 + next(0x300)),
    base64: () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[next(64)]!,
  };
  const separator = kind === 'cjk' ? '，' : kind === 'base64' ? '' : ' ';
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < length; i++) {
    const part = pick[kind]() + (i % 20 === 0 ? separator : '');
    parts.push(part);
    size += part.length;
  }
  const text = parts.join('').slice(0, length);
  if (!send) return { text };
  try {
    const session = await (globalThis as any).LanguageModel.create();
    return { answer: await session.prompt(text) };
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message };
  }
}

// Sizes by what o200k_base makes of each kind (about 1.9 tokens a CJK character, 1.3 a
// Devanagari one, 1 an emoji's UTF-16 unit, 0.7 a base64 character): about 150,000 tokens
// ($0.023) fit the $0.05 cap; about 425,000 ($0.064) do not, where chars/4 would have held them
// at $0.009 to $0.016. Base64 dense enough to pass the cap would pass the page's own context
// window first (128,000 tokens at four characters a token), so it comes in the size that fits.
const CASES: Array<Omit<Dense, 'send'>> = [
  { kind: 'cjk', length: 80_000 },
  { kind: 'cjk', length: 230_000 },
  { kind: 'devanagari', length: 115_000 },
  { kind: 'devanagari', length: 330_000 },
  { kind: 'emoji', length: 145_000 },
  { kind: 'emoji', length: 410_000 },
  { kind: 'base64', length: 220_000 },
];

describe.each(browsers)('dense text under a per-request cap in %s', (name) => {
  const f = useExtension(name, { title: 'Dense text page', configure: false });

  it('refuses before the provider every prompt the cap cannot hold, and charges no other more than the cap', async () => {
    await addProviderThroughOptions(f.browser, {
      kind: 'openai',
      label: 'Priced',
      baseURL: f.provider.url,
      models: ['gpt-4o-mini'],
    });
    const options = await f.browser.openExtensionPage('options.html#limits');
    await options.fill('[data-testid=budgets] input[name=perRequestUsd]', String(CAP_USD));
    await options.click('[data-testid=budgets] button[type=submit]');
    await options.waitForText('[data-testid=budgets]', /Saved\./);
    await options.close();

    let largest = 0;
    const outcomes: string[] = [];
    for (const dense of CASES) {
      const { text } = await promptDense({ ...dense, send: false });
      // What OpenAI would bill for the prompt alone: o200k_base, and its framing.
      const billed = (countTokens(text!) + 7) * INPUT_PRICE;
      const before = f.provider.requests.length;
      const outcome = await f.page.evaluate(promptDense, { ...dense, send: true });
      if (outcome.error) {
        expect(outcome, `${dense.kind} × ${dense.length}`).toMatchObject({
          error: 'NotAllowedError',
          message: expect.stringContaining('the per-request maximum'),
        });
        expect(f.provider.requests.length).toBe(before);
        // Refused only where the prompt alone would have cost more than the cap.
        expect(billed, outcome.message).toBeGreaterThan(CAP_USD);
        outcomes.push('refused');
      } else {
        expect(outcome.answer).toBe('Hello world');
        const row = (await readLedger(f.browser)).usage.at(-1)!;
        expect(row).toMatchObject({ outcome: 'ok' });
        expect(row.cost!).toBeLessThanOrEqual(CAP_USD);
        expect(row.inputTokens).toBe(countTokens(text!) + 7);
        largest = Math.max(largest, row.cost!);
        outcomes.push('charged');
      }
    }
    expect(outcomes).toEqual(['charged', 'refused', 'charged', 'refused', 'charged', 'refused', 'charged']);
    const ledger = await readLedger(f.browser);
    expect(ledger.reservations).toEqual([]);
    expect(ledger.usage.filter((r) => r.outcome === 'ok')).toHaveLength(4);
    for (const row of ledger.usage) expect(row.cost ?? 0).toBeLessThanOrEqual(CAP_USD);
    console.log(`${name}: largest charge under the $${CAP_USD} per-request cap: $${largest.toFixed(6)}`);
  });
});
