import { streamText, type LanguageModel } from 'ai';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOINED_DELTAS, deltasOf, joinTextDeltas } from '@/lib/providers/coalesce-sse';
import {
  anthropicMessages,
  chatCompletions,
  geminiGenerateContent,
  type SseDialect,
} from '@/lib/providers/sse-dialects';
import { anthropic } from '@/lib/providers/anthropic';
import { google } from '@/lib/providers/google';
import { startGeminiTestServer, type GeminiTestServer } from '../servers/gemini';
import { startAnthropicTestServer, type AnthropicTestServer } from '../servers/anthropic';
import { openAICompatible } from '@/lib/providers/openai-compatible';
import { openAI } from '@/lib/providers/openai';
import type { ProviderConfig } from '@/lib/settings/schema';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';

// Text deltas that arrive in one network read are joined into one event before the AI SDK
// reads them, and told apart again after it: the deltas, their order and every other event are
// as the provider sent them.

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: null, logprobs: null }],
    ...extra,
  });

/** An event of a provider's stream, and what a reader of it must see: a delta's text, or the event whole. */
type Sent = { kind: 'text'; data: string; text: string } | { kind: 'other'; data: string; event?: string };
const sent = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .string({ maxLength: 6 })
      .map((text): Sent => ({ kind: 'text', data: chunk({ content: text }), text })),
  },
  fc.constant<Sent>({ kind: 'text', data: chunk({ role: 'assistant', content: '' }), text: '' }),
  fc.constant<Sent>({ kind: 'text', data: chunk({ content: 'x', tool_calls: null }), text: 'x' }),
  // JSON may span data lines; a delta that goes on alone keeps them.
  fc.constant<Sent>({ kind: 'text', data: chunk({ content: 'm' }).replace(',', ',\n'), text: 'm' }),
  fc.constant<Sent>({
    kind: 'other',
    data: chunk({ tool_calls: [{ index: 0, id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] }),
  }),
  fc.constant<Sent>({ kind: 'other', data: chunk({ content: 'r', reasoning_content: 'thinking' }) }),
  fc.constant<Sent>({ kind: 'text', data: chunk({ content: 'q' }, { model: 'other' }), text: 'q' }),
  fc.constant<Sent>({ kind: 'other', data: JSON.stringify({ error: { message: 'overloaded' } }) }),
  fc.constant<Sent>({ kind: 'other', data: '{"line one":1,\n"line two":2}' }),
  fc.constant<Sent>({ kind: 'other', data: 'ping', event: 'keepalive' }),
  fc.constant<Sent>({ kind: 'other', data: '[DONE]' }),
);

const frame = (s: Sent) =>
  `${s.kind === 'other' && s.event ? `event: ${s.event}\n` : ''}${s.data
    .split('\n')
    .map((l) => `data: ${l}\n`)
    .join('')}\n`;

/** What a reader sees: each non-empty delta on its own, and every other event whole. */
type Seen = { text: string } | { data: string; event?: string };
function seen(
  events: Array<{ data: string; event?: string }>,
  textOf: (e: { data: string }) => string[] | undefined,
): Seen[] {
  return events.flatMap((e): Seen[] => {
    const texts = textOf(e);
    return texts ? texts.filter((t) => t.length > 0).map((text) => ({ text })) : [{ data: e.data, event: e.event }];
  });
}

async function throughJoining(
  reads: string[],
  dialect: SseDialect = chatCompletions,
): Promise<{ events: EventSourceMessage[]; chunks: number }> {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const read of reads) controller.enqueue(encoder.encode(read));
      controller.close();
    },
  }).pipeThrough(joinTextDeltas(dialect));
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => void events.push(e) });
  const decoder = new TextDecoder();
  let chunks = 0;
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    chunks++;
    parser.feed(decoder.decode(bytes, { stream: true }));
  }
  return { events, chunks };
}

/** A stream through the real SDK, as the gateway reads it: the text events, and the deltas told apart. */
async function deltasThroughSdk(model: LanguageModel) {
  const stream = streamText({ model, prompt: 'Count.', includeRawChunks: true });
  let raw: unknown;
  let events = 0;
  const out: string[] = [];
  for await (const part of stream.fullStream) {
    if (part.type === 'raw') raw = part.rawValue;
    if (part.type === 'text-delta') {
      events++;
      out.push(...deltasOf(raw, part.text));
    }
  }
  return { out, events, usage: await stream.totalUsage };
}

