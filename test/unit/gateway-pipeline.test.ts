import { defaultSettings } from '@/lib/settings/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { notAllowed } from '@/lib/gateway/errors';
import type { Caller } from '@/lib/gateway/caller';
import type { ConsentGate } from '@/lib/gateway/consent';
import { runCall, type GatewayDeps } from '@/lib/gateway/pipeline';
import type { ModelTarget } from '@/lib/gateway/resolve-model';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import type { Call, PromptCall } from '@/lib/protocol/call';
import { ErrorCodes, type ReplyMessage } from '@/lib/protocol/wire';
import type { Settings } from '@/lib/settings/schema';
import { readApiKey, writeApiKey } from '@/lib/settings/secrets';
import { catalogPricing, recordingLedger } from './ledger-test-deps';
import { onDeviceEngine } from '@/entrypoints/background/gateway-deps';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';

const KEY = 'sk-test-MARKER-0123456789abcdef';
const PROVIDER = 'local';
const MODEL = 'test-model';

const caller: Caller = {
  origin: 'https://app.example',
  tabId: 7,
  frameId: 0,
  tabTitle: 'Example app',
  favIconUrl: null,
};

const promptCall = (text = 'Say hello.'): PromptCall => ({
  op: 'prompt',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: text },
  ],
});

/** Every 8-character run of the key: none may reach the page. */
const keyFragments = (key: string) => Array.from({ length: key.length - 7 }, (_, i) => key.slice(i, i + 8));

