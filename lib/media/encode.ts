import { Limits } from '../protocol/limits';
import { encodeAudio, type RawAudio } from './audio';
import { partsOf, type Part } from './carries';
import { encodeImage, MediaError } from './image';

export { MediaError };

/** A Blob's bytes as base64, read by the browser rather than a loop over bytes. */
function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** One media part as the page script sent it (an ImageBitmap, a Blob, an AudioBuffer's channels), as the wire carries it. */
async function encodePart(type: unknown, data: unknown): Promise<{ type: string; mediaType: string; data: string }> {
  if (type === 'image' && data instanceof ImageBitmap) {
    return { type, mediaType: 'image/jpeg', data: await base64Of(await encodeImage(data)) };
  }
  if (type === 'audio' && (data instanceof Blob || Array.isArray(data))) {
    return {
      type,
      mediaType: 'audio/wav',
      data: await base64Of(await encodeAudio(data instanceof Blob ? data : ([...data] as RawAudio))),
    };
  }
  throw new MediaError('TypeError', `A ${String(type)} part holds nothing the extension can send.`);
}

type Message = { content?: unknown };

/**
 * A page request with its images and audio encoded for the worker: JPEG and WAV, as base64.
 * Every media part is encoded here, so that each is fitted and capped; a page that sends data
 * of its own (say, base64 it wrote) is refused, as the page script never does.
 * Builds new objects rather than writing into the page's: in Firefox those are the page's own,
 * seen through a wrapper. Anything not shaped like a prompt is left for the schema to refuse.
 */
export async function encodeMedia(raw: unknown): Promise<unknown> {
  const media = partsOf(raw).filter((p) => p?.type !== 'text');
  if (media.length === 0) return raw;
  const call = (raw as { call: { messages: unknown[] } }).call;
  if (media.length > Limits.maxMediaParts) {
    throw new MediaError(
      'NotSupportedError',
      `A call may send at most ${Limits.maxMediaParts} images and audio clips, its history included.`,
    );
  }
  const messages = await Promise.all(
    (call.messages as Message[]).map(async (message) => {
      if (!Array.isArray(message?.content)) return message;
      const content = await Promise.all(
        (message.content as Part[]).map((part) => (part?.type === 'text' ? part : encodePart(part?.type, part?.data))),
      );
      return { ...message, content };
    }),
  );
  return { ...(raw as object), call: { ...call, messages } };
}
