// Caps applied before any schema runs, so that a hostile structure costs bounded work.
export const Limits = {
  /** A page's message as it posts it: images and audio still as browser objects, not counted here. */
  maxMessageBytes: 4 * 1024 * 1024,
  /**
   * The same message once its images and audio are encoded, as the worker takes it: room for a
   * session's media, which every prompt sends again with the history.
   */
  maxEncodedBytes: 32 * 1024 * 1024,
  /** Raw samples an AudioBuffer crosses as (3 minutes of 48 kHz stereo is 69 MB). */
  maxBinaryBytes: 128 * 1024 * 1024,
  maxDepth: 8,
  maxTextChars: 1_000_000,
  maxChatMessages: 1_000,
  /** Parts of one message that holds images or audio, and the base64 characters of one of them. */
  maxContentParts: 64,
  maxMediaChars: 8 * 1024 * 1024,
  /** Images and audio clips one call may send, a session's history included: each costs an encode. */
  maxMediaParts: 32,
  maxModelIdChars: 200,
  /** Tools one session may offer, and tool calls one prompt may make, each answered by the page. */
  maxTools: 32,
  maxToolCalls: 32,
  /** Calls one frame may have in flight at once. */
  maxCallsInFlight: 16,
} as const;

export type BoundsVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Walks a structured-clone value without recursion and refuses it once it is deeper or larger
 * than the caps. Strings count by UTF-16 length times two, a close upper bound of their bytes.
 */
export function checkBounds(
  value: unknown,
  maxBytes: number = Limits.maxMessageBytes,
  maxDepth: number = Limits.maxDepth,
): BoundsVerdict {
  let bytes = 0;
  let binary = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (depth > maxDepth) return { ok: false, reason: `nested deeper than ${maxDepth} levels` };
    if (typeof item === 'string') bytes += item.length * 2;
    // Samples are already in memory and cost nothing to walk: they count apart, by their size.
    // A page's ArrayBuffer seen through Firefox's wrappers is no instance of ours: its tag says what it is.
    else if (ArrayBuffer.isView(item) || Object.prototype.toString.call(item) === '[object ArrayBuffer]') {
      binary += (item as ArrayBuffer).byteLength;
      if (binary > Limits.maxBinaryBytes)
        return { ok: false, reason: `holds more than ${Limits.maxBinaryBytes} bytes of samples` };
    } else if (item !== null && typeof item === 'object') {
      // Sized before any child is queued: structured clone carries a sparse array by its
      // length alone, so a few bytes on the wire can claim billions of entries.
      const isArray = Array.isArray(item);
      const keys = isArray ? [] : Object.keys(item);
      bytes += 8 * ((isArray ? (item as unknown[]).length : keys.length) + 1);
      for (const key of keys) bytes += key.length * 2;
      if (bytes > maxBytes) return { ok: false, reason: `larger than ${maxBytes} bytes` };
      const children = isArray ? (item as unknown[]) : keys.map((k) => (item as Record<string, unknown>)[k]);
      for (const child of children) stack.push([child, depth + 1]);
    } else bytes += 8;
    if (bytes > maxBytes) return { ok: false, reason: `larger than ${maxBytes} bytes` };
  }
  return { ok: true };
}
