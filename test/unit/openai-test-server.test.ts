import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';
import {
  validateChatRequest,
  validateChatResponse,
  validateErrorResponse,
  validateModelList,
  validateStreamChunk,
} from '../servers/openai-contract';

const KEY = 'sk-test-server-key-0123456789';

const goodRequest = () => ({
  model: 'test-model',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ],
  stream: true,
  stream_options: { include_usage: true },
  max_tokens: 16,
  temperature: 0.5,
});

const goodChunk = () => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'test-model',
  choices: [{ index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null }],
});

/** Reads an SSE body into its `data:` payloads, in order. */
async function sseData(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((event) => event.length > 0)
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      return event.slice('data: '.length);
    });
}

describe('OpenAI contract validators', () => {
  it('accept a known-good request, chunk, response, model list and error', () => {
    expect(validateChatRequest(goodRequest())).toEqual([]);
    expect(validateStreamChunk(goodChunk())).toEqual([]);
    expect(
      validateStreamChunk({
        ...goodChunk(),
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      }),
    ).toEqual([]);
    expect(
      validateChatResponse({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1_700_000_000,
        model: 'test-model',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hi', refusal: null },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
      }),
    ).toEqual([]);
    expect(
      validateModelList({ object: 'list', data: [{ id: 'm', object: 'model', created: 1, owned_by: 'me' }] }),
    ).toEqual([]);
    expect(
      validateErrorResponse({ error: { message: 'x', type: 'invalid_request_error', param: null, code: null } }),
    ).toEqual([]);
  });

  it('reject a request without messages', () => {
    const { messages: _omitted, ...body } = goodRequest();
    const errors = validateChatRequest(body);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/messages/);
  });

  it("reject a message whose role is 'robot'", () => {
    const body = { ...goodRequest(), messages: [{ role: 'robot', content: 'beep' }] };
    const errors = validateChatRequest(body);
    expect(errors.join('\n')).toMatch(/\/messages\/0/);
  });

  it('reject wrong types and stream_options on a non-streamed call', () => {
    expect(validateChatRequest({ ...goodRequest(), temperature: 'hot' })).not.toEqual([]);
    expect(validateChatRequest({ ...goodRequest(), model: 42 })).not.toEqual([]);
    expect(validateChatRequest({ ...goodRequest(), stream: false })).toEqual([
      "/stream_options is only allowed when 'stream' is enabled",
    ]);
  });

  it('reject malformed chunks and errors', () => {
    expect(validateStreamChunk({ ...goodChunk(), object: 'chat.completion' })).not.toEqual([]);
    const { created: _created, ...noCreated } = goodChunk();
    expect(validateStreamChunk(noCreated)).not.toEqual([]);
    expect(validateStreamChunk({ ...goodChunk(), choices: [{ index: 0, delta: { content: 'x' } }] })).not.toEqual([]);
    expect(validateStreamChunk({ ...goodChunk(), created: 1.5 })).not.toEqual([]);
    expect(validateErrorResponse({ error: { message: 'x' } })).not.toEqual([]);
    expect(validateModelList({ data: [] })).not.toEqual([]);
  });
});

