import { describe, expect, it } from 'vitest';
import { SchemaLimits, checkSchema, schemaViolation } from '@/lib/gateway/json-schema-check';
import { checkConstraint } from '@/lib/gateway/structured-output';
import { rejectionOf, thrownBy } from './thrown';
import { parsePortMessage } from '@/lib/gateway/validate';
import type { PromptCall } from '@/lib/protocol/call';
import { LINEAR_NOT_EXPONENTIAL_MS } from './timing';

// Every structure a page hands the worker to walk is bounded: a schema's depth, its $refs, the
// work of one check, patterns and patternProperties on the linear-time engine, and tool
// schemas. The message's own nesting is checkBounds's, tested in bounds.test.ts.

const prompt = (extra: Partial<PromptCall>): PromptCall => ({
  op: 'prompt',
  messages: [{ role: 'user', content: 'Go' }],
  ...extra,
});
const portMessage = (extra: Partial<PromptCall>) => ({ type: 'call', call: prompt(extra) });
const withSchema = (schema: unknown) => prompt({ constraint: { schema: JSON.stringify(schema) } });
const nestedSchema = (levels: number) => {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
};
describe('local $refs, as zod-to-json-schema writes them', () => {
  const tree = {
    $ref: '#/definitions/node',
    definitions: {
      node: {
        type: 'object',
        properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/node' } } },
        required: ['name'],
      },
    },
  };

  it('follows #/definitions and #/$defs, recursively through the answer', async () => {
    expect(await schemaViolation(tree, { name: 'a', children: [{ name: 'b', children: [] }] })).toBeNull();
    expect(await schemaViolation(tree, { name: 'a', children: [{ children: [] }] })).toMatch(
      /\$\.children\[0\] lacks the required property "name"/,
    );
    const defs = {
      type: 'object',
      properties: { id: { $ref: '#/$defs/id' } },
      $defs: { id: { type: 'string', pattern: '^[a-f0-9]{4}$' } },
    };
    expect(await schemaViolation(defs, { id: 'beef' })).toBeNull();
    expect(await schemaViolation(defs, { id: 'BEEF' })).toMatch(/\$\.id does not match/);
    expect(() => checkSchema(tree)).not.toThrow();
  });

  it('refuses, before any call, a $ref cycle that never reads the answer', () => {
    const selfish = { $ref: '#/$defs/a', $defs: { a: { $ref: '#/$defs/b' }, b: { anyOf: [{ $ref: '#/$defs/a' }] } } };
    const error = thrownBy(() => parsePortMessage(portMessage({ constraint: { schema: JSON.stringify(selfish) } })));
    expect(error).toMatchObject({ pageName: 'NotSupportedError' });
    expect(error.message).toMatch(/cycle that never reads the answer \(#\/\$defs\/a → #\/\$defs\/b → #\/\$defs\/a\)/);
    expect(thrownBy(() => checkSchema({ $ref: '#' })).message).toMatch(/cycle/);
  });

  it('refuses a remote or dangling $ref by name', () => {
    expect(thrownBy(() => checkSchema({ $ref: 'https://example.com/s.json' })).message).toMatch(
      /only local \$refs.*example\.com/,
    );
    expect(thrownBy(() => checkSchema({ $ref: '#/$defs/missing' })).message).toMatch(
      /\$ref #\/\$defs\/missing names no schema/,
    );
    expect(thrownBy(() => checkSchema({ $ref: '#/%E0%A4%A' })).message).toMatch(/not a JSON pointer/);
  });
});

describe('patterns and patternProperties', () => {
  it('patternProperties apply to every key they match, besides properties', async () => {
    const schema = {
      type: 'object',
      properties: { id: { type: 'integer' } },
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: false,
    };
    expect(await schemaViolation(schema, { id: 1, 'x-a': 'ok' })).toBeNull();
    expect(await schemaViolation(schema, { id: 1, 'x-a': 2 })).toMatch(/\$\.x-a should be "string"/);
    expect(await schemaViolation(schema, { id: 1, other: 'no' })).toMatch(/\$\.other is not allowed/);
  });

  it('a catastrophic pattern and patternProperties key check a 10,000-character answer in under 100 ms', async () => {
    const schema = {
      type: 'object',
      properties: { word: { type: 'string', pattern: '^(a+)+$' } },
      patternProperties: { '^(b|b)*c$': { type: 'string' } },
    };
    const answer = JSON.stringify({ word: 'a'.repeat(10_000) + '!', ['b'.repeat(10_000)]: 'x' });
    const started = performance.now();
    const error = await rejectionOf(checkConstraint(withSchema(schema), answer));
    const ms = performance.now() - started;
    console.log(`schema pattern ^(a+)+$ on a 10,001-character string: ${ms.toFixed(1)} ms`);
    expect(error).toMatchObject({ pageName: 'SyntaxError', message: expect.stringMatching(/\$\.word does not match/) });
    expect(ms).toBeLessThan(LINEAR_NOT_EXPONENTIAL_MS);
  });

  it('a schema whose pattern or patternProperties key RE2 cannot run is refused before the call, by feature', () => {
    const lookahead = { type: 'string', pattern: '^(?=a)' };
    expect(
      thrownBy(() => parsePortMessage(portMessage({ constraint: { schema: JSON.stringify(lookahead) } }))),
    ).toMatchObject({
      pageName: 'NotSupportedError',
      message: expect.stringMatching(/\/\^\(\?=a\)\/ uses lookaround/),
    });
    expect(thrownBy(() => checkSchema({ patternProperties: { '(x)\\1': {} } })).message).toMatch(/backreferences/);
  });
});

describe('bounds on the walk', () => {
  it('a schema deeper than the limit is refused before the call; one at the limit is taken', () => {
    expect(() => checkSchema(nestedSchema(SchemaLimits.maxDepth))).not.toThrow();
    expect(thrownBy(() => checkSchema(nestedSchema(SchemaLimits.maxDepth + 1))).message).toMatch(
      `nests deeper than ${SchemaLimits.maxDepth} levels`,
    );
  });

  it('a tool schema is bounded the same way, and its patterns are left to the provider', () => {
    const tool = (schema: unknown) =>
      portMessage({ tools: [{ name: 'look', description: 'd', inputSchema: JSON.stringify(schema) }] });
    expect(thrownBy(() => parsePortMessage(tool(nestedSchema(SchemaLimits.maxDepth + 1))))).toMatchObject({
      pageName: 'NotSupportedError',
    });
    expect(thrownBy(() => parsePortMessage(tool({ $ref: '#' })))).toMatchObject({
      pageName: 'NotSupportedError',
      message: expect.stringMatching(/cycle/),
    });
    expect(
      parsePortMessage(tool({ type: 'object', properties: { q: { type: 'string', pattern: '(?=q)' } } })),
    ).toMatchObject({ op: 'prompt' });
  });

  it('the work of one check has a budget: nested anyOf over a large answer stops with NotSupportedError, quickly', async () => {
    // Every branch passes, so each level walks the answer four times: 4^6 walks of 5,000 items unbounded.
    const level = (i: number) => ({
      anyOf: Array.from({ length: 4 }, () => ({ type: 'array', items: { $ref: `#/$defs/l${i - 1}` } })),
    });
    const schema = {
      $ref: '#/$defs/l6',
      $defs: Object.fromEntries(
        Array.from({ length: 7 }, (_, i) => [`l${i}`, i === 0 ? { type: 'integer' } : level(i)]),
      ),
    };
    let answer: unknown = Array.from({ length: 5_000 }, () => 1);
    for (let i = 0; i < 5; i++) answer = [answer];
    const text = JSON.stringify(answer);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const error = await rejectionOf(checkConstraint(withSchema(schema), text));
      expect(error).toMatchObject({
        pageName: 'NotSupportedError',
        message: expect.stringContaining(`takes more than ${SchemaLimits.maxSteps} steps`),
      });
      times.push(performance.now() - started);
    }
    console.log(
      `budget of ${SchemaLimits.maxSteps} steps ran out after ${times.map((ms) => `${ms.toFixed(1)} ms`).join(', ')}`,
    );
    for (const ms of times) expect(ms).toBeLessThan(LINEAR_NOT_EXPONENTIAL_MS);
    // The same schema over a small answer stays within it: 4^6 walks of one item.
    await expect(checkConstraint(withSchema(schema), JSON.stringify([[[[[[1]]]]]]))).resolves.toBeUndefined();
  });

  it('a long check shares the thread: it pauses between slices, and the verdict is the same as in one go', async () => {
    const schema = { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } };
    const answer = [...Array.from({ length: 3_000 }, (_, n) => ({ n })), { n: 'last' }];
    let pauses = 0;
    const pause = () => {
      pauses++;
      return Promise.resolve();
    };
    const sliced = await schemaViolation(schema, answer, { sliceMs: 0, pause });
    expect(sliced).toBe('$[3000].n should be "integer"');
    // A value is visited per item and per property: 6,002 visits, a look at the clock every 128.
    expect(pauses).toBe(Math.floor(6_002 / 128));
    let unsliced = 0;
    const whole = await schemaViolation(schema, answer, { sliceMs: 60_000, pause: () => (unsliced++, pause()) });
    expect(whole).toBe(sliced);
    expect(unsliced).toBe(0);
  });

  it('a long enum over long answers spends the budget by characters read', async () => {
    const options = Array.from({ length: 100 }, (_, i) => `${i}`.padStart(900, 'x'));
    const schema = { type: 'array', items: { enum: options } };
    const started = performance.now();
    const error = await rejectionOf(
      checkConstraint(withSchema(schema), JSON.stringify(Array.from({ length: 2_000 }, () => options[99]))),
    );
    const ms = performance.now() - started;
    console.log(`enum of 100 options of 900 characters over 2,000 items: refused after ${ms.toFixed(1)} ms`);
    expect(error).toMatchObject({ pageName: 'NotSupportedError' });
    expect(ms).toBeLessThan(LINEAR_NOT_EXPONENTIAL_MS);
    await expect(
      checkConstraint(withSchema(schema), JSON.stringify([options[1], options[99]])),
    ).resolves.toBeUndefined();
    await expect(checkConstraint(withSchema(schema), JSON.stringify(['nope']))).rejects.toMatchObject({
      pageName: 'SyntaxError',
    });
  });

  it('an answer nested deeper than the limit fails the check rather than the stack', async () => {
    const schema = { $ref: '#/$defs/list', $defs: { list: { type: 'array', items: { $ref: '#/$defs/list' } } } };
    const answer = '['.repeat(5_000) + ']'.repeat(5_000);
    expect(await rejectionOf(checkConstraint(withSchema(schema), answer))).toMatchObject({
      pageName: 'SyntaxError',
      message: expect.stringMatching(/nests too deeply/),
    });
  });
});
