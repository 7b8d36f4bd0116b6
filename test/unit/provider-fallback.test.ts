import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/gateway/caller';
import { streamWithFallback } from '@/lib/gateway/fallback';
import { runCall } from '@/lib/gateway/pipeline';
import { resolveModel } from '@/lib/gateway/resolve-model';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import type { PromptCall } from '@/lib/protocol/call';
import type { ReplyMessage } from '@/lib/protocol/wire';
import { defaultSettings, type Settings } from '@/lib/settings/schema';
import { startAnthropicTestServer, type AnthropicTestServer } from '../servers/anthropic';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';
import { allowedSiteDeps } from './ledger-test-deps';

const KEY = 'sk-fallback-SECRET-0123456789abcdef';
const call: PromptCall = { op: 'prompt', messages: [{ role: 'user', content: 'Hi' }] };
const caller: Caller = { origin: 'https://app.example', tabId: 1, frameId: 0, tabTitle: 'App', favIconUrl: null };

describe('fallback routing', () => {
  let primary: AnthropicTestServer;
  let backup: OpenAITestServer;
  let settings: Settings;

  beforeAll(async () => {
    primary = await startAnthropicTestServer({ apiKey: KEY, models: ['claude-test'] });
    backup = await startOpenAITestServer({ apiKey: KEY, models: ['gpt-test'], strictModels: true });
  });
  afterAll(async () => {
    await primary.close();
    await backup.close();
  });
  beforeEach(() => {
    for (const s of [primary, backup]) {
      s.requests.length = 0;
      s.script({});
    }
    settings = {
      ...defaultSettings(),
      providers: [
        { id: 'claude', kind: 'anthropic', label: 'Anthropic', baseURL: primary.url, models: ['claude-test'] },
        { id: 'oai', kind: 'openai', label: 'OpenAI', baseURL: backup.url, models: ['gpt-test'] },
        // Nothing listens here: a refused connection, the plainest network error.
        { id: 'down', kind: 'openai-compatible', label: 'Down', baseURL: 'http://127.0.0.1:9/v1', models: ['m'] },
      ],
      defaultModel: 'claude/claude-test',
      fallbackModels: ['oai/gpt-test'],
    };
  });

  async function run(signal = new AbortController().signal) {
    const chunks: string[] = [];
    const send = (m: ReplyMessage) => void (m.type === 'chunk' && chunks.push(m.text));
    const outcome = await streamWithFallback(
      call,
      resolveModel(undefined, settings),
      async () => KEY,
      send,
      signal,
      () => performance.now(),
    );
    return { chunks, ...outcome };
  }

  it.each([429, 500, 503, 529])(
    'moves to the next model on a %i before the first token, and records both attempts',
    async (status) => {
      primary.script({ status });
      backup.script({ deltas: ['from', ' backup'] });
      const { chunks, result, used, attempts } = await run();
      expect(result.error).toBeNull();
      expect(chunks).toEqual(['from', ' backup']);
      expect(used.modelId).toBe('oai/gpt-test');
      expect(attempts.map(({ model, outcome, status: s }) => ({ model, outcome, status: s }))).toEqual([
        { model: 'claude/claude-test', outcome: 'error', status },
        { model: 'oai/gpt-test', outcome: 'ok', status: null },
      ]);
      expect(attempts.every((a) => a.ms >= 0)).toBe(true);
    },
  );

  it('moves on after a network error before the first token', async () => {
    settings.defaultModel = 'down/m';
    settings.fallbackModels = ['oai/gpt-test'];
    const { result, attempts } = await run();
    expect(result.error).toBeNull();
    expect(attempts.map((a) => [a.model, a.outcome, a.status])).toEqual([
      ['down/m', 'error', null],
      ['oai/gpt-test', 'ok', null],
    ]);
  });

  it('moves on when Anthropic reports overload as an event inside its stream, before any text', async () => {
    primary.script({ deltas: ['never'], errorEventAfterDeltas: 0 });
    backup.script({ deltas: ['backup'] });
    const { chunks, result, attempts } = await run();
    expect(chunks).toEqual(['backup']);
    expect(result.error).toBeNull();
    expect(attempts[0]).toMatchObject({ model: 'claude/claude-test', outcome: 'error' });
  });

  it('words Anthropic’s overload event after text as an error, and does not switch', async () => {
    primary.script({ deltas: ['some', ' text', ' lost'], errorEventAfterDeltas: 2 });
    const { chunks, result, attempts } = await run();
    expect(chunks).toEqual(['some', ' text']);
    expect(result.error?.pageName).toBe('NetworkError');
    expect(result.error?.message).toBe(
      'The provider reported an error in the middle of its answer (overloaded_error): Overloaded',
    );
    expect(attempts).toHaveLength(1);
    expect(backup.requests).toHaveLength(0);
  });

  it('does not move on for a 401 or a 400: another model would not fix the request or the key', async () => {
    primary.script({ status: 401 });
    const { result, attempts } = await run();
    expect(result.error?.code).toBe(5401);
    expect(attempts).toHaveLength(1);
    expect(backup.requests).toHaveLength(0);
  });

  it('never switches after the first token: the call errors instead', async () => {
    primary.script({ deltas: ['half', ' an', ' answer'], resetAfterDeltas: 1 });
    const { chunks, result, used, attempts } = await run();
    expect(chunks).toEqual(['half']);
    expect(result.error).not.toBeNull();
    expect(result.retryable).toBe(true);
    expect(used.modelId).toBe('claude/claude-test');
    expect(attempts).toHaveLength(1);
    expect(backup.requests).toHaveLength(0);
  });

  it('stops at the end of the chain with the last model’s error', async () => {
    primary.script({ status: 503 });
    backup.script({ status: 500 });
    const { result, used, attempts } = await run();
    expect(result.error?.code).toBe(5500);
    expect(used.modelId).toBe('oai/gpt-test');
    expect(attempts.map((a) => a.status)).toEqual([503, 500]);
  });

  it('does not try the next model once the call is aborted', async () => {
    primary.script({ deltas: ['x'], firstDelayMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { result, attempts } = await run(controller.signal);
    expect(result.error?.pageName).toBe('AbortError');
    expect(attempts).toEqual([expect.objectContaining({ outcome: 'aborted' })]);
    expect(backup.requests).toHaveLength(0);
  });

  it('writes the attempts and the model that answered into the usage record', async () => {
    primary.script({ status: 529 });
    backup.script({ deltas: ['ok'], usage: { prompt_tokens: 5, completion_tokens: 1 } });
    const rows: UsageRecord[] = [];
    const deps = allowedSiteDeps(settings, rows, {}, { apiKey: KEY, now: () => performance.now() });
    const sent: ReplyMessage[] = [];
    await runCall(call, caller, (m) => sent.push(m), new AbortController().signal, deps);
    expect(sent.at(-1)).toEqual({ type: 'done' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      model: 'oai/gpt-test',
      provider: 'oai',
      outcome: 'ok',
      inputTokens: 5,
      outputTokens: 1,
    });
    expect(rows[0]!.attempts?.map((a) => [a.model, a.outcome, a.status])).toEqual([
      ['claude/claude-test', 'error', 529],
      ['oai/gpt-test', 'ok', null],
    ]);
  });

  it('skips fallbacks whose provider is gone, and never lists the default twice', () => {
    settings.fallbackModels = ['gone/model', 'claude/claude-test', 'oai/gpt-test'];
    expect(resolveModel(undefined, settings).fallbacks?.map((t) => t.modelId)).toEqual(['oai/gpt-test']);
  });
});
