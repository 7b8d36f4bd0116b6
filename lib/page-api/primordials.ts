/**
 * What the page API calls of the platform, taken before any page script runs: later patches by
 * page code (a forged MessageEvent data getter, a wrapped postMessage) then cannot read or
 * rewrite our messages. An integrity measure, not a security boundary. The page script takes
 * them at document_start and hands them to the API it builds on first touch (install.ts);
 * anywhere else (unit tests), platform.ts takes them itself.
 */
export const capturePrimordials = (w: typeof globalThis) =>
  // A list, not an object: the page script is weighed to the byte, and names of fields would ship.
  [
    Reflect.apply,
    Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!.get!,
    // The window's own, inherited from EventTarget.prototype: reading the `EventTarget` global
    // would build its interface object in every frame. Outside a page (unit tests) there is none.
    w.addEventListener ?? EventTarget.prototype.addEventListener,
    MessagePort.prototype.postMessage,
    MessagePort.prototype.start,
    MessagePort.prototype.close,
    // Absent only outside a page (unit tests of the modules that do not post).
    w.postMessage?.bind(w),
    MessageChannel,
    DOMException,
  ] as const;

export type Primordials = ReturnType<typeof capturePrimordials>;
