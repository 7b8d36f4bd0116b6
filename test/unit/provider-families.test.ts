import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { streamCompletion, type StreamResult } from '@/lib/gateway/stream';
import type { ModelTarget } from '@/lib/gateway/resolve-model';
import type { ContentPart, PromptCall } from '@/lib/protocol/call';
import type { ReplyMessage } from '@/lib/protocol/wire';
import { FAMILIES, FAMILY_KEY, type FamilyServer } from '../servers/families';

const call: PromptCall = {
  op: 'prompt',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Count to three.' },
  ],
  maxOutputTokens: 64,
};

/** Every 8-character run of the key: none may reach an error. */
const keyFragments = Array.from({ length: FAMILY_KEY.length - 7 }, (_, i) => FAMILY_KEY.slice(i, i + 8));

async function run(
  server: FamilyServer,
  apiKey: string | undefined,
  signal = new AbortController().signal,
  onChunk?: (text: string) => void,
  sent = call,
) {
  const target: ModelTarget = {
    modelId: `${server.config.id}/${server.model}`,
    model: server.model,
    provider: server.config,
  };
  const chunks: string[] = [];
  const send = (m: ReplyMessage) => {
    if (m.type !== 'chunk') return;
    chunks.push(m.text);
    onChunk?.(m.text);
  };
  const result: StreamResult = await streamCompletion(sent, target, apiKey, send, signal, () => performance.now());
  return { chunks, result };
}

