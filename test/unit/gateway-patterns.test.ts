import { describe, expect, it } from 'vitest';
import { pagePattern } from '@/lib/gateway/patterns';
import { checkConstraint } from '@/lib/gateway/structured-output';
import { parsePortMessage } from '@/lib/gateway/validate';
import type { PromptCall } from '@/lib/protocol/call';

// A page's regular expressions on the linear-time engine: the slow patterns stay fast, the
// meaning is JavaScript's, and what the engine cannot run is refused by name.

const regexCall = (regex: string, flags = ''): PromptCall => ({ op: 'prompt', messages: [{ role: 'user', content: 'Go' }], constraint: { regex, flags } });
const elapsed = (run: () => void) => {
  const started = performance.now();
  run();
  return performance.now() - started;
};

describe('slow patterns on 10,000-character answers', () => {
  const slow = ['(a+)+', '(a|a)*b', '(a*)*b', '(x+x+)+y', '(a|aa)+', '([a-z]+)*$', '(\\w+\\s?)*$', '(.*a){12}'];
  const answers = ['a'.repeat(10_000) + '!', 'x'.repeat(10_000), 'a '.repeat(5_000) + '!'];

  it.each(slow)('%s fails or passes each in under 100 ms, compile included', (source) => {
    const times = answers.map((answer) =>
      elapsed(() => {
        const call = regexCall(source);
        try {
          checkConstraint(call, answer);
        } catch (error) {
          expect(error).toMatchObject({ pageName: 'SyntaxError' });
        }
      }),
    );
    console.log(`/${source}/ on 10,001 characters: ${times.map((t) => `${t.toFixed(1)} ms`).join(', ')}`);
    for (const t of times) expect(t).toBeLessThan(100);
  });

  it('the built-in engine would take exponential time on the same pattern (why this matters)', () => {
    // 20 a's and a "!": about a million steps for a backtracker, already measurable; 31 froze the worker.
    const backtracking = elapsed(() => /^(?:(a+)+)$/.test('a'.repeat(20) + '!'));
    const linear = elapsed(() => pagePattern('(a+)+').matchesAll('a'.repeat(20) + '!'));
    console.log(`(a+)+ on 21 characters: built-in ${backtracking.toFixed(2)} ms, RE2 ${linear.toFixed(2)} ms`);
    expect(pagePattern('(a+)+').matchesAll('a'.repeat(20) + '!')).toBe(false);
  });
});

