import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Price } from '@/lib/catalog/catalog';
import type { Caller } from '@/lib/gateway/caller';
import { runCall, type GatewayDeps } from '@/lib/gateway/pipeline';
import { attachToolBridge, toolBridgeOf } from '@/lib/gateway/tools';
import { openReservations } from '@/lib/ledger/settle';
import type { GrowRequest } from '@/lib/ledger/reserve';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import type { PromptCall } from '@/lib/protocol/call';
import type { ReplyMessage } from '@/lib/protocol/wire';
import type { Settings } from '@/lib/settings/schema';
import { firstRound } from '@/lib/gateway/round-shape';
import { tokenBoundFor } from '@/lib/tokens/bound';
import { allowedSiteDeps, oneModelSettings, resetLedger } from './ledger-test-deps';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';

// Every provider round of a call (each tool round, each fallback attempt) is admitted on what it
// sends before it is sent; a page's tool result that no limit can afford never leaves.

const caller: Caller = { origin: 'https://tools.example', tabId: 5, frameId: 0, tabTitle: 'Tools', favIconUrl: null };
// GPT-4o mini's list price: $0.15 and $0.60 per million tokens.
const PRICE: Price = { input: 0.15e-6, output: 0.6e-6, source: 'override', asOf: 0 };
const lookup: PromptCall = {
  op: 'prompt',
  messages: [{ role: 'user', content: 'Look it up.' }],
  tools: [
    {
      name: 'lookup',
      description: 'Looks a thing up.',
      inputSchema: '{"type":"object","properties":{"q":{"type":"string"}}}',
    },
  ],
};
const toolMessages = (body: { messages: Array<{ role: string }> }) =>
  body.messages.filter((m) => m.role === 'tool').length;

describe('every provider round admitted before it is sent', () => {
  let server: OpenAITestServer;
  let settings: Settings;
  let rows: UsageRecord[];
  let grows: GrowRequest[];

  beforeAll(async () => {
    server = await startOpenAITestServer({ models: ['m'] });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await resetLedger();
    settings = oneModelSettings(server.url);
    rows = [];
    grows = [];
    server.requests.length = 0;
  });

  /** Runs a call whose page answers every tool call with `result`, as the page's execute would. */
  async function runWithTools(result: string, request: PromptCall = lookup): Promise<ReplyMessage[]> {
    const sent: ReplyMessage[] = [];
    const deps: GatewayDeps = allowedSiteDeps(settings, rows, { 'p/m': PRICE });
    const grow = deps.grow;
    deps.grow = (r) => {
      grows.push(r);
      return grow(r);
    };
    const call = attachToolBridge({ ...request }, (m) => {
      sent.push(m);
      if (m.type === 'tool-call')
        setTimeout(() => toolBridgeOf(call)!.deliver({ type: 'tool-result', id: m.id, result }), 0);
    });
    await runCall(call, caller, (m) => sent.push(m), new AbortController().signal, deps);
    return sent;
  }

  it('refuses a tool round that no limit can afford: the tool result is never sent, and the page learns which limit', async () => {
    // One cent a request: the first round fits; 300,000 characters of tool result do not.
    settings.budgets = { ...settings.budgets, perRequestUsd: 0.01 };
    server.script((body) =>
      toolMessages(body) === 0
        ? { deltas: [], toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] }
        : { deltas: ['never'] },
    );
    const sent = await runWithTools('漢'.repeat(300_000));
    expect(sent.filter((m) => m.type === 'tool-call')).toHaveLength(1);
    expect(sent.at(-1)).toMatchObject({
      type: 'error',
      error: { name: 'NotAllowedError', code: 4290, message: expect.stringContaining('the per-request maximum') },
    });
    expect(server.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(1);
    expect(JSON.stringify(server.requests.map((r) => r.body))).not.toContain('漢');
    expect(grows).toHaveLength(1);
    expect(rows).toEqual([expect.objectContaining({ outcome: 'over-budget' })]);
    expect(rows[0]!.cost!).toBeGreaterThan(0);
    expect(rows[0]!.cost!).toBeLessThanOrEqual(0.01);
    expect(await openReservations()).toEqual([]);
  });

  it('grows the hold for each of six tool rounds and settles at what the provider reported, within the hold', async () => {
    server.script((body) =>
      toolMessages(body) < 6
        ? {
            deltas: [],
            toolCalls: [{ name: 'lookup', arguments: `{"q":"${toolMessages(body)}"}` }],
            usage: { prompt_tokens: 100 + 300 * toolMessages(body), completion_tokens: 9 },
          }
        : { deltas: ['done'], usage: { prompt_tokens: 1_900, completion_tokens: 1 } },
    );
    const sent = await runWithTools('a'.repeat(1_000));
    expect(sent.at(-1)).toEqual({ type: 'done' });
    expect(server.requests).toHaveLength(7);
    // Each later round resends the growing conversation, so each needs a larger hold.
    expect(grows).toHaveLength(6);
    const reported = { input: 6 * 100 + 300 * 15 + 1_900, output: 6 * 9 + 1 };
    expect(rows[0]).toMatchObject({
      outcome: 'ok',
      usageSource: 'reported',
      inputTokens: reported.input,
      outputTokens: reported.output,
    });
    expect(rows[0]!.cost).toBeCloseTo(reported.input * PRICE.input + reported.output * PRICE.output, 12);
    expect(rows[0]).not.toHaveProperty('overshootUsd');
    expect(await openReservations()).toEqual([]);
  });

  it('stops a call whose provider billed past every honest bound, and records the overshoot on its row', async () => {
    // The first round claims ten million input tokens for a prompt of a few words.
    server.script((body) =>
      toolMessages(body) === 0
        ? {
            deltas: [],
            toolCalls: [{ name: 'lookup', arguments: '{}' }],
            usage: { prompt_tokens: 10_000_000, completion_tokens: 5 },
          }
        : { deltas: ['never'] },
    );
    const sent = await runWithTools('small');
    expect(sent.at(-1)).toMatchObject({
      type: 'error',
      error: { name: 'NotAllowedError', message: expect.stringMatching(/billed \$1\.50.*more than this request held/) },
    });
    expect(server.requests).toHaveLength(1);
    const billed = 10_000_000 * PRICE.input + 5 * PRICE.output;
    expect(rows[0]!.cost).toBeCloseTo(billed, 12);
    expect(rows[0]!.overshootUsd!).toBeGreaterThan(1.49);
    expect(rows[0]!.overshootUsd!).toBeLessThan(billed);
    expect(rows[0]).toMatchObject({ outcome: 'over-budget', inputTokens: 10_000_000 });
  });

  it('charges a round the provider did not report at most its bound in and its cap out, so an estimate never overshoots', async () => {
    settings.budgets = { ...settings.budgets, defaultMaxOutputTokens: 20 };
    server.script({ deltas: Array.from({ length: 40 }, () => '漢字'), usage: null });
    const write: PromptCall = { op: 'prompt', messages: [{ role: 'user', content: 'Write.' }] };
    await runWithTools('unused', write);
    const firstRoundBound = (await tokenBoundFor(['p/m'])).input(firstRound(write));
    expect(rows[0]).toMatchObject({ usageSource: 'estimated', inputTokens: firstRoundBound, outputTokens: 20 });
    expect(rows[0]).not.toHaveProperty('overshootUsd');
  });
});
