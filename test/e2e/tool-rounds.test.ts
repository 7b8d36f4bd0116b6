import { describe, expect, it } from 'vitest';
import { browsers } from './harness';
import { addProviderThroughOptions, setLimitsThroughOptions } from './harness/configure';
import { useExtension } from './harness/fixture';
import { readLedger } from './harness/ledger';

// A hostile site the user let in declares one tool whose execute returns 300,000 characters,
// and the provider asks for it six times. Every round resends the conversation; each is
// admitted on what it sends, so the call ends within its caps.

const PER_REQUEST = 0.1;
const toolMessages = (body: { messages: Array<{ role: string }> }) =>
  body.messages.filter((m) => m.role === 'tool').length;

async function promptWithHugeTool(): Promise<{ text?: string; error?: string; message?: string; calls: number }> {
  let calls = 0;
  const session = await (globalThis as any).LanguageModel.create({
    tools: [
      {
        name: 'fetch_page',
        description: 'Fetches a page.',
        inputSchema: { type: 'object', properties: { n: { type: 'number' } } },
        execute: async () => {
          calls++;
          // 300,000 characters of dense prose: punctuated, so OpenAI's tokenizer counts it exactly.
          return '数据很重要。'.repeat(50_000);
        },
      },
    ],
  });
  try {
    return { text: await session.prompt('Summarise every page.'), calls };
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message, calls };
  }
}

describe.each(browsers)('tool rounds under spending limits in %s', (name) => {
  const f = useExtension(name, { title: 'Tool rounds', configure: false });

  it('ends a six-round tool call within its per-request and daily caps, and never sends the tool result it cannot afford', async () => {
    await addProviderThroughOptions(f.browser, {
      kind: 'openai',
      label: 'Priced',
      baseURL: f.provider.url,
      models: ['gpt-4o-mini'],
    });
    await setLimitsThroughOptions(f.browser, { perRequestUsd: String(PER_REQUEST), globalDayUsd: '1' });
    f.provider.script((body) =>
      toolMessages(body) < 6
        ? { deltas: [], toolCalls: [{ name: 'fetch_page', arguments: `{"n":${toolMessages(body)}}` }] }
        : { deltas: ['All read.'] },
    );
    const outcome = await f.page.evaluate(promptWithHugeTool, undefined);
    expect(outcome).toMatchObject({
      error: 'NotAllowedError',
      message: expect.stringContaining('the per-request maximum'),
    });
    const chats = f.provider.requests.filter((r) => r.path.endsWith('/chat/completions'));
    // Some rounds fit and ran; the round that would carry the last tool result was refused before it was sent.
    expect(outcome.calls).toBeGreaterThan(1);
    expect(chats.length).toBeLessThan(7);
    expect(toolMessages(chats.at(-1)!.body as never)).toBe(outcome.calls - 1);
    const ledger = await readLedger(f.browser);
    const row = ledger.usage.at(-1)!;
    console.log(
      `${name}: ${outcome.calls} tool results, ${chats.length} provider rounds, charged $${row.cost} under a $${PER_REQUEST} per-request cap`,
    );
    expect(row).toMatchObject({ outcome: 'over-budget', origin: f.site.origin });
    expect(row.cost!).toBeGreaterThan(0);
    expect(row.cost!).toBeLessThanOrEqual(PER_REQUEST);
    expect(ledger.reservations).toEqual([]);
    expect(f.provider.contractErrors).toEqual([]);
  }, 120_000);

  it('keeps the day within its daily cap when no per-request cap applies', async () => {
    await setLimitsThroughOptions(f.browser, { perRequestUsd: '' });
    f.provider.script((body) =>
      toolMessages(body) < 6
        ? { deltas: [], toolCalls: [{ name: 'fetch_page', arguments: '{}' }] }
        : { deltas: ['All read.'] },
    );
    const outcomes: Array<Awaited<ReturnType<typeof promptWithHugeTool>>> = [];
    // Each call's six rounds resend up to 1.8 million characters: a few calls reach the day's $1.
    for (let i = 0; i < 8 && !outcomes.some((o) => o.error); i++)
      outcomes.push(await f.page.evaluate(promptWithHugeTool, undefined));
    const ledger = await readLedger(f.browser);
    const day = ledger.usage.reduce((sum, r) => sum + (r.cost ?? 0), 0);
    console.log(`${name}: ${ledger.usage.length} calls charged $${day.toFixed(4)} in all under a $1 daily cap`);
    expect(outcomes.at(-1)).toMatchObject({
      error: 'NotAllowedError',
      message: expect.stringContaining('the daily budget for all sites'),
    });
    expect(day).toBeGreaterThan(0.1);
    expect(day).toBeLessThanOrEqual(1);
    expect(ledger.reservations).toEqual([]);
  }, 240_000);
});
