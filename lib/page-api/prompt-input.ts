import { primordials } from './platform';

export { estimateMessageTokens as usageOf } from '../tokens/estimate';

export type Role = 'system' | 'user' | 'assistant';
/**
 * A message as the page keeps it: plain text, or parts where a message holds an image or audio.
 * A media part's data is what can cross to the content script, which encodes it: an ImageBitmap,
 * a Blob of audio, or an AudioBuffer's sample rate and channels.
 */
export type Part = { type: 'text'; text: string } | { type: 'image' | 'audio'; data: unknown };
export interface Msg {
  role: Role;
  content: string | Part[];
  prefix?: boolean;
}

// Taken at load (primordials.ts): a removed frame's global may no longer construct one when its
// InvalidStateError is due.
const Exception = primordials[8];

/** A DOMException of the spec's name, or a plain TypeError or RangeError, made in the page's realm. */
export const fail = (name: string, message: string): Error =>
  name === 'TypeError'
    ? new TypeError(message)
    : name === 'RangeError'
      ? new RangeError(message)
      : new Exception(message, name);

/**
 * A media value in a form that crosses to the content script: any image decoded to an
 * ImageBitmap here (which also proves it is an image; a BufferSource, having a byteLength, is
 * read as a file), an AudioBuffer as its rate and channels, other audio as a Blob. The content
 * script refuses, as the spec's TypeError, a Blob that holds no audio it knows.
 */
function media(type: string, v: any): unknown {
  if (type === 'image') return createImageBitmap(v?.byteLength >= 0 ? new Blob([v]) : v);
  return v instanceof AudioBuffer
    ? [v.sampleRate, ...Array.from({ length: v.numberOfChannels }, (_, i) => v.getChannelData(i))]
    : new Blob([v]);
}

/**
 * The spec's "validate and canonicalize a prompt": contiguous text parts collapse into one; a
 * system message after any other input is a TypeError, a misplaced prefix a SyntaxError, and an
 * image or audio part the session did not declare in expectedInputs, or one from the assistant, a
 * NotSupportedError. Text-only content becomes one string, as most calls are.
 */
export async function canonical(input: unknown, appended: boolean, declared: unknown[] = []): Promise<Msg[]> {
  if (!Array.isArray(input)) return [{ role: 'user', content: String(input) }];
  const list = input.length ? input : [{ role: 'user', content: '' }];
  return Promise.all(
    list.map(async (m, i): Promise<Msg> => {
      const { role, prefix, content } = m ?? {};
      if (!['user', 'assistant', 'system'].includes(role)) throw fail('TypeError', `Bad role ${role}`);
      if (prefix && (role !== 'assistant' || i < list.length - 1))
        throw fail('SyntaxError', 'A prefix must be a last assistant message');
      if (role === 'system' && (appended || i)) throw fail('TypeError', 'System message not first');
      if (!Array.isArray(content)) return { role, content: String(content), prefix };
      const parts: Part[] = [];
      for (const { type, value } of content) {
        const last = parts.at(-1);
        if (type === 'text') {
          if (typeof value !== 'string') throw fail('TypeError', 'Text not a string');
          if (last?.type === 'text') last.text += value;
          else parts.push({ type, text: value });
        } else if (role === 'assistant' || !declared.includes(type)) {
          // Only image and audio can be declared: the worker refuses any other type in expectedInputs.
          throw fail('NotSupportedError', `Declare ${type} in expectedInputs`);
        } else parts.push({ type, data: await media(type, value) });
      }
      const [first, second] = parts;
      return { role, content: !first ? '' : first.type === 'text' && !second ? first.text : parts, prefix };
    }),
  );
}
