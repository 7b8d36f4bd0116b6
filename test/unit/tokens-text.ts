// Text of the kinds that tokenize densest, for the token-bound tests and the bench.
import fc from 'fast-check';

const fromRanges = (...ranges: Array<[number, number]>) =>
  fc.oneof(...ranges.map(([min, max]) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp))));

// 'max': lengths spread up to the maximum, rather than fast-check's default of a few characters.
const textOf = (unit: fc.Arbitrary<string>, maxLength: number) => fc.string({ unit, maxLength, size: 'max' });

// Hiragana, katakana, CJK punctuation, unified ideographs, compatibility ideographs, Hangul, Extension B (astral).
export const CJK = fromRanges(
  [0x3000, 0x30ff],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0xac00, 0xd7a3],
  [0x20000, 0x2a6df],
);

/** Each arbitrary names the kind of text it makes. */
export const TEXTS = (maxLength: number): Record<string, fc.Arbitrary<string>> => ({
  latin: textOf(fc.oneof(fromRanges([0x20, 0x7e], [0xc0, 0x24f]), fc.constant(' '), fc.constant('\n')), maxLength),
  cjk: textOf(CJK, maxLength),
  // With the presentation forms, where NFKC expands one character into up to 18 (U+FDFA).
  arabic: textOf(fc.oneof(fromRanges([0x600, 0x6ff], [0xfb50, 0xfdff], [0xfe70, 0xfefc]), fc.constant(' ')), maxLength),
  // With U+0958–U+095F, which NFC decomposes into two characters.
  devanagari: textOf(fc.oneof(fromRanges([0x900, 0x97f]), fc.constant(' ')), maxLength),
  emoji: fc
    .array(
      fc
        .array(
          fromRanges(
            [0x1f468, 0x1f469],
            [0x1f466, 0x1f467],
            [0x1f3fb, 0x1f3ff],
            [0x1f1e6, 0x1f1ff],
            [0x2764, 0x2764],
            [0xfe0f, 0xfe0f],
            [0x1f300, 0x1f5ff],
          ),
          { minLength: 1, maxLength: 5 },
        )
        .map((seq) => seq.join('\u200d')),
      { maxLength: Math.ceil(maxLength / 8), size: 'max' },
    )
    .map((seqs) => seqs.join('')),
  base64: fc.base64String({ maxLength, size: 'max' }),
  unicode: textOf(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), maxLength),
  // Lone surrogates: a structured clone carries them, and the wire turns them into U+FFFD.
  surrogates: textOf(
    fc.oneof(fromRanges([0x20, 0x7e], [0xd800, 0xdfff]), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    maxLength,
  ),
  code: fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'function ',
          'const ',
          'return ',
          '=> ',
          '{',
          '}',
          '(',
          ')',
          ';',
          '\n',
          '  ',
          '    ',
          '\t',
          '===',
          '// ',
          '"',
          "'",
          '<|endoftext|>',
          '<|im_start|>',
        ),
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
        fc.integer().map(String),
      ),
      { maxLength: Math.ceil(maxLength / 4), size: 'max' },
    )
    .map((parts) => parts.join('')),
});
