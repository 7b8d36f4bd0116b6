// A page's regular expressions run on RE2 (re2js), whose matching time is linear in the text:
// the built-in engine backtracks, and one pattern such as /(a+)+/ could hold the worker's only
// thread for seconds. JavaScript syntax is rewritten to RE2's with the same meaning; what RE2
// cannot run at all is refused before any provider call.
// Imported statically: the worker is one script (a Chromium service worker may not import()
// later), so a dynamic import would be inlined all the same and defer only ~1 ms of set-up.
import { RE2JS } from 're2js';
import { ErrorCodes } from '../protocol/wire';
import { GatewayError } from './errors';

export interface PagePattern {
  /** Whether the pattern matches somewhere in the text (a JSON Schema's `pattern`). */
  search(text: string): boolean;
  /** Whether the pattern matches the whole text (a RegExp constraint). */
  matchesAll(text: string): boolean;
  /** The instructions it compiled to: a match reads each character with up to this many. */
  size: number;
}

/**
 * Linear time is not yet short time: compiling costs about a microsecond an instruction, and
 * matching up to a few nanoseconds an instruction per character. Counted repeats copy what they
 * repeat, so a short source can compile to many instructions: /(?:a?){999}/ is 2,000, and 150
 * of them in 1,650 characters 300,000, which took 340 ms to compile and seconds to match.
 */
export const PatternLimits = {
  /** Instructions one pattern may compile to; judged from the source, before compiling. */
  maxSize: 3_000,
  /** Instruction × characters one check may read (about 15 ms): size times the text's length. */
  maxWork: 2_000_000,
} as const;

/** The work of matching `text`, in instruction × characters, counted before it is done. */
export const matchWork = (pattern: PagePattern, text: string): number => pattern.size * text.length;

const refused = (feature: string, source: string) =>
  new GatewayError(
    'NotSupportedError',
    `The pattern /${source}/ uses ${feature}, which this extension does not run: patterns run on a linear-time engine.`,
    ErrorCodes.invalidRequest,
  );

// JavaScript's \s: WhiteSpace and LineTerminator. RE2's \s lacks \v and every non-ASCII space.
const SPACE =
  '\\t\\n\\v\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
const NOT_SPACE =
  '\\x00-\\x08\\x0E-\\x1F\\x21-\\x{9F}\\x{A1}-\\x{167F}\\x{1681}-\\x{1FFF}\\x{200B}-\\x{2027}\\x{202A}-\\x{202E}\\x{2030}-\\x{205E}\\x{2060}-\\x{2FFF}\\x{3001}-\\x{FEFE}\\x{FF00}-\\x{10FFFF}';
// JavaScript's `.` stops at every line terminator; RE2's at \n alone.
const DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const hex = (code: number) => `\\x{${code.toString(16).toUpperCase()}}`;
// Unicode property names JavaScript spells out and RE2 knows only in short form.
const PROPERTY_ALIASES: Record<string, string> = {
  Letter: 'L',
  Lowercase_Letter: 'Ll',
  Uppercase_Letter: 'Lu',
  Titlecase_Letter: 'Lt',
  Modifier_Letter: 'Lm',
  Other_Letter: 'Lo',
  Mark: 'M',
  Number: 'N',
  Decimal_Number: 'Nd',
  digit: 'Nd',
  Letter_Number: 'Nl',
  Other_Number: 'No',
  Punctuation: 'P',
  punct: 'P',
  Symbol: 'S',
  Math_Symbol: 'Sm',
  Currency_Symbol: 'Sc',
  Separator: 'Z',
  Space_Separator: 'Zs',
  Other: 'C',
  Control: 'Cc',
  cntrl: 'Cc',
  Format: 'Cf',
  Private_Use: 'Co',
  Unassigned: 'Cn',
};

