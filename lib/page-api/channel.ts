import { PAGE_INIT_TAG, type PageReply } from '../protocol/wire';
import { fail } from './prompt-input';
import { throwIfAborted } from './streams';
import { idl } from './idl';
import { primordials } from './platform';

// Taken at document_start (primordials.ts), not when this module first runs.
export const [apply, dataOf, listen, , , , postToWindow] = primordials;
const [, , , postToPort, startPort, closePort, , Channel] = primordials;

export type CallBody = Record<string, unknown> & { op: string };

/**
 * The extension's own code for each error it sent, kept off the error object itself, so that
 * Window AI's ErrorCode can be told from it while pages see only the spec's error.
 */
export const wireCodes = new WeakMap<object, number>();

/** The page's tools by name: their execute functions run here, in the page, when the model asks. */
export type Tools = Map<string, (args: unknown) => unknown>;

/**
 * One call to the extension over its own MessageChannel, with the Prompt API's errors: the
 * spec's DOMException names, made in the page's realm. Deltas go to onChunk as they arrive;
 * the promise settles with the final value. Aborting the signal closes the call end to end.
 * A tool-call runs the page's tool and answers on the same channel, result or error.
 */
export function ask(
  body: CallBody,
  onChunk?: (text: string) => void,
  signal?: AbortSignal,
  tools?: Tools,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const { port1, port2 } = new Channel();
    const end = () => {
      apply(closePort, port1, []);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      apply(postToPort, port1, [{ type: 'abort' }]);
      end();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort);
    apply(listen, port1, [
      'message',
      (event: MessageEvent) => {
        const reply = apply(dataOf, event, []) as PageReply;
        if (reply.type === 'chunk') return onChunk?.(reply.text);
        if (reply.type === 'chunks') {
          // An index, not forEach or an iterator, which page code could have replaced.
          for (let i = 0; i < reply.texts.length; i++) onChunk?.(reply.texts[i]!);
          return;
        }
        if (reply.type === 'tool-call') {
          const answer = (a: object) => apply(postToPort, port1, [{ type: 'tool-result', id: reply.id, ...a }]);
          new Promise((run) => run(tools!.get(reply.name)!(JSON.parse(reply.args)))).then(
            (result) => answer({ result: String(result) }),
            (e) => answer({ error: String(e?.message ?? e) }),
          );
          return;
        }
        end();
        if (reply.type === 'done') resolve(reply.value);
        else {
          const error = fail(reply.error.name, reply.error.message);
          wireCodes.set(error, reply.error.code);
          reject(error);
        }
      },
    ]);
    apply(startPort, port1, []);
    postToWindow({ [PAGE_INIT_TAG]: 1 }, '*', [port2]);
    apply(postToPort, port1, [{ type: 'request', call: body }]);
  });
}

/** What a create() call's monitor callback gets: downloadprogress events, and ondownloadprogress. */
class CreateMonitor extends EventTarget {
  static {
    idl(this, 'CreateMonitor', 'downloadprogress');
  }
}

/**
 * The worker's session answer, as JSON. For create(), the monitor both specs share hears
 * downloadprogress at 0, then as an on-device model downloads, then at 1. A signal aborted by
 * then, even from a listener of the last event, rejects create() with its reason, as the spec's
 * "initialize and return an AI model object" checks once more before it resolves.
 */
export async function openSession(body: CallBody, o: { monitor?: unknown; signal?: AbortSignal }, create?: 1) {
  const target = new CreateMonitor();
  const progress = (loaded: number) =>
    target.dispatchEvent(new ProgressEvent('downloadprogress', { loaded, total: 1, lengthComputable: true }));
  // A monitor that is not a function is a TypeError, as WebIDL converts a callback.
  if (create) (o.monitor as ((m: EventTarget) => void) | undefined)?.(target);
  progress(0);
  const info = JSON.parse((await ask({ ...body, download: create }, (p) => progress(+p), o.signal))!);
  progress(1);
  throwIfAborted(o.signal);
  return info;
}
