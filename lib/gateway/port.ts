import type { Browser } from 'wxt/browser';
import type { ReplyMessage } from '../protocol/wire';
import { callerFromSender } from './caller';
import { toGatewayError } from './errors';
import { runCall, type GatewayDeps } from './pipeline';
import { attachToolBridge, toolBridgeOf } from './tools';
import { parsePortMessage } from './validate';

/** Registers a call in flight under its origin, so a revoke can stop it; returns the undo. */
export type TrackCall = (origin: string, controller: AbortController) => () => void;

/**
 * Serves one call Port: the first message is the call, later ones are the page's tool results
 * (anything else is dropped), and a disconnect from the content script aborts the call all the way to the provider's fetch.
 */
export function serveCallPort(port: Browser.runtime.Port, extensionId: string, deps: GatewayDeps, trackCall: TrackCall): void {
  const controller = new AbortController();
  let open = true;
  let started = false;
  port.onDisconnect.addListener(() => {
    open = false;
    controller.abort();
  });
  const send = (message: ReplyMessage) => {
    if (open) port.postMessage(message);
  };
  const finish = () => {
    if (open) port.disconnect();
    open = false;
  };
  let call: object | undefined;
  port.onMessage.addListener((raw: unknown) => {
    if (started) return call && toolBridgeOf(call)?.deliver(raw);
    started = true;
    void (async () => {
      try {
        const caller = callerFromSender(port.sender, extensionId);
        const untrack = trackCall(caller.origin, controller);
        try {
          call = attachToolBridge(parsePortMessage(raw), send);
          await runCall(call as ReturnType<typeof parsePortMessage>, caller, send, controller.signal, deps);
        } finally {
          untrack();
        }
      } catch (error) {
        send({ type: 'error', error: toGatewayError(error, undefined).toWire() });
      } finally {
        finish();
      }
    })();
  });
}
