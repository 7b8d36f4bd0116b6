import { describe, expect, it } from 'vitest';
import { Limits, checkBounds } from '@/lib/protocol/limits';
import { ErrorCodes } from '@/lib/protocol/wire';
import { GatewayError } from '@/lib/gateway/errors';
import { parsePortMessage } from '@/lib/gateway/validate';
import { thrownBy } from './thrown';

/** `{ a: { a: ... leaf } }` with the leaf at `depth`, built without recursion. */
function nested(depth: number, leaf: unknown = 'leaf'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const goodCall = { op: 'prompt', messages: [{ role: 'user', content: 'hello' }], temperature: 0.7 };

describe('checkBounds', () => {
  it.each([
    { name: 'a string', value: 'hello' },
    { name: 'null', value: null },
    { name: 'a number', value: 3 },
    { name: 'a typical port message', value: { type: 'call', call: goodCall } },
    {
      name: 'a prompt of 1,000 messages',
      value: {
        type: 'call',
        call: { ...goodCall, messages: Array.from({ length: 1_000 }, () => goodCall.messages[0]) },
      },
    },
    { name: 'a string of a full million characters', value: { content: 'x'.repeat(Limits.maxTextChars) } },
    { name: 'nesting exactly at the limit', value: nested(Limits.maxDepth) },
  ])('accepts $name', ({ value }) => {
    expect(checkBounds(value)).toEqual({ ok: true });
  });

  it('refuses one level past the depth limit, naming depth', () => {
    const verdict = checkBounds(nested(Limits.maxDepth + 1));
    expect(verdict).toEqual({ ok: false, reason: `nested deeper than ${Limits.maxDepth} levels` });
  });

  it('refuses a 10,000-deep object without overflowing the stack', () => {
    const deep = nested(10_000);
    let verdict: ReturnType<typeof checkBounds> | undefined;
    expect(() => {
      verdict = checkBounds(deep);
    }).not.toThrow();
    expect(verdict?.ok).toBe(false);
    expect(verdict && !verdict.ok ? verdict.reason : '').toMatch(/deeper/);
  });

  it('refuses a 10,000-deep array as well', () => {
    let deep: unknown = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const verdict = checkBounds(deep);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/deeper than 8 levels/);
  });

  it('refuses a cyclic object (structured clone keeps cycles) instead of walking forever', () => {
    const loop: Record<string, unknown> = { type: 'call' };
    loop.call = loop;
    const verdict = checkBounds(loop);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/deeper/);
  });

  it('refuses a string larger than the byte cap, naming size', () => {
    const big = 'x'.repeat(Limits.maxMessageBytes / 2 + 1); // two bytes a UTF-16 unit
    const verdict = checkBounds({ type: 'call', call: { content: big } });
    expect(verdict).toEqual({ ok: false, reason: `larger than ${Limits.maxMessageBytes} bytes` });
  });

  it('refuses an array of millions of small entries, naming size', () => {
    const many = new Array<number>(3_000_000).fill(0);
    const verdict = checkBounds({ type: 'call', call: { messages: many } });
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/larger than \d+ bytes/);
  });

  // Structured clone carries sparse arrays by their length, so a page can post
  // `a = []; a.length = 2 ** 31` for a few bytes. The proxy counts element reads: a bounded
  // check refuses on the length alone and reads none.
  it('refuses an array whose length alone is over the cap without reading its elements', () => {
    let reads = 0;
    const holes: unknown[] = [];
    holes.length = 1_000_000;
    const counted = new Proxy(holes, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key) && ++reads > 10_000) throw new Error(`read ${reads} elements`);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const verdict = checkBounds(counted);
    expect(verdict.ok).toBe(false);
    expect(reads).toBe(0);
  });

  it('refuses many medium strings that only together exceed the cap', () => {
    const piece = 'y'.repeat(100_000); // 200 kB each, 21 of them ≈ 4.2 MB
    const verdict = checkBounds(Array.from({ length: 21 }, () => piece));
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(/larger than/);
  });

  it('counts typed arrays by their size, apart from the structure, and refuses too many samples', () => {
    const minute = new Float32Array(48_000 * 60);
    expect(
      checkBounds({
        type: 'request',
        call: { messages: [{ content: [{ type: 'audio', data: [48_000, minute, minute] }] }] },
      }).ok,
    ).toBe(true);
    const verdict = checkBounds([
      new ArrayBuffer(Limits.maxBinaryBytes / 2),
      new ArrayBuffer(Limits.maxBinaryBytes / 2 + 1),
    ]);
    expect(verdict).toEqual({ ok: false, reason: `holds more than ${Limits.maxBinaryBytes} bytes of samples` });
  });

  it('honours caller-given caps', () => {
    expect(checkBounds('x'.repeat(10), 19).ok).toBe(false);
    expect(checkBounds('x'.repeat(10), 20).ok).toBe(true);
    expect(checkBounds(nested(2), undefined, 1).ok).toBe(false);
  });

  // A megabytes-long key must count: zod's strictObject would echo it back to the page in its
  // "Unrecognized key" message.
  it('counts the bytes of object keys too (a 5 MiB key is larger than the 4 MiB cap)', () => {
    const hugeKey = 'k'.repeat(5 * 1024 * 1024);
    const verdict = checkBounds({ type: 'call', [hugeKey]: 1 });
    expect(verdict.ok).toBe(false);
  });
});

