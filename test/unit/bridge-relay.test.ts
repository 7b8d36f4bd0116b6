import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitUntil } from './timing';
import type { Browser } from 'wxt/browser';
import { ACCEPT_TIMEOUT_MS, askForPage, pageCallHandler, relayCall } from '@/lib/bridge/relay';
import { wakeOnPageCall } from '@/lib/bridge/wake';
import { MODEL_EVENT_TAG, SUBSCRIBE } from '@/lib/model-events/tag';
import { Limits } from '@/lib/protocol/limits';
import { ErrorCodes, PAGE_INIT_TAG, type ReplyMessage, type WorkerReply } from '@/lib/protocol/wire';

// The page side is a real MessageChannel (Node's global one has web semantics: onmessage and
// event.data). The runtime Port is a hand-made fake; the real one is covered by the e2e tests.

/** A stand-in for the content script's end of a runtime.Port, driven from the worker's side. */
class FakeRuntimePort {
  readonly name = 'page-call';
  readonly sent: unknown[] = [];
  disconnected = false;
  private readonly messageListeners: Array<(message: unknown, port: FakeRuntimePort) => void> = [];
  private readonly disconnectListeners: Array<(port: FakeRuntimePort) => void> = [];

  readonly onMessage = {
    addListener: (fn: (message: unknown, port: FakeRuntimePort) => void) => void this.messageListeners.push(fn),
  };
  readonly onDisconnect = {
    addListener: (fn: (port: FakeRuntimePort) => void) => void this.disconnectListeners.push(fn),
  };

  postMessage(message: unknown): void {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    // A runtime Port serializes what it carries; keep a copy, as the worker would see it.
    this.sent.push(structuredClone(message));
  }

  /** Called by the relay. As in browsers, this does not fire the caller's own onDisconnect. */
  disconnect(): void {
    this.disconnected = true;
  }

  /** The worker sends a reply. */
  reply(message: WorkerReply): void {
    for (const fn of this.messageListeners) fn(message, this);
  }

  /** The worker goes away (service worker stopped, extension reloaded). */
  drop(): void {
    this.disconnected = true;
    for (const fn of this.disconnectListeners) fn(this);
  }

  asPort(): Browser.runtime.Port {
    return this as unknown as Browser.runtime.Port;
  }
}

/** The page's end of one call's MessageChannel, recording what reaches the page. */
class PageEnd {
  readonly received: ReplyMessage[] = [];
  closed = false;
  constructor(readonly port: MessagePort) {
    port.onmessage = (event: MessageEvent) => void this.received.push(event.data as ReplyMessage);
    port.addEventListener('close', () => {
      this.closed = true;
    });
  }
  send(message: unknown): void {
    this.port.postMessage(message);
  }
}

const openPorts: MessagePort[] = [];
afterEach(() => {
  for (const port of openPorts.splice(0)) port.close();
});

function channel(): { page: PageEnd; relayEnd: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  openPorts.push(port1, port2);
  return { page: new PageEnd(port1), relayEnd: port2 };
}

/** One relayed call with a connect() that hands out fake worker ports and counts them. */
function relayed() {
  const { page, relayEnd } = channel();
  const workers: FakeRuntimePort[] = [];
  const connect = vi.fn(() => {
    const worker = new FakeRuntimePort();
    workers.push(worker);
    return worker.asPort();
  });
  const onEnd = vi.fn();
  relayCall(relayEnd, connect, onEnd);
  return { page, workers, connect, onEnd };
}

const call = { op: 'prompt', messages: [{ role: 'user', content: 'Say hi' }], temperature: 0.3 } as const;

