import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { relayCall } from '@/lib/bridge/relay';
import type { ReplyMessage } from '@/lib/protocol/wire';

// Deltas the worker had ready in one task travel as one `chunks` message; the page must still
// see every delta on its own, in order, exactly as if each had come alone.

const opened: MessagePort[] = [];
afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

describe('batched deltas', () => {
  it('pass through the relay unchanged and in order with single chunks', async () => {
    const { port1: page, port2: relayEnd } = new MessageChannel();
    opened.push(page, relayEnd);
    const received: ReplyMessage[] = [];
    page.onmessage = (event) => void received.push(event.data as ReplyMessage);
    let reply: ((message: ReplyMessage) => void) | undefined;
    const worker = {
      onMessage: { addListener: (fn: (message: ReplyMessage) => void) => void (reply = fn) },
      onDisconnect: { addListener: () => {} },
      postMessage: () => {},
      disconnect: () => {},
    };
    relayCall(relayEnd, () => worker as unknown as Browser.runtime.Port, () => {});
    page.postMessage({ type: 'request', call: { op: 'prompt', messages: [{ role: 'user', content: 'hi' }] } });
    await vi.waitFor(() => expect(reply).toBeDefined());
    const replies: ReplyMessage[] = [{ type: 'chunk', text: 'a' }, { type: 'chunks', texts: ['b', 'c'] }, { type: 'chunk', text: 'd' }, { type: 'done' }];
    for (const message of replies) reply!(message);
    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(received).toEqual(replies);
  });

  it('reach the page API as one delta each, in order', async () => {
    const contentScript = vi.fn((_message: unknown, _origin: string, transfer: MessagePort[]) => {
      const port = transfer[0]!;
      opened.push(port);
      port.onmessage = () => {
        for (const message of [{ type: 'chunks', texts: ['The', ' quick'] }, { type: 'chunk', text: ' brown' }, { type: 'chunks', texts: [' fox', '.'] }, { type: 'done' }]) {
          port.postMessage(message);
        }
      };
    });
    vi.stubGlobal('window', { postMessage: contentScript });
    vi.resetModules();
    const { callExtension } = await import('@/lib/page-api/channel');
    const deltas: string[] = [];
    await callExtension({ op: 'prompt' }, (text) => deltas.push(text));
    expect(deltas).toEqual(['The', ' quick', ' brown', ' fox', '.']);
    vi.unstubAllGlobals();
  });
});
