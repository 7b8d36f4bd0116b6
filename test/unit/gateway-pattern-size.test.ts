import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { SchemaLimits } from '@/lib/gateway/json-schema-check';
import { PatternLimits, compiledSizeBound, pagePattern, toRe2Syntax } from '@/lib/gateway/patterns';
import { checkConstraint } from '@/lib/gateway/structured-output';
import { parsePortMessage } from '@/lib/gateway/validate';
import type { PromptCall } from '@/lib/protocol/call';
import { thrownBy } from './thrown';

// Linear time is not short time: a pattern's counted repeats multiply what it compiles to, and
// matching reads each character with every instruction. Both are bounded before the work is done.

const call = (extra: Partial<PromptCall>): PromptCall => ({
  op: 'prompt',
  messages: [{ role: 'user', content: 'Go' }],
  ...extra,
});
const message = (extra: Partial<PromptCall>) => ({ type: 'call', call: call(extra) });
/** 150 optional characters repeated 999 times: 1,650 characters of source, 300,000 instructions. */
const expanding = Array.from({ length: 150 }, (_, i) => `(?:${String.fromCharCode(97 + (i % 26))}?){999}`).join('');

describe('the size a pattern compiles to', () => {
  it('is bounded from the source before compiling, and the bound is never below the compiled size', () => {
    const atom = fc.constantFrom('a', 'b', '\\d', '[a-c]', '[^x]', '.', '\\p{L}', '\\u{1F600}', '\\.', '\\{');
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{3}', '{2,}', '{0,4}', '{2,7}', '*?', '{1,3}?');
    const pattern = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.tuple(atom, quantifier).map(([a, q]) => a + q),
        fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
        fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((parts) => parts.join('|')),
        fc
          .tuple(fc.constantFrom('(', '(?:', '(?<n>'), tie('node'), quantifier)
          .map(([open, inner, q]) => `${open}${inner})${q}`),
      ),
    })).node;
    fc.assert(
      fc.property(pattern, fc.constantFrom('', 'u', 'i'), (source, flags) => {
        let re2: string;
        let size: number;
        try {
          new RegExp(source, flags);
          re2 = toRe2Syntax(source, flags);
          size = RE2JS.compile(re2, flags === 'i' ? RE2JS.CASE_INSENSITIVE : 0).programSize();
        } catch {
          // Not JavaScript, or refused by RE2 itself (nested repeats past 1,000): never compiled.
          return;
        }
        expect(compiledSizeBound(re2)).toBeGreaterThanOrEqual(size);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses a short source whose repeats would compile to 300,000 instructions, at once and by name', () => {
    const started = performance.now();
    const error = thrownBy(() => pagePattern(expanding, 'u'));
    const ms = performance.now() - started;
    console.log(`a 1,650-character source of 300,000 instructions: refused in ${ms.toFixed(1)} ms`);
    expect(error).toMatchObject({
      pageName: 'NotSupportedError',
      message: expect.stringMatching(
        new RegExp(`counted repeats that compile to about \\d+ instructions, more than the ${PatternLimits.maxSize}`),
      ),
    });
    // Compiling it took 340 ms; judging it from its source is a read of 1,650 characters.
    expect(ms).toBeLessThan(20);
  });

  it('takes a pattern at the limit: /(?:a?){999}/ compiles, and so does \\w{1000}', () => {
    expect(pagePattern('(?:a?){999}', 'u').size).toBeLessThanOrEqual(PatternLimits.maxSize);
    expect(pagePattern('^\\w{1000}$', 'u').matchesAll('x'.repeat(1000))).toBe(true);
  });

  it('refuses, before the call, a RegExp constraint or schema that repeats too much', () => {
    expect(thrownBy(() => parsePortMessage(message({ constraint: { regex: expanding, flags: '' } })))).toMatchObject({
      pageName: 'NotSupportedError',
    });
    // Each pattern alone is allowed; together they compile past the schema's limit.
    const properties = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`p${i}`, { type: 'string', pattern: `^(?:${'abcdefgh'[i]}?){999}$` }]),
    );
    const error = thrownBy(() =>
      parsePortMessage(message({ constraint: { schema: JSON.stringify({ type: 'object', properties }) } })),
    );
    expect(error).toMatchObject({ pageName: 'NotSupportedError' });
    expect(error.message).toContain(`its patterns compile to more than ${SchemaLimits.maxPatternSize} instructions`);
  });
});

describe('the work of matching', () => {
  const big = '^(?:a?){600}a{600}$';

  it('a RegExp constraint refuses, before the call, a prefix longer than its pattern may read', () => {
    const size = pagePattern(big).size;
    const prefix = 'a'.repeat(Math.ceil(PatternLimits.maxWork / size) + 1);
    const messages: PromptCall['messages'] = [
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: prefix },
    ];
    const error = thrownBy(() => parsePortMessage(message({ messages, constraint: { regex: big, flags: '' } })));
    expect(error).toMatchObject({ pageName: 'NotSupportedError' });
    expect(error.message).toContain(`Checking ${prefix.length} characters against /${big}/ (${size} instructions)`);
  });

  it('a long answer to a large pattern is NotSupportedError, not seconds of the worker', async () => {
    const answer = 'a'.repeat(20_000);
    const started = performance.now();
    await expect(checkConstraint(call({ constraint: { regex: big, flags: '' } }), answer)).rejects.toMatchObject({
      pageName: 'NotSupportedError',
    });
    expect(performance.now() - started).toBeLessThan(20);
    // A short one is checked: the pattern asks for 600 to 1,200 a's.
    await expect(
      checkConstraint(call({ constraint: { regex: big, flags: '' } }), 'a'.repeat(1_000)),
    ).resolves.toBeUndefined();
  });

  it('a schema pattern spends the check’s budget by its size times the characters it reads', async () => {
    const schema = { type: 'array', items: { type: 'string', pattern: big } };
    const answer = JSON.stringify(Array.from({ length: 40 }, () => 'a'.repeat(600)));
    await expect(
      checkConstraint(call({ constraint: { schema: JSON.stringify(schema) } }), answer),
    ).rejects.toMatchObject({
      pageName: 'NotSupportedError',
      message: expect.stringContaining(`takes more than ${SchemaLimits.maxSteps} steps`),
    });
    // The same items with a small pattern read as many characters for a fraction of the budget.
    const small = { type: 'array', items: { type: 'string', pattern: '^a+$' } };
    await expect(
      checkConstraint(call({ constraint: { schema: JSON.stringify(small) } }), answer),
    ).resolves.toBeUndefined();
  });
});