/** One escape after its backslash at `at`: its RE2 spelling and how many characters it took. */
function translateEscape(source: string, at: number, inClass: boolean, flags: string): [string, number] {
  const unicode = flags.includes('u');
  const c = source[at + 1]!;
  const rest = source.slice(at + 1);
  let m: RegExpMatchArray | null;
  if (/[1-9]/.test(c) || (c === 'k' && source[at + 2] === '<')) throw refused('backreferences', source);
  if (c === '0')
    return /^0[0-9]/.test(rest)
      ? [hex(parseInt(/^0[0-7]{0,2}/.exec(rest)![0], 8)), /^0[0-7]{0,2}/.exec(rest)![0].length + 1]
      : ['\\x00', 2];
  if (c === 's' || c === 'S')
    return [inClass ? (c === 's' ? SPACE : NOT_SPACE) : `[${c === 's' ? SPACE : `^${SPACE}`}]`, 2];
  if (c === 'b' && inClass) return ['\\x08', 2];
  if (/[dDwWtnrfv]/.test(c) || (/[bB]/.test(c) && !inClass)) return [`\\${c}`, 2];
  if ((m = /^u\{([0-9a-fA-F]{1,6})\}/.exec(rest)) && unicode) return [hex(parseInt(m[1]!, 16)), m[0].length + 1];
  if ((m = /^u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(rest))) {
    // A surrogate pair spelled as two escapes is one code point, as RE2 reads text.
    return [hex(0x10000 + ((parseInt(m[1]!, 16) - 0xd800) << 10) + (parseInt(m[2]!, 16) - 0xdc00)), m[0].length + 1];
  }
  if ((m = /^u([0-9a-fA-F]{4})/.exec(rest))) return [hex(parseInt(m[1]!, 16)), 6];
  if ((m = /^x([0-9a-fA-F]{2})/.exec(rest))) return [hex(parseInt(m[1]!, 16)), 4];
  if ((m = /^c([A-Za-z])/.exec(rest))) return [hex(m[1]!.charCodeAt(0) % 32), 3];
  // Without a control letter, JavaScript reads \c as a backslash and a c.
  if (c === 'c') return ['\\\\c', 2];
  if ((c === 'p' || c === 'P') && unicode) {
    const body = /^[pP]\{([^}]*)\}/.exec(rest)?.[1] ?? '';
    const [key, value] = body.includes('=') ? body.split('=') : [undefined, body];
    if (key !== undefined && !['Script', 'sc', 'General_Category', 'gc'].includes(key))
      throw refused(`the Unicode property \\${c}{${body}}`, source);
    // JavaScript case-folds the complement; RE2 complements the case-folded set, which differs.
    if (c === 'P' && flags.includes('i'))
      throw refused(`a negated Unicode property (\\P{${body}}) with the i flag`, source);
    return [`\\${c}{${PROPERTY_ALIASES[value!] ?? value}}`, body.length + 4];
  }
  // Any other escaped character stands for itself (RE2 gives some letters meanings of its own).
  return [/[A-Za-z0-9]/.test(c) ? c : `\\${c}`, 2];
}

/**
 * Rewrites a JavaScript pattern, already known to be valid JavaScript, into RE2 syntax with the
 * same meaning, or throws NotSupportedError naming what RE2 cannot run.
 */
export function toRe2Syntax(source: string, flags: string): string {
  const dotAll = flags.includes('s');
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length;) {
    const c = source[i]!;
    if (c === '\\') {
      const [re2, length] = translateEscape(source, i, inClass, flags);
      out += re2;
      i += length;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      // RE2 reads [[:alpha:]] as a POSIX class; in JavaScript a [ inside a class is itself.
      out += c === '[' ? '\\[' : c;
      i += 1;
    } else if (c === '[') {
      if (source.startsWith('[^]', i)) [out, i] = [out + '(?s:.)', i + 3];
      else if (source.startsWith('[]', i)) [out, i] = [out + '[^\\x00-\\x{10FFFF}]', i + 2];
      else {
        inClass = true;
        const negated = source[i + 1] === '^';
        out += negated ? '[^' : '[';
        i += negated ? 2 : 1;
      }
    } else if (c === '(' && source[i + 1] === '?') {
      if (/^\(\?<?[=!]/.test(source.slice(i))) throw refused('lookaround (lookahead or lookbehind)', source);
      out += c;
      i += 1;
    } else {
      out += c === '.' && !dotAll ? DOT : c;
      i += 1;
    }
  }
  return out;
}

