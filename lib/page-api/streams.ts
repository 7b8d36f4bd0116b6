import { fail } from './prompt-input';

/**
 * A ReadableStream of deltas from one call. Cancelling it aborts the call, which closes the
 * provider's connection; the page's own signal does the same. A destroyed model or an aborted
 * signal throws at once, as the spec's "get a streaming AI model result" does, with no stream.
 */
export function deltaStream<O extends { signal?: AbortSignal }>(
  run: (onChunk: (text: string) => void, o: O) => Promise<unknown>,
  dead: AbortSignal,
  o: O,
): ReadableStream<string> {
  throwIfAborted(dead, o.signal);
  const cancel = new AbortController();
  const both = { ...o, signal: anySignal(cancel.signal, o.signal) };
  let open = true;
  return new ReadableStream<string>({
    start(c) {
      // An abort errors the stream at once, as the spec's does: deltas that came in the same
      // message as the last one read are dropped with the queue, not read after the abort.
      const error = (e: unknown) => void (open && ((open = false), c.error(e)));
      both.signal.addEventListener('abort', () => error(both.signal.reason));
      void run((t) => void (open && c.enqueue(t)), both).then(() => void (open && ((open = false), c.close())), error);
    },
    cancel: () => cancel.abort(),
  });
}

/** QuotaExceededError, carrying requested and quota as the newer QuotaExceededError class does. */
export const quotaError = (requested: number, quota: number): Error =>
  Object.assign(fail('QuotaExceededError', `${requested} tokens; the window holds ${quota}`), { requested, quota });

/**
 * What every call checks first: the spec's InvalidStateError once the page's document is no
 * longer active (a removed iframe's API, called from its parent), then a destroyed model's or an
 * aborted signal's reason.
 */
export function throwIfAborted(...signals: Array<AbortSignal | undefined>): void {
  if (!document.defaultView) throw fail('InvalidStateError', 'Document not active');
  for (const s of signals) if (s?.aborted) throw s.reason;
}

/** One signal that fires when any of the given ones does. */
export const anySignal = (...signals: Array<AbortSignal | undefined>) =>
  AbortSignal.any(signals.filter((s) => s) as AbortSignal[]);
