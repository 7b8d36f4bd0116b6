import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitUntil } from './timing';
import type { Browser } from 'wxt/browser';
import { relayCall } from '@/lib/bridge/relay';
import type { ReplyMessage, WorkerReply } from '@/lib/protocol/wire';

// Deltas the worker had ready in one task cross the process boundary as one `chunks` message;
// the page must still see every delta on its own, in order, as if each had come alone.

const opened: MessagePort[] = [];
afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

describe('batched deltas', () => {
  it('reach the page as one chunk each, in order with single chunks', async () => {
    const { port1: page, port2: relayEnd } = new MessageChannel();
    opened.push(page, relayEnd);
    const received: ReplyMessage[] = [];
    page.onmessage = (event) => void received.push(event.data as ReplyMessage);
    let reply: ((message: WorkerReply) => void) | undefined;
    const worker = {
      onMessage: { addListener: (fn: (message: WorkerReply) => void) => void (reply = fn) },
      onDisconnect: { addListener: () => {} },
      postMessage: () => {},
      disconnect: () => {},
    };
    relayCall(
      relayEnd,
      () => worker as unknown as Browser.runtime.Port,
      () => {},
    );
    page.postMessage({ type: 'request', call: { op: 'prompt', messages: [{ role: 'user', content: 'hi' }] } });
    await waitUntil(() => expect(reply).toBeDefined());
    for (const message of [
      { type: 'chunk', text: 'The' },
      { type: 'chunks', texts: [' quick', ' brown'] },
      { type: 'chunk', text: ' fox' },
      { type: 'chunks', texts: ['.'] },
      { type: 'done' },
    ] satisfies WorkerReply[]) {
      reply!(message);
    }
    await waitUntil(() => expect(received).toHaveLength(6));
    expect(received).toEqual([
      { type: 'chunk', text: 'The' },
      { type: 'chunk', text: ' quick' },
      { type: 'chunk', text: ' brown' },
      { type: 'chunk', text: ' fox' },
      { type: 'chunk', text: '.' },
      { type: 'done' },
    ]);
  });
});