describe('the OpenAI-compatible test server', () => {
  let server: OpenAITestServer;
  beforeEach(async () => {
    server = await startOpenAITestServer({ apiKey: KEY, models: ['test-model', 'other-model'] });
  });
  afterEach(async () => {
    await server.close();
  });

  const post = (body: unknown, key: string | null = KEY, raw?: string) =>
    fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      body: raw ?? JSON.stringify(body),
    });

  it('listens on a random loopback port and exposes /v1', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/v1`);
    expect(Number(new URL(server.origin).port)).toBeGreaterThan(0);
  });

  it('answers 400 in OpenAI’s error shape to a request that breaks the contract, and records it', async () => {
    const response = await post({ model: 'test-model', messages: [{ role: 'robot', content: 'beep' }] });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(validateErrorResponse(body)).toEqual([]);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
    expect(body.error.message).toMatch(/messages\/0/);
    expect(server.contractErrors.length).toBeGreaterThan(0);
    expect(server.contractErrors[0]).toMatch(/POST \/v1\/chat\/completions.*request.*\/messages\/0/);
    expect(server.served.completions).toBe(0);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await post(undefined, KEY, '{not json');
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/could not parse the JSON body/);
    expect(server.contractErrors).toHaveLength(1);
  });

  it('answers 401 like OpenAI to a wrong key, echoing a masked part of it', async () => {
    const wrong = 'sk-wrong-key-abcdefghijklmnop';
    const response = await post(goodRequest(), wrong);
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(validateErrorResponse(body)).toEqual([]);
    expect(body.error.code).toBe('invalid_api_key');
    expect(body.error.message).toMatch(/^Incorrect API key provided: sk-wrong-key-abcdefg\**mnop\./);
    expect(body.error.message).not.toContain(wrong);
    expect(server.served.completions).toBe(0);
  });

  it('answers 401 to a missing key, on /models too', async () => {
    const response = await post(goodRequest(), null);
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toMatch(/didn't provide an API key/);
    const models = await fetch(`${server.url}/models`);
    expect(models.status).toBe(401);
  });

  it('streams a role chunk, one chunk a delta, a stop chunk, a usage chunk and [DONE], all valid', async () => {
    server.script({ deltas: ['One', ' two', ' three'], usage: { prompt_tokens: 7, completion_tokens: 3 } });
    const response = await post(goodRequest());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const data = await sseData(response);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line));
    for (const chunk of chunks) {
      expect(validateStreamChunk(chunk)).toEqual([]);
      expect(chunk).toMatchObject({ object: 'chat.completion.chunk', model: 'test-model', id: chunks[0].id });
    }
    expect(chunks).toHaveLength(6);
    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
    expect(chunks.slice(1, 4).map((c) => c.choices[0].delta.content)).toEqual(['One', ' two', ' three']);
    expect(chunks[4].choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks[5].choices).toEqual([]);
    expect(chunks[5].usage).toEqual({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
    expect(server.contractErrors).toEqual([]);
    expect(server.served).toEqual({ completions: 1, completionTokens: 3 });
    expect(server.requests.at(-1)?.body).toMatchObject({ model: 'test-model', stream: true });
  });

  it('sends no usage chunk unless asked, nor when scripted usage is null', async () => {
    const { stream_options: _omitted, ...noUsage } = goodRequest();
    const plain = (await sseData(await post(noUsage))).slice(0, -1).map((line) => JSON.parse(line));
    expect(plain.every((chunk) => chunk.choices.length === 1 && !('usage' in chunk))).toBe(true);
    server.script({ usage: null });
    const suppressed = (await sseData(await post(goodRequest()))).slice(0, -1).map((line) => JSON.parse(line));
    expect(suppressed.every((chunk) => chunk.usage === null)).toBe(true);
    expect(server.contractErrors).toEqual([]);
  });

  it('computes default usage from the prompt and the deltas', async () => {
    const data = await sseData(await post(goodRequest()));
    const usage = JSON.parse(data.at(-2)!).usage;
    expect(usage.completion_tokens).toBe(2);
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + 2);
  });

  it('answers a non-streamed call with a valid chat.completion', async () => {
    const { stream: _s, stream_options: _o, ...body } = goodRequest();
    server.script({ deltas: ['a', 'b', 'c'] });
    const response = await post(body);
    expect(response.status).toBe(200);
    const completion = await response.json();
    expect(validateChatResponse(completion)).toEqual([]);
    expect(completion.choices[0].message.content).toBe('abc');
    expect(completion.usage.completion_tokens).toBe(3);
    expect(server.contractErrors).toEqual([]);
  });

  it('answers scripted statuses with OpenAI’s error shape', async () => {
    server.script({ status: 429 });
    const limited = await post(goodRequest());
    expect(limited.status).toBe(429);
    expect((await limited.json()).error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });
    server.script(() => ({ status: 500, errorMessage: 'boom' }));
    const broken = await post(goodRequest());
    expect(broken.status).toBe(500);
    expect((await broken.json()).error).toEqual({ message: 'boom', type: 'server_error', param: null, code: null });
    expect(server.contractErrors).toEqual([]);
  });

  it('lists models, answers CORS preflight and 404s unknown routes', async () => {
    const models = await fetch(`${server.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    const list = await models.json();
    expect(validateModelList(list)).toEqual([]);
    expect(list.data.map((m: { id: string }) => m.id)).toEqual(['test-model', 'other-model']);

    const preflight = await fetch(`${server.url}/chat/completions`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/);

    const missing = await fetch(`${server.url}/embeddingz`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(missing.status).toBe(404);
    const body = await missing.json();
    expect(validateErrorResponse(body)).toEqual([]);
    expect(body.error.message).toBe('Invalid URL (GET /v1/embeddingz)');
  });

  it('counts a client that hangs up mid-stream, resolves nextClose and stops sending', async () => {
    server.script({ deltas: Array.from({ length: 50 }, (_, i) => `d${i}`), delayMs: 20 });
    const closed = server.nextClose(3_000);
    const controller = new AbortController();
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify(goodRequest()),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await closed;
    expect(server.closedEarly).toBe(1);
    const tokensAtClose = server.served.completionTokens;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.served.completionTokens).toBe(tokensAtClose);
    expect(tokensAtClose).toBeLessThan(50);
    expect(server.served.completions).toBe(0);
  });

  it('nextClose rejects when nobody hangs up', async () => {
    await expect(server.nextClose(50)).rejects.toThrow(/within 50 ms/);
  });

  it('can reset the connection mid-stream or send a malformed line', async () => {
    server.script({ deltas: ['a', 'b', 'c', 'd'], resetAfterDeltas: 2 });
    const response = await post(goodRequest());
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const failure = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return null;
          received += value;
        }
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(Error);
    expect(received).toContain('"content":"b"');
    expect(received).not.toContain('"content":"c"');
    expect(received).not.toContain('[DONE]');
    expect(server.served).toEqual({ completions: 0, completionTokens: 2 });
    expect(server.closedEarly).toBe(0);

    server.script({ deltas: ['a', 'b'], malformedLineAfterDeltas: 1 });
    const data = await sseData(await post(goodRequest()));
    expect(data[2]).toBe('{not json');
    expect(data.at(-1)).toBe('[DONE]');
  });
});
