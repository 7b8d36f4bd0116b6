import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { GatewayError, notAllowed, redactSecret, toGatewayError } from '@/lib/gateway/errors';
import { ErrorCodes } from '@/lib/protocol/wire';

const KEY = 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXyZ0';

/** True if any run of 8 characters of the key is still in the text. */
function leaksKey(text: string, key = KEY): boolean {
  for (let i = 0; i + 8 <= key.length; i++) if (text.includes(key.slice(i, i + 8))) return true;
  return false;
}

function apiError(over: Partial<ConstructorParameters<typeof APICallError>[0]> = {}): APICallError {
  return new APICallError({
    message: 'Unauthorized',
    url: 'https://api.openai.com/v1/chat/completions',
    requestBodyValues: { model: 'gpt-4o-mini' },
    statusCode: 401,
    ...over,
  });
}

describe('redactSecret', () => {
  it('removes the full key', () => {
    const out = redactSecret(`Authorization: Bearer ${KEY} was refused`, KEY);
    expect(out).toBe('Authorization: Bearer [redacted] was refused');
  });

  it('removes every occurrence of a repeated key', () => {
    const out = redactSecret(`${KEY} and ${KEY} and again ${KEY}.`, KEY);
    expect(out).not.toContain(KEY);
    expect(out.split('[redacted]')).toHaveLength(4);
  });

  it('removes an 8+ character fragment as OpenAI echoes it (sk-abc...wxyz)', () => {
    const echoed = `Incorrect API key provided: ${KEY.slice(0, 11)}${'*'.repeat(20)}${KEY.slice(-9)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    const out = redactSecret(echoed, KEY);
    expect(leaksKey(out)).toBe(false);
    expect(out).toContain('Incorrect API key provided: [redacted]');
    expect(out).toContain('You can find your API key at https://platform.openai.com/account/api-keys.');
  });

  it('leaves no tail of a long echoed fragment (14 characters of the key, not a multiple of 8)', () => {
    const key = 'sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123';
    const out = redactSecret(`Incorrect API key provided: ${key.slice(5, 19)}. Check it.`, key);
    expect(out).toBe('Incorrect API key provided: [redacted]. Check it.');
  });

  it('removes fragments repeated many times', () => {
    const fragment = KEY.slice(10, 22);
    const out = redactSecret(`${fragment} ${fragment}/${fragment}`, KEY);
    expect(leaksKey(out)).toBe(false);
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('removes the key when it sits inside a longer token, as in a URL query', () => {
    const out = redactSecret(`GET https://gen.example/v1/models?key=${KEY}&alt=sse`, KEY);
    expect(leaksKey(out)).toBe(false);
    expect(out).toBe('GET https://gen.example/v1/models?key=[redacted]&alt=sse');
  });

  it('leaves text without the key unchanged', () => {
    const text = 'The model gpt-4o-mini does not exist or you do not have access to it. sk-';
    expect(redactSecret(text, KEY)).toBe(text);
  });

  it('leaves text unchanged when there is no secret', () => {
    expect(redactSecret(`token ${KEY}`, undefined)).toBe(`token ${KEY}`);
    expect(redactSecret(`token ${KEY}`, '')).toBe(`token ${KEY}`);
  });

  it('still removes a short secret where it appears whole', () => {
    expect(redactSecret('pass=hunter2; again hunter2', 'hunter2')).toBe('pass=[redacted]; again [redacted]');
  });

  it('treats the key as text, not a pattern', () => {
    const key = 'a.b*c+d?e(f)g[h]';
    expect(redactSecret(`x ${key} y aXbbbcccc`, key)).toBe('x [redacted] y aXbbbcccc');
  });
});

describe('toGatewayError', () => {
  it('maps a 401 with a JSON body to NetworkError 5401 with the provider’s message and without the key', () => {
    const providerMessage = `Incorrect API key provided: ${KEY.slice(0, 11)}***************${KEY.slice(-8)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    const error = toGatewayError(
      apiError({
        message: `Incorrect API key provided: ${KEY}`,
        data: { error: { message: providerMessage, type: 'invalid_request_error', code: 'invalid_api_key' } },
        responseBody: JSON.stringify({ error: { message: providerMessage } }),
      }),
      KEY,
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.pageName).toBe('NetworkError');
    expect(error.code).toBe(5401);
    expect(error.code).toBe(ErrorCodes.providerError + 401);
    expect(error.message).toContain('401');
    expect(error.message).toContain('Incorrect API key provided: [redacted]');
    expect(error.message).toContain('You can find your API key');
    expect(error.message).not.toContain(KEY);
    expect(leaksKey(error.message)).toBe(false);
    expect(leaksKey(JSON.stringify(error.toWire()))).toBe(false);
  });

  it('redacts the full key when the provider echoes it whole', () => {
    const error = toGatewayError(
      apiError({ statusCode: 403, data: { error: { message: `key ${KEY} is disabled` } } }),
      KEY,
    );
    expect(error.code).toBe(5403);
    expect(error.message).toContain('key [redacted] is disabled');
    expect(leaksKey(error.message)).toBe(false);
  });

  it('falls back to the error’s own message when the body has no error.message', () => {
    const error = toGatewayError(
      apiError({ statusCode: 500, message: `Internal error for ${KEY}`, data: { error: { message: 42 } } }),
      KEY,
    );
    expect(error.pageName).toBe('NetworkError');
    expect(error.code).toBe(5500);
    expect(error.message).toContain('Internal error for [redacted]');
  });

  it('caps a long provider message', () => {
    const error = toGatewayError(
      apiError({ statusCode: 429, data: { error: { message: 'slow down '.repeat(1_000) } } }),
      KEY,
    );
    expect(error.code).toBe(5429);
    expect(error.message.length).toBeLessThan(600);
  });

  it('maps an API error without a status to UnknownError 5000', () => {
    const error = toGatewayError(apiError({ statusCode: undefined, message: 'socket hang up' }), KEY);
    expect(error.pageName).toBe('UnknownError');
    expect(error.code).toBe(ErrorCodes.providerError);
    expect(error.message).toContain('socket hang up');
  });

  it('maps any other thrown error to UnknownError 5000 without the key', () => {
    const error = toGatewayError(new TypeError(`fetch failed: Bearer ${KEY}`), KEY);
    expect(error.pageName).toBe('UnknownError');
    expect(error.code).toBe(5000);
    expect(error.message).toContain('fetch failed');
    expect(leaksKey(error.message)).toBe(false);
  });

  it('maps a thrown non-Error to UnknownError with the key redacted', () => {
    const error = toGatewayError(`boom ${KEY}`, KEY);
    expect(error.pageName).toBe('UnknownError');
    expect(error.message).toBe('The provider call failed: boom [redacted]');
  });

  it('passes a GatewayError through unchanged', () => {
    const original = notAllowed('denied');
    expect(toGatewayError(original, KEY)).toBe(original);
  });
});
