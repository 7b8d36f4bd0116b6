import { APICallError, streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAICompatible } from '@/lib/providers/openai-compatible';
import type { ProviderConfig } from '@/lib/settings/schema';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';

const KEY = 'sk-test-provider-0123456789abcdef';

describe('the OpenAI-compatible provider adapter against a strict server', () => {
  let server: OpenAITestServer;
  let config: ProviderConfig;

  beforeAll(async () => {
    server = await startOpenAITestServer({ apiKey: KEY, models: ['test-model'], strictModels: true });
    // A trailing slash, as users paste it, must not break the path.
    config = {
      id: 'local',
      kind: 'openai-compatible',
      label: 'Local',
      baseURL: `${server.url}/`,
      models: ['test-model'],
    };
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.contractErrors.length = 0;
    server.script({});
  });

  const run = async (apiKey: string | undefined = KEY) =>
    streamText({
      model: await openAICompatible.languageModel(config, apiKey, 'test-model'),
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Count to five.' },
      ],
      allowSystemInMessages: true,
      maxOutputTokens: 64,
      temperature: 0.2,
      maxRetries: 0,
    });

  it('streams the text exactly, delta by delta, in order', async () => {
    const deltas = ['One', ',', ' two', ', three', '… ', 'four, ', 'five', '.', ' ✓'];
    server.script({ deltas, delayMs: 5 });
    const result = await run();
    const seen: string[] = [];
    for await (const text of result.textStream) seen.push(text);
    expect(seen).toEqual(deltas);
    expect(await result.text).toBe(deltas.join(''));
    expect(await result.finishReason).toBe('stop');
    expect(server.served.completions).toBeGreaterThan(0);
  });

  it('sends a request that validates against OpenAI’s schema, streamed and asking for usage', async () => {
    const result = await run();
    await result.consumeStream();
    expect(server.contractErrors).toEqual([]);
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toMatchObject({
      model: 'test-model',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Count to five.' },
      ],
    });
  });

  it('surfaces the usage the provider reports in its usage chunk', async () => {
    server.script({ deltas: ['a', 'b', 'c'], usage: { prompt_tokens: 123, completion_tokens: 45 } });
    const result = await run();
    await result.consumeStream();
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(123);
    expect(usage.outputTokens).toBe(45);
    expect(usage.totalTokens).toBe(168);
  });

  it('reports no usage when the provider sends none', async () => {
    server.script({ usage: null });
    const result = await run();
    await result.consumeStream();
    expect((await result.usage).inputTokens).toBeUndefined();
    expect(await result.text).toBe('Hello world');
  });

  it('carries the key as a Bearer token', async () => {
    await (await run()).consumeStream();
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(server.requests[0]?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('sends no Authorization header without a key, and the provider’s 401 comes back as an API call error', async () => {
    const errors: unknown[] = [];
    const result = streamText({
      model: await openAICompatible.languageModel(config, undefined, 'test-model'),
      prompt: 'Hi',
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as APICallError).statusCode).toBe(401);
  });
});