/** Lets queued MessagePort deliveries run, for assertions that something did NOT happen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('relayCall', () => {
  it('forwards a valid request to a new worker port as {type: "call", call}', async () => {
    const { page, workers, connect } = relayed();
    page.send({ type: 'request', call });
    await waitUntil(() => expect(workers[0]?.sent).toHaveLength(1));
    expect(connect).toHaveBeenCalledTimes(1);
    expect(workers[0]!.sent[0]).toEqual({ type: 'call', call });
    expect(workers[0]!.disconnected).toBe(false);
  });

  it('relays worker chunks to the page in order, and done ends the call', async () => {
    const { page, workers, onEnd } = relayed();
    page.send({ type: 'request', call });
    await waitUntil(() => expect(workers).toHaveLength(1));
    const worker = workers[0]!;
    const texts = Array.from({ length: 50 }, (_, i) => `t${i} `);
    for (const text of texts) worker.reply({ type: 'chunk', text });
    worker.reply({ type: 'done', value: texts.join('') });

    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([
      ...texts.map((text) => ({ type: 'chunk', text })),
      { type: 'done', value: texts.join('') },
    ]);
    expect(worker.disconnected).toBe(true);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('forwards a worker error reply unchanged and ends the call', async () => {
    const { page, workers, onEnd } = relayed();
    page.send({ type: 'request', call });
    await waitUntil(() => expect(workers).toHaveLength(1));
    const error = { name: 'NotAllowedError', message: 'Denied.', code: ErrorCodes.permissionDenied } as const;
    workers[0]!.reply({ type: 'error', error });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([{ type: 'error', error }]);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it.each([
    { name: 'an unknown type', message: { type: 'call', call }, mentions: 'type' },
    { name: 'a string', message: 'hello', mentions: 'type' },
    { name: 'null', message: null, mentions: 'type' },
    { name: 'an abort with more than its type', message: { type: 'abort', reason: 'x' }, mentions: 'abort' },
  ])('answers $name with TypeError -32602 and never opens a worker port', async ({ message, mentions }) => {
    const { page, connect, onEnd } = relayed();
    page.send(message);
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toHaveLength(1);
    const reply = page.received[0]!;
    expect(reply.type).toBe('error');
    if (reply.type !== 'error') return;
    expect(reply.error.name).toBe('TypeError');
    expect(reply.error.code).toBe(-32602);
    expect(reply.error.message).toMatch(/^Invalid request: /);
    expect(reply.error.message).toContain(mentions);
    expect(connect).not.toHaveBeenCalled();
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  // The worker is the one validator (its schema tests: protocol-schemas, gateway-port); the
  // content script only bounds and forwards, so no schema library loads in the page's process.
  it.each([
    { name: 'a smuggled origin', sent: { ...call, origin: 'https://bank.example' } },
    { name: 'an empty messages array', sent: { ...call, messages: [] } },
  ])('forwards a request with $name to the worker as it is, for the worker to refuse', async ({ sent }) => {
    const { page, workers } = relayed();
    page.send({ type: 'request', call: sent });
    await waitUntil(() => expect(workers[0]?.sent).toHaveLength(1));
    expect(workers[0]!.sent[0]).toEqual({ type: 'call', call: sent });
  });

  it('forwards a call as JSON: what the page put in it that JSON cannot carry does not reach the worker', async () => {
    const { page, workers } = relayed();
    page.send({ type: 'request', call: { ...call, when: new Date(0), extra: undefined, sampling: [1, undefined] } });
    await waitUntil(() => expect(workers[0]?.sent).toHaveLength(1));
    expect(workers[0]!.sent[0]).toEqual({
      type: 'call',
      call: { ...call, when: '1970-01-01T00:00:00.000Z', sampling: [1, null] },
    });
  });

  it('answers a media part it cannot encode with the encoder’s own error, and never opens a worker port', async () => {
    const { page, connect } = relayed();
    page.send({
      type: 'request',
      call: { op: 'prompt', messages: [{ role: 'user', content: [{ type: 'video', data: 'AAAA' }] }] },
    });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([
      {
        type: 'error',
        error: {
          name: 'TypeError',
          code: ErrorCodes.invalidRequest,
          message: 'A video part holds nothing the extension can send.',
        },
      },
    ]);
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses a tool result that comes before the request, without a worker port', async () => {
    const { page, connect } = relayed();
    page.send({ type: 'tool-result', id: 't1', result: 'early' });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([
      {
        type: 'error',
        error: { name: 'TypeError', code: -32602, message: 'Invalid request: a tool result came before the request' },
      },
    ]);
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses an over-deep page message by its bounds, without a worker port', async () => {
    const { page, connect } = relayed();
    let deep: unknown = 'x';
    // Deep enough to trip the cap, shallow enough for structured clone itself to carry.
    for (let i = 0; i < 500; i++) deep = { a: deep };
    page.send({ type: 'request', call: deep });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received[0]).toMatchObject({ type: 'error', error: { name: 'TypeError', code: -32602 } });
    // Refused by the raw message's bounds, before the media encoder walks it.
    expect(page.received[0]?.type === 'error' && page.received[0].error.message).toMatch(
      /^Invalid request: the message is nested deeper/,
    );
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses a second request on the same channel and drops the worker port', async () => {
    const { page, workers, connect, onEnd } = relayed();
    page.send({ type: 'request', call });
    page.send({ type: 'request', call: { op: 'availability' } });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(connect).toHaveBeenCalledTimes(1);
    expect(workers[0]!.sent).toEqual([{ type: 'call', call }]);
    expect(workers[0]!.disconnected).toBe(true);
    expect(page.received).toEqual([
      { type: 'error', error: { name: 'TypeError', code: -32602, message: expect.stringMatching(/one request/) } },
    ]);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('disconnects the worker port when the page aborts, and sends nothing more to the page', async () => {
    const { page, workers, onEnd } = relayed();
    page.send({ type: 'request', call });
    await waitUntil(() => expect(workers).toHaveLength(1));
    workers[0]!.reply({ type: 'chunk', text: 'Hel' });
    page.send({ type: 'abort' });
    await waitUntil(() => expect(workers[0]!.disconnected).toBe(true));
    expect(onEnd).toHaveBeenCalledTimes(1);
    // A straggling chunk from the worker after the abort must not reach the page.
    workers[0]!.reply({ type: 'chunk', text: 'lo' });
    await settle();
    expect(page.received).toEqual([{ type: 'chunk', text: 'Hel' }]);
  });

  it('an abort before any request ends the call without opening a worker port', async () => {
    const { page, connect, onEnd } = relayed();
    page.send({ type: 'abort' });
    await waitUntil(() => expect(onEnd).toHaveBeenCalledTimes(1));
    await settle();
    expect(connect).not.toHaveBeenCalled();
    expect(page.received).toEqual([]);
  });

  it('gives the page UnknownError 4900 when the worker disconnects before done', async () => {
    const { page, workers, onEnd } = relayed();
    page.send({ type: 'request', call });
    await waitUntil(() => expect(workers).toHaveLength(1));
    workers[0]!.reply({ type: 'chunk', text: 'partial' });
    workers[0]!.drop();
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([
      { type: 'chunk', text: 'partial' },
      {
        type: 'error',
        error: { name: 'UnknownError', code: ErrorCodes.workerGone, message: expect.stringMatching(/restarted/) },
      },
    ]);
    expect(ErrorCodes.workerGone).toBe(4900);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('gives the page UnknownError 4900 when the extension context is gone and connect throws', async () => {
    const { page, relayEnd } = channel();
    const onEnd = vi.fn();
    relayCall(
      relayEnd,
      () => {
        throw new Error('Extension context invalidated.');
      },
      onEnd,
    );
    page.send({ type: 'request', call });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([
      { type: 'error', error: expect.objectContaining({ name: 'UnknownError', code: 4900 }) },
    ]);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it(`relays a request and ${Limits.maxToolCalls + 1} more messages on one call, and ends the call on the next`, async () => {
    const { page, workers, onEnd } = relayed();
    page.send({ type: 'request', call });
    await waitUntil(() => expect(workers).toHaveLength(1));
    const worker = workers[0]!;
    // A request, the page's answers to the model's tool calls, then an abort's place: the cap.
    const results = Array.from({ length: Limits.maxToolCalls + 1 }, (_, i) => ({
      type: 'tool-result',
      id: `t${i}`,
      result: String(i),
    }));
    for (const result of results) page.send(result);
    await waitUntil(() => expect(worker.sent).toHaveLength(results.length + 1));
    expect(page.received).toEqual([]);
    expect(worker.disconnected).toBe(false);

    page.send({ type: 'tool-result', id: 'over', result: 'one too many' });
    page.send({ type: 'tool-result', id: 'after', result: 'and another' });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([
      {
        type: 'error',
        error: { name: 'TypeError', code: -32602, message: 'Invalid request: too many messages on one call' },
      },
    ]);
    await settle();
    expect(worker.disconnected).toBe(true);
    expect(worker.sent).toHaveLength(results.length + 1);
    expect(worker.sent.at(-1)).toEqual(results.at(-1));
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('ends a call whose worker port cannot take the request, and tells the page', async () => {
    const { page, relayEnd } = channel();
    const broken = new FakeRuntimePort();
    broken.disconnected = true;
    const onEnd = vi.fn();
    relayCall(relayEnd, () => broken.asPort(), onEnd);
    page.send({ type: 'request', call });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([
      {
        type: 'error',
        error: expect.objectContaining({ code: -32602, message: 'Invalid request: the message could not be read' }),
      },
    ]);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('answers a message the page end could not deserialize, and ends the call', async () => {
    const { page, relayEnd } = channel();
    const onEnd = vi.fn();
    relayCall(relayEnd, () => new FakeRuntimePort().asPort(), onEnd);
    // Node cannot be made to fail a deserialization; the browser fires this event when it does.
    relayEnd.onmessageerror!(new MessageEvent('messageerror'));
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([
      { type: 'error', error: expect.objectContaining({ message: 'Invalid request: the message could not be read' }) },
    ]);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('opens no worker port for a request still being read when the call ended', async () => {
    const { relayEnd } = channel();
    const connect = vi.fn(() => new FakeRuntimePort().asPort());
    relayCall(relayEnd, connect, () => undefined);
    // The request is queued for parsing; the call ends before the parse finishes.
    relayEnd.onmessage!(new MessageEvent('message', { data: { type: 'request', call } }));
    relayEnd.onmessageerror!(new MessageEvent('messageerror'));
    await settle();
    expect(connect).not.toHaveBeenCalled();
  });

  it('ignores a disconnect that follows done (one end, one reply)', async () => {
    const { page, workers, onEnd } = relayed();
    page.send({ type: 'request', call });
    await waitUntil(() => expect(workers).toHaveLength(1));
    workers[0]!.reply({ type: 'done', value: 'ok' });
    workers[0]!.drop();
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([{ type: 'done', value: 'ok' }]);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });
});

describe('a worker that does not accept the call', () => {
  // Only the relay's own timer is fake: the page's MessageChannel still delivers as it would.
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  const quiet = () => vi.spyOn(console, 'warn').mockImplementation(() => {});
  /** Until the worker port has the call, without moving the fake clock (vi.waitFor would). */
  const sentToWorker = async (workers: FakeRuntimePort[]) => {
    for (let turn = 0; turn < 1_000 && !workers[0]?.sent.length; turn++)
      await new Promise((resolve) => setImmediate(resolve));
    expect(workers[0]?.sent).toHaveLength(1);
  };

  it(`ends the call with UnknownError 4900 after ${ACCEPT_TIMEOUT_MS} ms of silence, disconnects its port and says why in the console`, async () => {
    const warn = quiet();
    const { page, workers, onEnd } = relayed();
    page.send({ type: 'request', call });
    await sentToWorker(workers);
    vi.advanceTimersByTime(ACCEPT_TIMEOUT_MS - 1);
    expect(workers[0]!.disconnected).toBe(false);
    expect(onEnd).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(workers[0]!.disconnected).toBe(true);
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([
      {
        type: 'error',
        error: {
          name: 'UnknownError',
          code: ErrorCodes.workerGone,
          message: 'The extension did not answer within 10 s; try again.',
        },
      },
    ]);
    expect(onEnd).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      `[Own Model] relay: the worker did not accept the call within ${ACCEPT_TIMEOUT_MS} ms; the call ends`,
    );
    expect(JSON.stringify(warn.mock.calls)).not.toContain('Say hi');
  });

  it('waits as long as it takes once the worker accepts (consent, a slow provider), and never shows the page the acceptance', async () => {
    const { page, workers } = relayed();
    page.send({ type: 'request', call });
    await sentToWorker(workers);
    workers[0]!.reply({ type: 'accepted' });
    vi.advanceTimersByTime(30 * ACCEPT_TIMEOUT_MS);
    expect(workers[0]!.disconnected).toBe(false);
    workers[0]!.reply({ type: 'done', value: 'late' });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(page.received).toEqual([{ type: 'done', value: 'late' }]);
  });

  it('counts any reply as the worker having the call', async () => {
    const { page, workers } = relayed();
    page.send({ type: 'request', call });
    await sentToWorker(workers);
    workers[0]!.reply({ type: 'chunk', text: 'early' });
    vi.advanceTimersByTime(2 * ACCEPT_TIMEOUT_MS);
    expect(workers[0]!.disconnected).toBe(false);
    await waitUntil(() => expect(page.received).toEqual([{ type: 'chunk', text: 'early' }]));
  });

  it('logs, under its prefix, a worker that went away and an extension it could not reach', async () => {
    const warn = quiet();
    const gone = relayed();
    gone.page.send({ type: 'request', call });
    await waitUntil(() => expect(gone.workers).toHaveLength(1));
    gone.workers[0]!.drop();
    await waitUntil(() =>
      expect(warn).toHaveBeenCalledWith('[Own Model] relay: the worker went away before the call ended'),
    );
    const { page, relayEnd } = channel();
    relayCall(
      relayEnd,
      () => {
        throw new Error('Extension context invalidated.');
      },
      () => {},
    );
    page.send({ type: 'request', call });
    await waitUntil(() => expect(page.closed).toBe(true));
    expect(warn).toHaveBeenCalledWith(
      '[Own Model] relay: the extension could not be reached (reloaded or removed under this page)',
      'Error: Extension context invalidated.',
    );
    expect(JSON.stringify(warn.mock.calls)).not.toContain('Say hi');
  });
});

