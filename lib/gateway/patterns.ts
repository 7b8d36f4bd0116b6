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
}

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
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(toRe2Syntax(source, flags), re2Flags);
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    const why = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw refused(`syntax the linear-time engine cannot run (${why})`, source);
  }
  const pattern: PagePattern = {
    search: (text) => compiled.test(text),
    matchesAll: (text) => compiled.matches(text),
  };
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, pattern);
  return pattern;
}