describe('parsePortMessage', () => {
  it('returns the call of a good message', () => {
    expect(parsePortMessage({ type: 'call', call: goodCall })).toEqual(goodCall);
    expect(parsePortMessage({ type: 'call', call: { op: 'availability' } })).toEqual({ op: 'availability' });
  });

  it.each([
    {
      name: 'an empty messages array',
      raw: { type: 'call', call: { ...goodCall, messages: [] } },
      names: 'call.messages',
    },
    {
      name: 'a bad role',
      raw: { type: 'call', call: { ...goodCall, messages: [{ role: 'tool', content: 'x' }] } },
      names: 'call.messages.0.role',
    },
    {
      name: 'a non-string content',
      raw: { type: 'call', call: { ...goodCall, messages: [{ role: 'user', content: 1 }] } },
      names: 'call.messages.0.content',
    },
    {
      name: 'temperature out of range',
      raw: { type: 'call', call: { ...goodCall, temperature: 9 } },
      names: 'call.temperature',
    },
    { name: 'a bad model id', raw: { type: 'call', call: { ...goodCall, model: 'gpt4' } }, names: 'call.model' },
    {
      name: 'an origin smuggled into the call',
      raw: { type: 'call', call: { ...goodCall, origin: 'https://bank.example' } },
      names: 'origin',
    },
    { name: 'a wrong type tag', raw: { type: 'request', call: goodCall }, names: 'type' },
    { name: 'null', raw: null, names: 'message' },
  ])('throws TypeError -32602 naming the field for $name', ({ raw, names }) => {
    const error = thrownBy(() => parsePortMessage(raw));
    expect(error).toBeInstanceOf(GatewayError);
    const gatewayError = error as GatewayError;
    expect(gatewayError.pageName).toBe('TypeError');
    expect(gatewayError.code).toBe(ErrorCodes.invalidRequest);
    expect(gatewayError.code).toBe(-32602);
    expect(gatewayError.message).toMatch(/^Invalid request: /);
    expect(gatewayError.message).toContain(names);
  });

  it('refuses an over-deep message by its bounds, before the schema runs', () => {
    const error = thrownBy(() => parsePortMessage({ type: 'call', call: nested(10_000) }));
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).pageName).toBe('TypeError');
    expect((error as GatewayError).code).toBe(-32602);
    expect((error as GatewayError).message).toMatch(/nested deeper than 8 levels/);
  });

  it('refuses an oversized message by its bounds, naming size', () => {
    const raw = {
      type: 'call',
      call: { ...goodCall, messages: [{ role: 'user', content: 'x'.repeat(Limits.maxEncodedBytes / 2 + 1) }] },
    };
    const error = thrownBy(() => parsePortMessage(raw)) as GatewayError;
    expect(error.code).toBe(-32602);
    expect(error.message).toMatch(/larger than 33554432 bytes/);
  });

  it('serializes to the wire in the error contract', () => {
    const error = thrownBy(() => parsePortMessage({ type: 'call', call: { op: 'nope' } })) as GatewayError;
    expect(error.toWire()).toEqual({ name: 'TypeError', code: -32602, message: expect.stringContaining('call.op') });
  });
});