describe('joining text deltas per read', () => {
  it('keeps every delta, in order, and every other event as it was, however the stream is cut into reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sent, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (events, cuts) => {
          const text = events.map(frame).join('');
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const reads = [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length)).filter(Boolean);
          const { events: out, chunks } = await throughJoining(reads);
          const expected = seen(events, (e) =>
            (e as Sent).kind === 'text' ? [(e as Sent & { text: string }).text] : undefined,
          );
          const textIn = (e: { data: string }) => {
            const json = (() => {
              try {
                return JSON.parse(e.data);
              } catch {
                return undefined;
              }
            })();
            const choice = json?.choices?.[0];
            const plain =
              typeof choice?.delta?.content === 'string' && !choice.delta.tool_calls && !choice.delta.reasoning_content;
            return plain ? deltasOf(json, choice.delta.content) : undefined;
          };
          expect(seen(out, textIn)).toEqual(expected);
          // Nothing waits across reads: at most one chunk out per read in.
          expect(chunks).toBeLessThanOrEqual(reads.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('joins a read of 500 deltas into one event that lists their lengths', async () => {
    const deltas = Array.from({ length: 500 }, (_, i) => ` w${i}`);
    const { events } = await throughJoining([
      deltas.map((d) => frame({ kind: 'text', data: chunk({ content: d }), text: d })).join(''),
    ]);
    expect(events).toHaveLength(1);
    const json = JSON.parse(events[0]!.data);
    expect(json[JOINED_DELTAS]).toHaveLength(500);
    expect(deltasOf(json, json.choices[0].delta.content)).toEqual(deltas);
  });

  it('joins Anthropic text deltas of one block under their event name, and passes thinking and the rest as sent', async () => {
    const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    const text = (index: number, t: string) =>
      event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });
    const thinking = event('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'thinking_delta', thinking: 'hm' },
    });
    const stop = event('content_block_stop', { type: 'content_block_stop', index: 0 });
    const { events } = await throughJoining(
      [[text(0, 'a'), text(0, 'bc'), thinking, text(0, 'd'), text(0, 'ef'), text(1, 'g'), stop].join('')],
      anthropicMessages,
    );
    expect(events.map((e) => e.event)).toEqual([
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
    ]);
    const texts = events.slice(0, 4).map((e) => JSON.parse(e.data));
    expect(deltasOf(texts[0], texts[0].delta.text)).toEqual(['a', 'bc']);
    expect(texts[1].delta).toEqual({ type: 'thinking_delta', thinking: 'hm' });
    expect(deltasOf(texts[2], texts[2].delta.text)).toEqual(['d', 'ef']);
    // Another block is another run.
    expect(texts[3]).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'g' } });
  });

  it('joins Gemini text parts of one response with the run’s last usage, and passes thoughts, signatures and the finish as sent', async () => {
    const gemini = (part: object, extra: object = {}, candidate: object = {}) =>
      `data: ${JSON.stringify({
        candidates: [{ content: { parts: [part], role: 'model' }, index: 0, ...candidate }],
        modelVersion: 'gemini-test',
        responseId: 'r1',
        ...extra,
      })}\r\n\r\n`;
    const usage = (total: number) => ({ usageMetadata: { promptTokenCount: 3, totalTokenCount: total } });
    const { events } = await throughJoining(
      [
        [
          gemini({ text: 'a' }, usage(4)),
          gemini({ text: 'bc' }, usage(5)),
          gemini({ text: 'd' }),
          gemini({ text: 'hm', thought: true }, usage(6)),
          gemini({ text: 'e', thoughtSignature: 'sig' }, usage(7)),
          gemini({ text: 'f' }, { ...usage(8), responseId: 'r2' }),
          gemini({ text: 'g' }, usage(9), { finishReason: 'STOP' }),
        ].join(''),
      ],
      geminiGenerateContent,
    );
    const json = events.map((e) => JSON.parse(e.data));
    expect(json).toHaveLength(5);
    expect(deltasOf(json[0], json[0].candidates[0].content.parts[0].text)).toEqual(['a', 'bc', 'd']);
    // The SDK keeps the latest usage an event carried: a run's, not its first event's.
    expect(json[0].usageMetadata).toEqual({ promptTokenCount: 3, totalTokenCount: 5 });
    expect(json[1].candidates[0].content.parts[0]).toEqual({ text: 'hm', thought: true });
    expect(json[2].candidates[0].content.parts[0]).toEqual({ text: 'e', thoughtSignature: 'sig' });
    // Another response is another run; a finish goes on as sent.
    expect(json[3]).not.toHaveProperty(JOINED_DELTAS);
    expect(json[4].candidates[0].finishReason).toBe('STOP');
  });

  it('a list that does not add up to the text leaves the text whole: a provider cannot make the meter count less', () => {
    expect(deltasOf({ [JOINED_DELTAS]: [2, 2] }, 'abcde')).toEqual(['abcde']);
    expect(deltasOf({ [JOINED_DELTAS]: [3, 3] }, 'abcde')).toEqual(['abcde']);
    expect(deltasOf({ [JOINED_DELTAS]: [0, 5] }, 'abcde')).toEqual(['abcde']);
    expect(deltasOf({ [JOINED_DELTAS]: [2, 3] }, 'abcde')).toEqual(['ab', 'cde']);
    expect(deltasOf(undefined, 'abcde')).toEqual(['abcde']);
  });
});