describe('JavaScript semantics on the linear-time engine', () => {
  // Each case: source, flags, inputs. Both engines must agree on every input, whole-text and search.
  const cases: Array<[string, string, string[]]> = [
    ['a$', '', ['a', 'a\n', 'ba', 'a\nb']],
    ['^a$', 'm', ['a', 'b\na', 'a\nb', 'ba']],
    ['a.c', '', ['abc', 'a\nc', 'a\rc', 'a\u2028c', 'a\u2029c', 'a\u00e9c']],
    ['a.c', 's', ['abc', 'a\nc', 'a\rc', 'a\u2028c']],
    ['\\d+', '', ['123', '١٢٣', '12a']],
    ['\\w+', '', ['abc_1', 'é', 'ab-c']],
    ['\\bcat\\b', '', ['cat', 'a cat.', 'concat', 'cats', 'é cat é']],
    ['\\s', '', [' ', '\t', '\v', '\u00a0', '\u2003', '\ufeff', '\u3000', 'x', '\u200b']],
    ['[\\S]+', '', ['abc', 'a b', '\u00a0', 'é']],
    ['[^\\s]', '', ['a', ' ', '\v']],
    ['\\p{L}+', 'u', ['héllo', 'Ωμέγα', '123', '日本']],
    ['\\p{Script=Greek}+', 'u', ['Ωμέγα', 'abc']],
    ['\\p{Lu}', 'u', ['A', 'a', 'É']],
    ['\\P{Letter}', 'u', ['1', 'a']],
    ['(?<year>\\d{4})-(?<month>\\d{2})', '', ['2024-05', '24-05']],
    ['hello', 'i', ['HELLO', 'HeLLo', 'help']],
    ['[a-z]+', 'i', ['ABC', 'aBc', 'ab1']],
    ['\\u0041\\x42\\u{43}', 'u', ['ABC', 'abc']],
    ['\\uD83D\\uDE00', '', ['😀', '😃']],
    ['\\cJ', '', ['\n', 'J']],
    ['[\\b]', '', ['\b', 'b']],
    ['\\a\\e\\z', '', ['aez', '\x07\x1bz']],
    ['[[:alpha:]]', '', ['[', ':', 'a', 'b', 'x']],
    ['[^]', '', ['\n', 'a']],
    ['x[]', '', ['x', 'x]']],
    ['a{,3}', '', ['a{,3}', 'aaa']],
    ['\\0', '', ['\0', '0']],
    ['\\/', '', ['/']],
    ['yes|no', '', ['yes', 'no', 'yesno', 'maybe']],
    ['(?:ab)+?c', '', ['ababc', 'c']],
  ];

  it.each(cases)('/%s/%s agrees with the built-in RegExp', (source, flags, inputs) => {
    const ours = pagePattern(source, flags);
    for (const input of inputs) {
      const label = `/${source}/${flags} on ${JSON.stringify(input)}`;
      expect(ours.search(input), `${label}, search`).toBe(new RegExp(source, flags).test(input));
      // The whole answer must match, as the constraint has always meant it: ^(?:src)$ without m.
      expect(ours.matchesAll(input), `${label}, whole`).toBe(new RegExp(`^(?:${source})$`, flags.replace('m', '')).test(input));
    }
  });

  it('a RegExp constraint still means the whole answer, even with the m flag', () => {
    expect(() => checkConstraint(regexCall('a', 'm'), 'b\na')).toThrow(expect.objectContaining({ pageName: 'SyntaxError' }));
    expect(() => checkConstraint(regexCall('[ab\\n]+', 'm'), 'b\na')).not.toThrow();
  });
});

describe('patterns the linear-time engine cannot run are refused by name', () => {
  const refusals: Array<[string, string, RegExp]> = [
    ['(a)\\1', '', /backreferences/],
    ['(?<x>a)\\k<x>', '', /backreferences/],
    ['a(?=b)', '', /lookaround/],
    ['a(?!b)', '', /lookaround/],
    ['(?<=a)b', '', /lookaround/],
    ['(?<!a)b', '', /lookaround/],
    ['a{1001}', '', /linear-time engine cannot run \(invalid repeat count/],
    ['\\p{Script_Extensions=Greek}', 'u', /Unicode property/],
  ];

  it.each(refusals)('/%s/%s', (source, flags, feature) => {
    let thrown: unknown;
    try {
      pagePattern(source, flags);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ pageName: 'NotSupportedError' });
    expect((thrown as Error).message).toMatch(feature);
    expect((thrown as Error).message).toContain(`/${source}/`);
  });

  it('a pattern that is not JavaScript at all is refused as invalid', () => {
    expect(() => pagePattern('(', '')).toThrow(expect.objectContaining({ pageName: 'NotSupportedError', message: expect.stringMatching(/not a valid regular expression/) }));
  });

  it('parsePortMessage refuses the call before it goes anywhere', () => {
    const message = { type: 'call', call: regexCall('(a)\\1') };
    expect(() => parsePortMessage(message)).toThrow(expect.objectContaining({ pageName: 'NotSupportedError', message: expect.stringMatching(/\/\(a\)\\1\/ uses backreferences/) }));
    expect(parsePortMessage({ type: 'call', call: regexCall('(a+)+') })).toMatchObject({ op: 'prompt' });
  });

  it('compiles each pattern once', () => {
    expect(pagePattern('(b+)+c', 'i')).toBe(pagePattern('(b+)+c', 'i'));
    expect(pagePattern('(b+)+c', 'i')).not.toBe(pagePattern('(b+)+c', ''));
  });
});
