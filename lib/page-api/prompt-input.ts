export { estimateMessageTokens as usageOf } from '../providers/estimate-tokens';

export type Role = 'system' | 'user' | 'assistant';
/** A message as the worker takes it: text only, with a prefix flag kept page-side. */
export interface Msg {
  role: Role;
  content: string;
  prefix?: boolean;
}

// Taken at load: a removed frame's global may no longer construct one when its InvalidStateError is due.
const Exception = DOMException;

/** A DOMException of the spec's name, or a plain TypeError, made in the page's realm. */
export const fail = (name: string, message: string): Error => (name === 'TypeError' ? new TypeError(message) : new Exception(message, name));

/**
 * The spec's "validate and canonicalize a prompt": text parts collapse into one string; a
 * system message after any other input is a TypeError, a misplaced prefix a SyntaxError, and
 * any content but text a NotSupportedError, since only text crosses to the worker so far.
 */
export function canonical(input: unknown, appended: boolean): Msg[] {
  if (!Array.isArray(input)) return [{ role: 'user', content: String(input) }];
  const list = input.length ? input : [{ role: 'user', content: '' }];
  return list.map((m, i) => {
    const { role, prefix } = m ?? {};
    let content = m?.content;
    if (!['user', 'assistant', 'system'].includes(role)) throw fail('TypeError', `Bad role ${role}`);
    if (prefix && (role !== 'assistant' || i < list.length - 1)) throw fail('SyntaxError', 'Only a last assistant message may be a prefix');
    if (role === 'system' && (appended || i)) throw fail('TypeError', 'A system message may only come first');
    if (Array.isArray(content)) {
      content = '';
      for (const part of m.content) {
        if (part?.type !== 'text') throw fail('NotSupportedError', `${part?.type} input is not supported`);
        if (typeof part.value !== 'string') throw fail('TypeError', 'Text must be a string');
        content += part.value;
      }
    }
    return { role, content: String(content), prefix };
  });
}