describe('runCall against a strict OpenAI-compatible server', () => {
  let server: OpenAITestServer;
  let settings: Settings;
  let rows: UsageRecord[];
  let consent: ConsentGate;
  let consentCalls: Array<{ caller: Caller; target: ModelTarget }>;

  beforeAll(async () => {
    server = await startOpenAITestServer({ apiKey: KEY, models: [MODEL], strictModels: true });
  });
  afterAll(async () => {
    await server.close();
  });

  beforeEach(async () => {
    settings = {
      ...defaultSettings(),
      providers: [
        { id: PROVIDER, kind: 'openai-compatible', label: 'Local test', baseURL: server.url, models: [MODEL] },
      ],
      defaultModel: `${PROVIDER}/${MODEL}`,
    };
    rows = [];
    consentCalls = [];
    consent = async (who, target) => {
      consentCalls.push({ caller: who, target });
    };
    server.requests.length = 0;
    server.contractErrors.length = 0;
    server.script({});
    await writeApiKey(PROVIDER, KEY);
  });

  const deps = (): GatewayDeps => ({
    loadSettings: async () => settings,
    readApiKey,
    consent: (who, target, signal) => consent(who, target, signal),
    ...recordingLedger(rows),
    catalog: catalogPricing({}),
    onDevice: onDeviceEngine,
    siteMayChooseModel: async () => false,
    siteAllowed: async () => allowed,
    siteDenied: async () => false,
    now: () => performance.now(),
  });
  let allowed = true;

  /** Runs one call to its end and returns every message the page would get. */
  async function call(request: Call, signal = new AbortController().signal, onSend?: (message: ReplyMessage) => void) {
    const sent: ReplyMessage[] = [];
    await runCall(
      request,
      caller,
      (message) => {
        sent.push(message);
        onSend?.(message);
      },
      signal,
      deps(),
    );
    return sent;
  }

  const errorOf = (sent: ReplyMessage[]) => {
    const last = sent.at(-1);
    if (last?.type !== 'error') throw new Error(`expected an error reply last, got ${JSON.stringify(sent)}`);
    return last.error;
  };

  it('streams the exact deltas as chunks, then done, and records one ok row with reported usage', async () => {
    const deltas = ['Hel', 'lo', ', ', 'wor', 'ld', '!'];
    server.script({ deltas, firstDelayMs: 20, delayMs: 5, usage: { prompt_tokens: 21, completion_tokens: 6 } });
    const sent = await call(promptCall());

    expect(sent).toEqual([...deltas.map((text) => ({ type: 'chunk', text })), { type: 'done' }]);
    expect(server.contractErrors).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body).toMatchObject({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      messages: promptCall().messages,
    });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);

    expect(consentCalls).toHaveLength(1);
    expect(consentCalls[0]!.caller).toEqual(caller);
    expect(consentCalls[0]!.target).toMatchObject({
      modelId: `${PROVIDER}/${MODEL}`,
      model: MODEL,
      provider: { id: PROVIDER },
    });

    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      origin: caller.origin,
      tabTitle: caller.tabTitle,
      model: `${PROVIDER}/${MODEL}`,
      provider: PROVIDER,
      inputTokens: 21,
      outputTokens: 6,
      usageSource: 'reported',
      outcome: 'ok',
      error: null,
    });
    expect(row.ttftMs).not.toBeNull();
    expect(row.ttftMs!).toBeGreaterThanOrEqual(15);
    expect(row.totalMs).toBeGreaterThanOrEqual(row.ttftMs!);
  });

  it('treats a consent step that crashes as a refusal: NotAllowedError, and nothing reaches the provider', async () => {
    consent = async () => {
      throw new Error('consent window crashed');
    };
    const sent = await call(promptCall());
    expect(errorOf(sent)).toMatchObject({ name: 'NotAllowedError', code: 4001 });
    expect(server.requests).toHaveLength(0);
    expect(rows[0]).toMatchObject({ outcome: 'denied' });
  });

  it('estimates usage, and says so, when the provider streams text but reports no usage', async () => {
    server.script({ usage: null, deltas: ['twelve chars', ' and eight'] });
    const sent = await call(promptCall());
    expect(sent.at(-1)).toEqual({ type: 'done' });
    expect(rows).toHaveLength(1);
    // 22 streamed bytes, plus one for a leading token: the model's family is unknown, so no
    // tokenizer can say less and still be sure not to undercount.
    expect(rows[0]).toMatchObject({ outcome: 'ok', usageSource: 'estimated', outputTokens: 23 });
    expect(rows[0]!.inputTokens).toBeGreaterThan(0);
  });

  it("answers availability 'available' with a default model and 'unavailable' without", async () => {
    expect(await call({ op: 'availability' })).toEqual([{ type: 'done', value: 'available' }]);
    settings = { ...settings, defaultModel: null };
    expect(await call({ op: 'availability' })).toEqual([{ type: 'done', value: 'unavailable' }]);
    settings = { ...settings, defaultModel: 'gone/model' };
    expect(await call({ op: 'availability' })).toEqual([{ type: 'done', value: 'unavailable' }]);
    expect(server.requests).toHaveLength(0);
  });

  it('answers model with the model id, and NotAllowedError 4101 with no model set up', async () => {
    expect(await call({ op: 'model' })).toEqual([{ type: 'done', value: `${PROVIDER}/${MODEL}` }]);
    settings = { ...settings, defaultModel: null };
    const sent = await call({ op: 'model' });
    expect(sent).toHaveLength(1);
    expect(errorOf(sent)).toMatchObject({ name: 'NotAllowedError', code: ErrorCodes.notAuthenticated });
    expect(ErrorCodes.notAuthenticated).toBe(4101);
  });

  it('names the model only to a site the user allowed: any other gets NotAllowedError 4001, and no prompt', async () => {
    allowed = false;
    try {
      const sent = await call({ op: 'model' });
      expect(errorOf(sent)).toMatchObject({ name: 'NotAllowedError', code: ErrorCodes.permissionDenied });
      expect(JSON.stringify(sent)).not.toContain(MODEL);
      expect(consentCalls).toEqual([]);
    } finally {
      allowed = true;
    }
  });

  it('a prompt with no model set up gets NotAllowedError 4101 and reaches no provider', async () => {
    settings = { ...settings, defaultModel: null };
    const sent = await call(promptCall());
    expect(errorOf(sent)).toMatchObject({ name: 'NotAllowedError', code: 4101 });
    expect(server.requests).toHaveLength(0);
  });

  it('a refusing consent gate gives NotAllowedError, records a denied row and sends nothing upstream', async () => {
    consent = async () => {
      throw notAllowed('The user said no.');
    };
    const sent = await call(promptCall());
    expect(sent).toHaveLength(1);
    expect(errorOf(sent)).toEqual({
      name: 'NotAllowedError',
      message: 'The user said no.',
      code: ErrorCodes.permissionDenied,
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      outcome: 'denied',
      origin: caller.origin,
      model: `${PROVIDER}/${MODEL}`,
      provider: PROVIDER,
      inputTokens: 0,
      outputTokens: 0,
      error: 'The user said no.',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('maps the provider’s 401 to NetworkError 5401 with its message and without any part of the key', async () => {
    await writeApiKey(PROVIDER, 'sk-test-MARKER-WRONG-fedcba9876543210');
    const wrongKey = (await readApiKey(PROVIDER))!;
    const sent = await call(promptCall());
    const error = errorOf(sent);
    expect(error.name).toBe('NetworkError');
    expect(error.code).toBe(5401);
    expect(error.message).toMatch(/401/);
    expect(error.message).toMatch(/Incorrect API key provided/);
    // The server echoes the start of the key it was given, as OpenAI does.
    const body = server.requests[0]!;
    expect(body.headers.authorization).toBe(`Bearer ${wrongKey}`);
    for (const fragment of keyFragments(wrongKey)) expect(error.message).not.toContain(fragment);
    expect(error.message).not.toContain('MARKER');
    expect(sent.filter((m) => m.type === 'chunk')).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'error', usageSource: 'none' });
    for (const fragment of keyFragments(wrongKey)) expect(rows[0]!.error).not.toContain(fragment);
  });

  it('logs neither the key nor the prompt when the provider fails', async () => {
    await writeApiKey(PROVIDER, 'sk-test-MARKER-WRONG-fedcba9876543210');
    const wrongKey = (await readApiKey(PROVIDER))!;
    const methods = ['error', 'warn', 'log', 'info', 'debug'] as const;
    const spies = methods.map((method) => vi.spyOn(console, method).mockImplementation(() => {}));
    try {
      const sent = await call(promptCall('PRIVATE-PROMPT-TEXT'));
      expect(errorOf(sent).code).toBe(5401);
      const logged = spies
        .flatMap((spy) =>
          spy.mock.calls.map((args) =>
            args
              .map((arg) => (typeof arg === 'string' ? arg : String(arg?.stack ?? '') + JSON.stringify(arg)))
              .join(' '),
          ),
        )
        .join('\n');
      expect(logged).not.toContain('PRIVATE-PROMPT-TEXT');
      expect(logged).not.toContain('MARKER');
      for (const fragment of keyFragments(wrongKey)) expect(logged).not.toContain(fragment);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('keeps the right key out of a provider message that quotes it', async () => {
    server.script({
      status: 400,
      errorMessage: `Key ${KEY} is not allowed to use ${MODEL}; key prefix ${KEY.slice(0, 19)}...`,
    });
    const error = errorOf(await call(promptCall()));
    expect(error).toMatchObject({ name: 'NetworkError', code: 5400 });
    expect(error.message).toMatch(/is not allowed to use test-model/);
    for (const fragment of keyFragments(KEY)) expect(error.message).not.toContain(fragment);
  });

  it.each([
    [500, 5500, /The server had an error/],
    [429, 5429, /Rate limit reached/],
    [503, 5503, /overloaded/],
  ])('maps a provider %i to NetworkError %i', async (status, code, message) => {
    server.script({ status });
    const sent = await call(promptCall());
    const error = errorOf(sent);
    expect(error).toMatchObject({ name: 'NetworkError', code });
    expect(error.message).toMatch(message);
    expect(server.requests).toHaveLength(1); // maxRetries 0: a retry would spend twice
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'error' });
    expect(rows[0]!.error).toBe(error.message);
  });

  it('an abort after the first chunk closes the upstream connection, gives AbortError and an aborted row', async () => {
    const deltas = Array.from({ length: 40 }, (_, i) => `w${i} `);
    server.script({ deltas, delayMs: 100 });
    const closed = server.nextClose(5_000);
    const tokensBefore = server.served.completionTokens;
    const closedBefore = server.closedEarly;
    const controller = new AbortController();
    const sent = await call(promptCall(), controller.signal, (message) => {
      if (message.type === 'chunk') controller.abort();
    });
    await closed;
    expect(server.closedEarly).toBe(closedBefore + 1);
    // The server stopped streaming: far fewer tokens went out than were scripted.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(server.served.completionTokens - tokensBefore).toBeLessThan(5);

    const chunks = sent.filter((m) => m.type === 'chunk');
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(chunks.length).toBeLessThan(deltas.length);
    expect(chunks[0]).toEqual({ type: 'chunk', text: 'w0 ' });
    expect(sent.some((m) => m.type === 'done')).toBe(false);
    expect(errorOf(sent).name).toBe('AbortError');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'aborted', origin: caller.origin });
    expect(rows[0]!.ttftMs).not.toBeNull();
  });

  it('a connection reset mid-stream gives an error reply, an error row, and keeps the chunks sent before it', async () => {
    server.script({ deltas: ['one ', 'two ', 'three ', 'four '], delayMs: 5, resetAfterDeltas: 2 });
    const sent = await call(promptCall());
    expect(sent.filter((m) => m.type === 'chunk')).toEqual([
      { type: 'chunk', text: 'one ' },
      { type: 'chunk', text: 'two ' },
    ]);
    expect(sent.some((m) => m.type === 'done')).toBe(false);
    expect(['UnknownError', 'NetworkError']).toContain(errorOf(sent).name);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'error' });
    expect(rows[0]!.error).toBe(errorOf(sent).message);
    expect(rows[0]!.ttftMs).not.toBeNull();
  });

  it('a malformed line in the stream fails the call instead of passing garbage on', async () => {
    server.script({ deltas: ['a', 'b', 'c'], malformedLineAfterDeltas: 1 });
    const sent = await call(promptCall());
    expect(sent[0]).toEqual({ type: 'chunk', text: 'a' });
    expect(sent.some((m) => m.type === 'chunk' && m.text.includes('not json'))).toBe(false);
    expect(sent.at(-1)?.type).toBe('error');
    expect(rows[0]).toMatchObject({ outcome: 'error' });
  });

  describe('images and audio', () => {
    const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]).toString('base64');
    const withImage = (): PromptCall => ({
      op: 'prompt',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', mediaType: 'image/jpeg', data: JPEG },
          ],
        },
      ],
    });
    const OTHER = 'vision-model';
    const textOnly = (...models: string[]) =>
      Object.fromEntries(models.map((m) => [`${PROVIDER}/${m}`, [] as Array<'image' | 'audio'>]));

    it('refuses an image for a model said to read text only: NotSupportedError naming it, no consent asked, no row, nothing sent', async () => {
      settings = { ...settings, modelInputs: textOnly(MODEL) };
      const error = errorOf(await call(withImage()));
      expect(error).toMatchObject({ name: 'NotSupportedError', code: ErrorCodes.invalidRequest });
      expect(error.message).toContain(`${PROVIDER}/${MODEL} does not read images`);
      expect(consentCalls).toEqual([]);
      expect(rows).toEqual([]);
      expect(server.requests).toEqual([]);
    });

    it('tells a site the user has not allowed that the user’s model does not read images, without naming the model', async () => {
      settings = { ...settings, modelInputs: textOnly(MODEL) };
      allowed = false;
      try {
        const error = errorOf(await call(withImage()));
        expect(error).toMatchObject({
          name: 'NotSupportedError',
          message: expect.stringContaining('The user’s model does not read images'),
        });
        expect(error.message).not.toContain(MODEL);
        const session = errorOf(await call({ op: 'session', expectedInputs: [{ type: 'image' }] }));
        expect(session.name).toBe('NotSupportedError');
        expect(session.message).not.toContain(MODEL);
      } finally {
        allowed = true;
      }
    });

    it('sends it once the user says the model reads images, and leaves out a fallback that does not', async () => {
      settings = {
        ...settings,
        providers: [{ ...settings.providers[0]!, models: [MODEL, OTHER] }],
        fallbackModels: [`${PROVIDER}/${OTHER}`],
        modelInputs: { ...textOnly(OTHER), [`${PROVIDER}/${MODEL}`]: ['image'] },
      };
      server.script({ status: 503 });
      const sent = await call(withImage());
      expect(errorOf(sent).name).toBe('NetworkError');
      // The text-only fallback is never tried, though a 503 would otherwise move to it.
      expect(server.requests).toHaveLength(1);
      expect((server.requests[0]!.body as { messages: Array<{ content: unknown }> }).messages[0]!.content).toEqual([
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${JPEG}` } },
      ]);
      expect(server.contractErrors).toEqual([]);
      expect(rows.at(-1)?.attempts?.map((a) => a.model)).toEqual([`${PROVIDER}/${MODEL}`]);
    });

    it('refuses media in an assistant message, whatever the model reads', async () => {
      settings = { ...settings, modelInputs: { [`${PROVIDER}/${MODEL}`]: ['image'] } };
      const call_ = withImage();
      const error = errorOf(
        await call({
          ...call_,
          messages: [
            { role: 'user', content: 'q' },
            { ...call_.messages[0]!, role: 'assistant' },
          ],
        }),
      );
      expect(error).toMatchObject({
        name: 'NotSupportedError',
        message: expect.stringContaining('assistant message may hold only text'),
      });
      expect(server.requests).toEqual([]);
    });

    it('answers availability and sessions by what the default model reads', async () => {
      const value = async (request: Call) => {
        const sent = await call(request);
        return sent.at(-1)!.type === 'done' ? (sent.at(-1) as { value?: string }).value : errorOf(sent).name;
      };
      // Nothing known: nothing refused on a guess.
      expect(await value({ op: 'availability', expectedInputs: [{ type: 'image' }, { type: 'audio' }] })).toBe(
        'available',
      );
      settings = { ...settings, modelInputs: textOnly(MODEL) };
      expect(await value({ op: 'availability', expectedInputs: [{ type: 'image' }] })).toBe('unavailable');
      expect(await value({ op: 'session', expectedInputs: [{ type: 'audio' }] })).toBe('NotSupportedError');
      settings = { ...settings, modelInputs: { [`${PROVIDER}/${MODEL}`]: ['image', 'audio'] } };
      expect(await value({ op: 'availability', expectedInputs: [{ type: 'image' }, { type: 'audio' }] })).toBe(
        'available',
      );
      expect(await value({ op: 'availability', expectedOutputs: [{ type: 'audio' }] })).toBe('unavailable');
      expect(await value({ op: 'availability', expectedInputs: [{ type: 'text', languages: ['en', 'zz-!'] }] })).toBe(
        'RangeError',
      );
      expect(JSON.parse((await value({ op: 'session', expectedInputs: [{ type: 'image' }] }))!)).toMatchObject({
        window: expect.any(Number),
      });
    });
  });
});