/** Just enough of a Window for the bridge's start-up listener: addEventListener, and it is its own event source. */
function fakeWindow() {
  const listeners: Array<(event: MessageEvent) => void> = [];
  const win = {
    addEventListener: (type: string, fn: (event: MessageEvent) => void) => {
      if (type === 'message') listeners.push(fn);
    },
  };
  const post = (data: unknown, ports: MessagePort[], source: unknown = win) => {
    const event = { data, ports, source } as unknown as MessageEvent;
    for (const fn of listeners) fn(event);
  };
  return { win: win as unknown as Window, post };
}

describe('askForPage', () => {
  /** A worker that answers the call it gets with the given replies. */
  function answering(...replies: ReplyMessage[]) {
    const worker = new FakeRuntimePort();
    const connect = () => {
      queueMicrotask(
        () =>
          void waitUntil(() => expect(worker.sent).toHaveLength(1)).then(() => replies.forEach((r) => worker.reply(r))),
      );
      return worker.asPort();
    };
    return { worker, connect };
  }

  it('sends the call as a page request and resolves with the worker’s value, past any chunks', async () => {
    const { worker, connect } = answering({ type: 'chunk', text: 'not yet' }, { type: 'done', value: 'available' });
    await expect(askForPage({ op: 'availability' }, connect)).resolves.toBe('available');
    expect(worker.sent).toEqual([{ type: 'call', call: { op: 'availability' } }]);
  });

  it('resolves with null when the worker refuses', async () => {
    const { connect } = answering({
      type: 'error',
      error: { name: 'NotAllowedError', message: 'No.', code: ErrorCodes.permissionDenied },
    });
    await expect(askForPage({ op: 'availability' }, connect)).resolves.toBeNull();
  });
});