// Read where the bound's scan stands (sticky), so nothing of the source is copied per character.
const BRACED_ESCAPE = /\\[xpP]\{/y;
const FLAGS_ONLY = /\(\?[a-zA-Z-]*\)/y;
const GROUP_OPENING = /\(\?(?:P?<[^>]*>|[a-zA-Z-]*:)/y;
const COUNTED_REPEAT = /\{(\d+)(?:,(\d*))?\}/y;

/**
 * An upper bound on the instructions RE2 compiles an RE2-syntax source to, read in one pass:
 * an atom, an operator and a capture's ends are an instruction each (a star two), and a counted
 * repeat {n}, {n,} or {n,m} copies what it repeats, with a choice for each optional copy.
 */
export function compiledSizeBound(re2Source: string): number {
  const groups: number[] = [2]; // the whole match's capture
  let last = 0;
  const add = (size: number) => {
    groups[groups.length - 1]! += size;
    last = size;
  };
  let i = 0;
  const at = (pattern: RegExp) => ((pattern.lastIndex = i), pattern.exec(re2Source));
  for (; i < re2Source.length; i++) {
    const c = re2Source[i]!;
    if (c === '\\') {
      i = at(BRACED_ESCAPE) ? Math.max(re2Source.indexOf('}', i), i + 1) : i + 1;
      add(1);
    } else if (c === '[') {
      for (i += re2Source[i + 1] === '^' ? 2 : 1; i < re2Source.length && re2Source[i] !== ']'; i++)
        if (re2Source[i] === '\\') i++;
      add(1);
    } else if (c === '(') {
      const flagsOnly = at(FLAGS_ONLY);
      if (flagsOnly) {
        i += flagsOnly[0].length - 1;
        continue;
      }
      const opening = at(GROUP_OPENING);
      // A capture's two ends are instructions; a group that only groups is none.
      groups.push(opening && !opening[0].includes('<') ? 0 : 2);
      if (opening) i += opening[0].length - 1;
    } else if (c === ')' && groups.length > 1) {
      add(groups.pop()!);
    } else {
      const repeat = c === '{' ? at(COUNTED_REPEAT) : null;
      if (!repeat) {
        // A star over what may match nothing compiles to a plus inside a choice: two instructions.
        add(c === '*' ? 2 : 1);
        continue;
      }
      const [whole, minText, maxText] = repeat;
      const min = Number(minText);
      const total =
        maxText === undefined
          ? last * min
          : maxText === ''
            ? last * Math.max(min, 1) + 2
            : last * Number(maxText) + Math.max(Number(maxText) - min, 0);
      groups[groups.length - 1]! += total - last;
      last = total;
      i += whole.length - 1;
    }
  }
  return groups.reduce((sum, size) => sum + size, 0) + 1; // and the match instruction
}

const MAX_CACHED = 256;
const cache = new Map<string, PagePattern>();

/**
 * A page's pattern compiled once for RE2, with JavaScript's flags (i, m, s, u; g and y mean
 * nothing to a test), or NotSupportedError naming what stops it. Compiling costs time linear in
 * the pattern, and RE2 bounds the size of what it compiles.
 */
export function pagePattern(source: string, flags = ''): PagePattern {
  const key = `${flags}/${source}`;
  const known = cache.get(key);
  if (known) return known;
  try {
    // The built-in parser is linear and says first whether this is JavaScript at all.
    new RegExp(source, flags.replace(/[^imsu]/g, ''));
  } catch {
    throw new GatewayError(
      'NotSupportedError',
      `The pattern /${source}/${flags} is not a valid regular expression.`,
      ErrorCodes.invalidRequest,
    );
  }
  const re2Flags =
    (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) |
    (flags.includes('m') ? RE2JS.MULTILINE : 0) |
    (flags.includes('s') ? RE2JS.DOTALL : 0);
  const re2Source = toRe2Syntax(source, flags);
  const bound = compiledSizeBound(re2Source);
  if (bound > PatternLimits.maxSize)
    throw refused(
      `counted repeats that compile to about ${bound} instructions, more than the ${PatternLimits.maxSize} a pattern may have`,
      source,
    );
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(re2Source, re2Flags);
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    const why = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw refused(`syntax the linear-time engine cannot run (${why})`, source);
  }
  const pattern: PagePattern = {
    search: (text) => compiled.test(text),
    matchesAll: (text) => compiled.matches(text),
    size: compiled.programSize(),
  };
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, pattern);
  return pattern;
}
