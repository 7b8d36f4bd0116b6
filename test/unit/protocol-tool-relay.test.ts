import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitUntil } from './timing';
import type { Browser } from 'wxt/browser';
import { relayCall } from '@/lib/bridge/relay';
import type { ReplyMessage, WorkerReply } from '@/lib/protocol/wire';

// A tool call crosses the content script twice: the worker's tool-call goes to the page as it
// is, and the page's tool-result goes to the worker, whose schema checks it (gateway-port).

const opened: MessagePort[] = [];
afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

function setUp() {
  const { port1: page, port2: relayEnd } = new MessageChannel();
  opened.push(page, relayEnd);
  const toPage: ReplyMessage[] = [];
  const toWorker: unknown[] = [];
  page.onmessage = (event) => void toPage.push(event.data as ReplyMessage);
  let reply: ((message: WorkerReply) => void) | undefined;
  const worker = {
    onMessage: { addListener: (fn: (message: WorkerReply) => void) => void (reply = fn) },
    onDisconnect: { addListener: () => {} },
    postMessage: (message: unknown) => void toWorker.push(message),
    disconnect: () => {},
  };
  relayCall(
    relayEnd,
    () => worker as unknown as Browser.runtime.Port,
    () => {},
  );
  return { page, toPage, toWorker, reply: () => reply };
}

describe('tool calls through the relay', () => {
  it('forwards the tool-call to the page and the page’s valid tool-result to the worker', async () => {
    const { page, toPage, toWorker, reply } = setUp();
    page.postMessage({ type: 'request', call: { op: 'prompt', messages: [{ role: 'user', content: 'hi' }] } });
    await waitUntil(() => expect(reply()).toBeDefined());
    reply()!({ type: 'tool-call', id: 't1', name: 'add', args: '{"a":1}' });
    await waitUntil(() => expect(toPage).toEqual([{ type: 'tool-call', id: 't1', name: 'add', args: '{"a":1}' }]));
    page.postMessage({ type: 'tool-result', id: 't1', result: '2' });
    await waitUntil(() => expect(toWorker).toHaveLength(2));
    expect(toWorker[1]).toEqual({ type: 'tool-result', id: 't1', result: '2' });
  });

  it('forwards a malformed tool result to the worker, the one validator, which ends the call', async () => {
    const { page, toWorker, reply } = setUp();
    page.postMessage({ type: 'request', call: { op: 'prompt', messages: [{ role: 'user', content: 'hi' }] } });
    await waitUntil(() => expect(reply()).toBeDefined());
    page.postMessage({ type: 'tool-result', id: 't1', result: { not: 'a string' } });
    await waitUntil(() => expect(toWorker).toHaveLength(2));
    expect(toWorker[1]).toEqual({ type: 'tool-result', id: 't1', result: { not: 'a string' } });
  });
});