describe('the bridge woken by the page’s first call', () => {
  function bridge() {
    const { win, post } = fakeWindow();
    const workers: FakeRuntimePort[] = [];
    const connect = vi.fn(() => {
      const worker = new FakeRuntimePort();
      workers.push(worker);
      return worker.asPort();
    });
    const load = vi.fn(async () => pageCallHandler(win, connect));
    wakeOnPageCall(win, load);
    /** The page starts one call: init with the transferred port, then its request. */
    const open = (withRequest = true) => {
      const { page, relayEnd } = channel();
      post({ [PAGE_INIT_TAG]: 1 }, [relayEnd]);
      if (withRequest) page.send({ type: 'request', call });
      return page;
    };
    return { post, open, workers, connect, load };
  }

  it('relays a call started by an init message', async () => {
    const { open, workers } = bridge();
    const page = open();
    await waitUntil(() => expect(workers[0]?.sent).toEqual([{ type: 'call', call }]));
    workers[0]!.reply({ type: 'done', value: 'hi' });
    await waitUntil(() => expect(page.received).toEqual([{ type: 'done', value: 'hi' }]));
  });

  it('ignores init messages from another source or without the tag', async () => {
    const { post, connect } = bridge();
    const foreign = channel();
    post({ [PAGE_INIT_TAG]: 1 }, [foreign.relayEnd], { not: 'the window' });
    const untagged = channel();
    post({ 'other/tag': 1 }, [untagged.relayEnd]);
    const wrongValue = channel();
    post({ [PAGE_INIT_TAG]: '1' }, [wrongValue.relayEnd]);
    const empty = channel();
    post(null, [empty.relayEnd]);
    post(undefined, [empty.relayEnd]);
    post('own-model/call', [empty.relayEnd]);
    for (const end of [foreign, untagged, wrongValue, empty]) end.page.send({ type: 'request', call });
    await settle();
    expect(connect).not.toHaveBeenCalled();
    for (const end of [foreign, untagged, wrongValue, empty]) expect(end.page.received).toEqual([]);
  });

  it(`refuses call number ${Limits.maxCallsInFlight + 1} from one frame at once, and takes calls again once one ends`, async () => {
    const { open, workers, connect } = bridge();
    const pages = Array.from({ length: Limits.maxCallsInFlight }, () => open());
    await waitUntil(() => expect(workers).toHaveLength(Limits.maxCallsInFlight));

    const extra = open();
    await waitUntil(() => expect(extra.closed).toBe(true));
    expect(extra.received).toEqual([
      {
        type: 'error',
        error: {
          name: 'TypeError',
          code: -32602,
          message: expect.stringContaining(`more than ${Limits.maxCallsInFlight} calls`),
        },
      },
    ]);
    await settle();
    expect(connect).toHaveBeenCalledTimes(Limits.maxCallsInFlight);
    for (const page of pages) expect(page.closed).toBe(false);

    // One call finishes; the frame may start another.
    workers[0]!.reply({ type: 'done', value: 'x' });
    await waitUntil(() => expect(pages[0]!.closed).toBe(true));
    const next = open();
    await waitUntil(() => expect(workers).toHaveLength(Limits.maxCallsInFlight + 1));
    expect(next.received).toEqual([]);
    expect(next.closed).toBe(false);
  });

  it('ignores an init message that carries no port, and counts no call for it', async () => {
    const { post, open, workers } = bridge();
    for (let i = 0; i <= Limits.maxCallsInFlight; i++) expect(() => post({ [PAGE_INIT_TAG]: 1 }, [])).not.toThrow();
    open();
    await waitUntil(() => expect(workers).toHaveLength(1));
  });

  it('counts a call in flight from its init, even before its request arrives', async () => {
    const { open } = bridge();
    for (let i = 0; i < Limits.maxCallsInFlight; i++) open(false);
    const extra = open(false);
    await waitUntil(() => expect(extra.closed).toBe(true));
    expect(extra.received[0]).toMatchObject({ type: 'error', error: { code: -32602 } });
  });
});

