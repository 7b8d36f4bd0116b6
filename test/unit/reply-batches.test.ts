import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitUntil } from './timing';
import type { Browser } from 'wxt/browser';
import { relayCall } from '@/lib/bridge/relay';
import type { PageReply, WorkerReply } from '@/lib/protocol/wire';

// Deltas the worker had ready in one task cross the process boundary as one `chunks` message,
// and go on to the page as that one message, in order with single chunks: each hop costs a
// message event. The page API splits the batch (lib/page-api/channel.ts; the e2e streams and
// the relay bench count one ReadableStream chunk per delta).

const opened: MessagePort[] = [];
afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

describe('batched deltas', () => {
  it('reach the page as the batch they came in, in order with single chunks', async () => {
    const { port1: page, port2: relayEnd } = new MessageChannel();
    opened.push(page, relayEnd);
    const received: PageReply[] = [];
    page.onmessage = (event) => void received.push(event.data as PageReply);
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
    await waitUntil(() => expect(received).toHaveLength(5));
    expect(received).toEqual([
      { type: 'chunk', text: 'The' },
      { type: 'chunks', texts: [' quick', ' brown'] },
      { type: 'chunk', text: ' fox' },
      { type: 'chunks', texts: ['.'] },
      { type: 'done' },
    ]);
  });
});