describe('the Chat Completions adapters join through the AI SDK', () => {
  const KEY = 'sk-test-joining-0123456789abcdef';
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer({ apiKey: KEY, models: ['test-model'] });
  });
  afterAll(async () => {
    await server.close();
  });

  const config = (kind: 'openai' | 'openai-compatible'): ProviderConfig => ({
    id: kind,
    kind,
    label: kind,
    baseURL: server.url,
    models: ['test-model'],
  });

  it.each(['openai', 'openai-compatible'] as const)(
    '%s: 2,000 deltas sent at once reach the SDK in a few events and come out as the 2,000, with the usage',
    async (kind) => {
      const deltas = Array.from({ length: 2_000 }, (_, i) => ` t${i}`);
      server.script({ deltas, delayMs: 0 });
      const adapter = kind === 'openai' ? openAI : openAICompatible;
      const { out, events, usage } = await deltasThroughSdk(
        await adapter.languageModel(config(kind), KEY, 'test-model'),
      );
      expect(out).toEqual(deltas);
      expect(events).toBeLessThan(deltas.length / 10);
      expect(usage.outputTokens).toBe(2_000);
      expect(server.contractErrors).toEqual([]);
    },
  );

  it('an error answer is passed on untouched: the SDK still reads its status and message', async () => {
    server.script({ status: 429, errorMessage: 'Rate limit reached for test-model' });
    const stream = streamText({
      model: await openAI.languageModel(config('openai'), KEY, 'test-model'),
      prompt: 'Hi',
      maxRetries: 0,
      onError: () => {},
    });
    let error: unknown;
    for await (const part of stream.fullStream) if (part.type === 'error') error = part.error;
    expect(error).toMatchObject({ statusCode: 429, message: expect.stringContaining('Rate limit reached') });
  });
});

describe('the Anthropic and Gemini adapters join through the AI SDK', () => {
  const KEY = 'test-joining-key-0123456789';
  let servers: { anthropic: AnthropicTestServer; google: GeminiTestServer };
  beforeAll(async () => {
    servers = {
      anthropic: await startAnthropicTestServer({ apiKey: KEY }),
      google: await startGeminiTestServer({ apiKey: KEY }),
    };
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });

  it.each([
    { kind: 'anthropic', adapter: anthropic, model: 'claude-test' },
    { kind: 'google', adapter: google, model: 'gemini-test' },
  ] as const)(
    '$kind: 2,000 text deltas sent at once reach the SDK in a few events and come out as the 2,000, with the usage',
    async ({ kind, adapter, model }) => {
      const server = servers[kind];
      const deltas = Array.from({ length: 2_000 }, (_, i) => ` a${i}`);
      server.script({ deltas, delayMs: 0 });
      const config: ProviderConfig = { id: kind, kind, label: kind, baseURL: server.url, models: [model] };
      const { out, events, usage } = await deltasThroughSdk(await adapter.languageModel(config, KEY, model));
      expect(out).toEqual(deltas);
      expect(events).toBeLessThan(deltas.length / 10);
      expect(usage.outputTokens).toBeGreaterThan(0);
      expect(server.contractErrors).toEqual([]);
    },
  );
});