describe('the bridge’s start-up: nothing loads until the page calls', () => {
  it('loads the call code once, on the first tagged message, and never for other messages', async () => {
    const { win, post } = fakeWindow();
    const handled: unknown[] = [];
    const load = vi.fn(async () => (event: { data: unknown }) => void handled.push(event.data));
    wakeOnPageCall(win, load);
    post({ 'other/tag': 1 }, []);
    post({ [PAGE_INIT_TAG]: 1 }, [], { not: 'the window' });
    post('own-model/call', []);
    await settle();
    expect(load).not.toHaveBeenCalled();

    post({ [MODEL_EVENT_TAG]: SUBSCRIBE }, []);
    post({ [PAGE_INIT_TAG]: 1, n: 1 }, []);
    post({ [PAGE_INIT_TAG]: 1, n: 2 }, []);
    await waitUntil(() => expect(handled).toHaveLength(3));
    expect(load).toHaveBeenCalledTimes(1);
    // In the order the page sent them, though all three came while the code was loading.
    expect(handled).toEqual([
      { [MODEL_EVENT_TAG]: SUBSCRIBE },
      { [PAGE_INIT_TAG]: 1, n: 1 },
      { [PAGE_INIT_TAG]: 1, n: 2 },
    ]);
  });

  it('ends a call with an error the page can read when the code cannot load, and tries again on the next call', async () => {
    const { win, post } = fakeWindow();
    const connect = vi.fn(() => new FakeRuntimePort().asPort());
    const load = vi
      .fn()
      .mockRejectedValueOnce(new Error('no file'))
      .mockImplementation(async () => pageCallHandler(win, connect));
    wakeOnPageCall(win, load);
    const first = channel();
    post({ [PAGE_INIT_TAG]: 1 }, [first.relayEnd]);
    await waitUntil(() => expect(first.page.closed).toBe(true));
    expect(first.page.received).toEqual([
      {
        type: 'error',
        error: { name: 'UnknownError', code: ErrorCodes.workerGone, message: expect.stringContaining('reload') },
      },
    ]);

    const second = channel();
    post({ [PAGE_INIT_TAG]: 1 }, [second.relayEnd]);
    second.page.send({ type: 'request', call });
    await waitUntil(() => expect(connect).toHaveBeenCalledTimes(1));
    expect(load).toHaveBeenCalledTimes(2);
  });
});