describe.each(FAMILIES)('the $kind adapter against its own wire format', (family) => {
  let server: FamilyServer;
  beforeAll(async () => {
    server = await family.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.contractErrors.length = 0;
    server.script({});
  });

  it('streams the text exactly, delta by delta, and reports the provider’s usage', async () => {
    const deltas = ['One', ',', ' two', ', thr', 'ee', '.', ' ✓ ünïcode'];
    server.script({ deltas, delayMs: 2, usage: { prompt_tokens: 42, completion_tokens: 7 } });
    const { chunks, result } = await run(server, family.apiKey);
    expect(result.error).toBeNull();
    expect(chunks).toEqual(deltas);
    expect(result).toMatchObject({ inputTokens: 42, outputTokens: 7, usageSource: 'reported' });
    expect(result.ttftMs).not.toBeNull();
    expect(server.contractErrors).toEqual([]);
  });

  it.each([
    [401, 'NetworkError'],
    [429, 'NetworkError'],
    [500, 'NetworkError'],
  ] as const)('maps a %i to the error contract, keeping the provider’s status and message', async (status, name) => {
    server.script({ status, errorMessage: `scripted failure ${status} from the ${family.kind} stand-in` });
    const { chunks, result } = await run(server, family.apiKey);
    expect(chunks).toEqual([]);
    expect(result.error?.pageName).toBe(name);
    expect(result.error?.code).toBe(5000 + status);
    expect(result.status).toBe(status);
    expect(result.error?.message).toContain(`The provider answered ${status}`);
    expect(result.error?.message).toContain(`scripted failure ${status} from the ${family.kind} stand-in`);
    expect(result.retryable).toBe(status !== 401);
    expect(result.usageSource).toBe('none');
  });

  it('never lets the key into an error, even when the provider refuses it', async () => {
    const wrong = `${FAMILY_KEY}-wrong`;
    const { result } = family.apiKey
      ? await run(server, wrong)
      : await (server.script({ status: 401, errorMessage: `bad key ${wrong}` }), run(server, wrong));
    expect(result.error).not.toBeNull();
    for (const fragment of keyFragments) expect(result.error!.message).not.toContain(fragment);
  });

  it('turns a malformed event into an error after the text that came before it, with estimated usage', async () => {
    server.script({ deltas: ['Good', ' start', ' never sent'], malformedLineAfterDeltas: 2 });
    const { chunks, result } = await run(server, family.apiKey);
    expect(chunks.join('')).toBe('Good start');
    expect(result.error?.pageName).toBe('UnknownError');
    expect(result.retryable).toBe(false);
    expect(result.usageSource).toBe('estimated');
    expect(result.outputTokens).toBeGreaterThan(0);
  });

  it('turns a connection reset mid-stream into an error, keeping what streamed and estimating usage', async () => {
    server.script({ deltas: ['Part', 'ial', ' lost'], resetAfterDeltas: 2, delayMs: 5 });
    const { chunks, result } = await run(server, family.apiKey);
    expect(chunks).toEqual(['Part', 'ial']);
    expect(result.error).not.toBeNull();
    expect(result.error?.pageName).toBe('NetworkError');
    expect(result.error?.message).toMatch(/connection to the provider was lost/);
    expect(result.retryable).toBe(true);
    expect(result.ttftMs).not.toBeNull();
    expect(result.usageSource).toBe('estimated');
  });

  it('sends an image, and audio where the family hears it, in the family’s own form beside the turn’s text', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]).toString(
      'base64',
    );
    const wav = Buffer.from('RIFF\x24\0\0\0WAVEfmt ', 'latin1').toString('base64');
    const hears = family.kind !== 'anthropic';
    const media: ContentPart[] = [
      { type: 'image', mediaType: 'image/jpeg', data: jpeg },
      ...(hears ? [{ type: 'audio' as const, mediaType: 'audio/wav' as const, data: wav }] : []),
    ];
    const sent: PromptCall = {
      ...call,
      messages: [call.messages[0]!, { role: 'user', content: [{ type: 'text', text: 'What is this?' }, ...media] }],
    };
    const { result } = await run(server, family.apiKey, undefined, undefined, sent);
    expect(result.error).toBeNull();
    expect(server.contractErrors).toEqual([]);
    const body = server.requests.at(-1)!.body as any;
    const parts: unknown[] =
      family.kind === 'anthropic'
        ? body.messages[0].content
        : family.kind === 'google'
          ? body.contents[0].parts
          : body.messages.find((m: any) => m.role === 'user').content;
    const expected: Record<string, unknown[]> = {
      anthropic: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: jpeg } },
      ],
      google: [
        { text: 'What is this?' },
        { inlineData: { mimeType: 'image/jpeg', data: jpeg } },
        { inlineData: { mimeType: 'audio/wav', data: wav } },
      ],
    };
    const chatCompletions = [
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: expect.objectContaining({ url: `data:image/jpeg;base64,${jpeg}` }) },
      { type: 'input_audio', input_audio: { data: wav, format: 'wav' } },
    ];
    expect(parts).toEqual((expected[family.kind] ?? chatCompletions).map((p) => expect.objectContaining(p as object)));
  });

  it('closes the upstream connection when the call is aborted', async () => {
    server.script({ deltas: ['first', ...Array.from({ length: 50 }, () => ' more')], delayMs: 100 });
    const controller = new AbortController();
    const closed = server.nextClose(5_000);
    const before = server.closedEarly;
    const { chunks, result } = await run(server, family.apiKey, controller.signal, () => controller.abort());
    await closed;
    expect(server.closedEarly).toBe(before + 1);
    expect(chunks).toEqual(['first']);
    expect(result.error?.pageName).toBe('AbortError');
  });
});

describe('a slow first token', () => {
  const servers: FamilyServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  // Every family at once, so the 35 s wait is paid once: no layer (SDK, fetch, ours) may time out.
  it('still completes after 35 s of silence, in every family', async () => {
    for (const f of FAMILIES) servers.push(await f.start());
    for (const s of servers) s.script({ deltas: ['late', ' but fine'], firstDelayMs: 35_000 });
    const started = performance.now();
    const results = await Promise.all(servers.map((s, i) => run(s, FAMILIES[i]!.apiKey)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(35_000);
    for (const { chunks, result } of results) {
      expect(result.error).toBeNull();
      expect(chunks).toEqual(['late', ' but fine']);
      expect(result.ttftMs).toBeGreaterThanOrEqual(35_000 - 50);
    }
  }, 60_000);
});
