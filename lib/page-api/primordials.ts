/**
 * What the page API calls of the platform, taken before any page script runs: later patches by
 * page code (a forged MessageEvent data getter, a wrapped postMessage) then cannot read or
 * rewrite our messages. An integrity measure, not a security boundary. The page script takes
 * them at document_start and hands them to the API it builds on first touch (install.ts);
 * anywhere else (unit tests), platform.ts takes them itself.
 */
export const capturePrimordials = (w: typeof globalThis) => ({
  apply: Reflect.apply,
  dataOf: Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!.get!,
  listen: EventTarget.prototype.addEventListener,
  postToPort: MessagePort.prototype.postMessage,
  startPort: MessagePort.prototype.start,
  closePort: MessagePort.prototype.close,
  // Absent only outside a page (unit tests of the modules that do not post).
  postToWindow: w.postMessage?.bind(w),
  Channel: MessageChannel,
  Exception: DOMException,
});

export type Primordials = ReturnType<typeof capturePrimordials>;
