import { describe, expect, it } from 'vitest';
import { schemaViolation } from '@/lib/gateway/json-schema-check';
import { checkConstraint, guidedMessages, structuredOutputFor } from '@/lib/gateway/structured-output';
import type { PromptCall } from '@/lib/protocol/call';

// Response constraints in the worker: the words that guide the model, the provider's JSON
// mode, and the check that an answer meets the constraint before the page sees it resolve.

const call = (extra: Partial<PromptCall> = {}): PromptCall => ({
  op: 'prompt',
  messages: [{ role: 'user', content: 'Rate it' }],
  ...extra,
});
const schema = {
  type: 'object',
  properties: {
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    tags: { type: 'array', items: { enum: ['a', 'b'] }, maxItems: 2 },
  },
  required: ['rating'],
  additionalProperties: false,
};
const withSchema = (s: unknown = schema, extra: Partial<PromptCall> = {}) =>
  call({ constraint: { schema: JSON.stringify(s) }, ...extra });

describe('schemaViolation()', () => {
  it('accepts conforming values and names the first problem of others by path', async () => {
    expect(await schemaViolation(schema, { rating: 3, tags: ['a'] })).toBeNull();
    expect(await schemaViolation(schema, { rating: 3.5 })).toMatch(/\$\.rating should be "integer"/);
    expect(await schemaViolation(schema, { rating: 9 })).toMatch(/\$\.rating is above 5/);
    expect(await schemaViolation(schema, {})).toMatch(/required property "rating"/);
    expect(await schemaViolation(schema, { rating: 1, extra: true })).toMatch(/\$\.extra is not allowed/);
    expect(await schemaViolation(schema, { rating: 1, tags: ['c'] })).toMatch(/\$\.tags\[0\] is not one of/);
    expect(await schemaViolation(schema, { rating: 1, tags: ['a', 'b', 'a'] })).toMatch(/more than 2 items/);
  });

  it('names the failed rule for string length, pattern, const, anyOf and oneOf, and accepts a nullable type', async () => {
    expect(await schemaViolation({ type: 'string', pattern: '^[a-z]+$', maxLength: 3 }, 'abcd')).toMatch(
      /longer than 3/,
    );
    expect(await schemaViolation({ type: 'string', pattern: '^[a-z]+$' }, 'AB')).toMatch(/does not match/);
    expect(await schemaViolation({ const: 'x' }, 'y')).toMatch(/should be "x"/);
    expect(await schemaViolation({ anyOf: [{ type: 'string' }, { type: 'number' }] }, true)).toMatch(/anyOf/);
    expect(await schemaViolation({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 2)).toMatch(/oneOf/);
    expect(await schemaViolation({ type: ['string', 'null'] }, null)).toBeNull();
  });
});

describe('guidedMessages()', () => {
  it('writes the schema after the last user message, unless the page omits it', () => {
    expect(guidedMessages(withSchema()).at(-1)?.content).toMatch(/^Rate it\n\nRespond with JSON only.*"rating"/s);
    expect(guidedMessages(withSchema(schema, { omitConstraintInput: true }))).toEqual(call().messages);
    expect(guidedMessages(call())).toEqual(call().messages);
  });

  it('keeps an assistant prefix last, putting the rule on the user turn before it', () => {
    const prefixed = call({
      messages: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', content: '{' },
      ],
      constraint: { regex: 'a+', flags: '' },
    });
    const out = guidedMessages(prefixed);
    expect(out.at(-1)).toEqual({ role: 'assistant', content: '{' });
    expect(out[0]?.content).toMatch(/^Go\n\n.*\/a\+\//s);
  });
});

describe('structuredOutputFor() and checkConstraint()', () => {
  it('asks for the schema through the provider only when the root is an object', () => {
    expect(structuredOutputFor(call())).toBeUndefined();
    expect(structuredOutputFor(withSchema())?.name).toBe('object');
    expect(structuredOutputFor(withSchema({ type: 'array' }))?.name).toBe('json');
  });

  it('refuses an answer that is not JSON, does not conform, or misses the regex, with SyntaxError', async () => {
    await expect(checkConstraint(withSchema(), '{"rating":4}')).resolves.toBeUndefined();
    for (const text of ['not json', '{"rating":7}']) {
      await expect(checkConstraint(withSchema(), text)).rejects.toMatchObject({ pageName: 'SyntaxError' });
    }
    const regex = call({ constraint: { regex: 'yes|no', flags: 'i' } });
    await expect(checkConstraint(regex, 'YES')).resolves.toBeUndefined();
    await expect(checkConstraint(regex, 'yes, sure')).rejects.toMatchObject({ pageName: 'SyntaxError' });
  });

  it('after an assistant prefix, checks the prefix and the continuation together, and leaves the provider’s JSON mode out', async () => {
    const prefixed = (extra: Partial<PromptCall>) =>
      call({
        messages: [
          { role: 'user', content: 'Rate it' },
          { role: 'assistant', content: '{"rating":' },
        ],
        ...extra,
      });
    const json = prefixed({ constraint: { schema: JSON.stringify(schema) } });
    await expect(checkConstraint(json, ' 4}')).resolves.toBeUndefined();
    await expect(checkConstraint(json, ' 9}')).rejects.toMatchObject({ pageName: 'SyntaxError' });
    expect(structuredOutputFor(json)).toBeUndefined();
    const regex = prefixed({ constraint: { regex: '\\{"rating": [1-5]\\}', flags: '' } });
    await expect(checkConstraint(regex, ' 3}')).resolves.toBeUndefined();
    await expect(checkConstraint(regex, '3}')).rejects.toMatchObject({ pageName: 'SyntaxError' });
  });

  it('a constraint that is not a JSON Schema object is the page’s TypeError', () => {
    expect(() => structuredOutputFor(call({ constraint: { schema: '[1,2]' } }))).toThrow(
      expect.objectContaining({ pageName: 'TypeError' }),
    );
  });
});
