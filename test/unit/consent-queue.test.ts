import { describe, expect, it } from 'vitest';
import { ConsentQueue, type ConsentAsk, type ConsentWindows } from '@/lib/permissions/consent-queue';
import type { ConsentDecision } from '@/lib/permissions/grant';

/** The browser's windows, as a list the tests can read: which are open, which were ever opened. */
function fakeWindows() {
  let nextId = 1;
  const open = new Map<number, string>();
  const opened: string[] = [];
  const windows: ConsentWindows = {
    async open(requestId) {
      opened.push(requestId);
      open.set(nextId, requestId);
      return nextId++;
    },
    async close(windowId) {
      open.delete(windowId);
    },
  };
  return { windows, open, opened };
}

const ask = (origin: string, tabId = 1): ConsentAsk => ({
  origin,
  tabId,
  tabTitle: `${origin} title`,
  favIconUrl: null,
  model: 'p/m',
  price: null,
  download: null,
  fallbacks: [],
});
const allowAlways: ConsentDecision = { decision: 'allow-always', allowModelChoice: false, dailyBudgetUsd: null };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the consent queue', () => {
  it('opens one window for many calls from one origin, and one decision answers them all', async () => {
    const { windows, open, opened } = fakeWindows();
    const queue = new ConsentQueue(windows, () => `req-${opened.length}`);
    const calls = Array.from({ length: 50 }, (_, i) =>
      queue.ask(ask('https://a.example', i % 5), new AbortController().signal),
    );
    await tick();
    expect(opened).toHaveLength(1);
    expect(queue.request(opened[0]!)).toMatchObject({ origin: 'https://a.example', waitingCalls: 50 });
    expect(queue.decide(opened[0]!, allowAlways)).toBe(true);
    expect(await Promise.all(calls)).toEqual(Array(50).fill(allowAlways));
    await tick();
    expect(open.size).toBe(0);
  });

  it('keeps other origins waiting their turn, in arrival order, with at most one window open', async () => {
    const { windows, open, opened } = fakeWindows();
    let n = 0;
    const queue = new ConsentQueue(windows, () => `req-${n++}`);
    const a = queue.ask(ask('https://a.example'), new AbortController().signal);
    const b = queue.ask(ask('https://b.example'), new AbortController().signal);
    const a2 = queue.ask(ask('https://a.example', 2), new AbortController().signal);
    await tick();
    expect(open.size).toBe(1);
    expect(queue.request(opened[0]!)?.origin).toBe('https://a.example');
    queue.decide(opened[0]!, allowAlways);
    await expect(Promise.all([a, a2])).resolves.toHaveLength(2);
    await tick();
    expect(open.size).toBe(1);
    expect(queue.request(opened[1]!)?.origin).toBe('https://b.example');
    queue.decide(opened[1]!, { ...allowAlways, decision: 'deny' });
    await expect(b).resolves.toMatchObject({ decision: 'deny' });
  });

  it('treats a closed window as a denial and moves on', async () => {
    const { windows, open, opened } = fakeWindows();
    const queue = new ConsentQueue(windows, () => `req-${opened.length}`);
    const call = queue.ask(ask('https://a.example'), new AbortController().signal);
    const next = queue.ask(ask('https://b.example'), new AbortController().signal);
    await tick();
    const [windowId] = [...open.keys()];
    open.delete(windowId!);
    queue.windowClosed(windowId!);
    await expect(call).resolves.toMatchObject({ decision: 'deny' });
    await tick();
    expect(queue.request(opened[1]!)?.origin).toBe('https://b.example');
    void next;
  });

  it('takes the question back, closing its window, when every waiting call is aborted', async () => {
    const { windows, open, opened } = fakeWindows();
    const queue = new ConsentQueue(windows, () => `req-${opened.length}`);
    const tab = new AbortController();
    const call = queue.ask(ask('https://a.example'), tab.signal);
    await tick();
    expect(open.size).toBe(1);
    tab.abort(new DOMException('gone', 'AbortError'));
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    await tick();
    expect(open.size).toBe(0);
    expect(queue.request(opened[0]!)).toBeUndefined();
    expect(queue.decide(opened[0]!, allowAlways)).toBe(false);
  });

  it('keeps the window while another tab of the same origin still waits', async () => {
    const { windows, open, opened } = fakeWindows();
    const queue = new ConsentQueue(windows, () => `req-${opened.length}`);
    const gone = new AbortController();
    const first = queue.ask(ask('https://a.example', 1), gone.signal);
    const second = queue.ask(ask('https://a.example', 2), new AbortController().signal);
    await tick();
    gone.abort(new Error('tab closed'));
    await expect(first).rejects.toThrow('tab closed');
    expect(open.size).toBe(1);
    expect(queue.request(opened[0]!)?.waitingCalls).toBe(1);
    queue.decide(opened[0]!, allowAlways);
    await expect(second).resolves.toEqual(allowAlways);
  });

  it('rejects the waiting calls when the window cannot be opened, and tries the next origin', async () => {
    let attempts = 0;
    const queue = new ConsentQueue({
      async open() {
        attempts++;
        if (attempts === 1) throw new Error('no window');
        return 9;
      },
      async close() {},
    });
    const failed = queue.ask(ask('https://a.example'), new AbortController().signal);
    const next = queue.ask(ask('https://b.example'), new AbortController().signal);
    await expect(failed).rejects.toThrow('no window');
    await tick();
    expect(attempts).toBe(2);
    void next;
  });

  it('opens the next origin’s window only after the window of a question taken back while it opened is closed', async () => {
    const { windows, open, opened } = fakeWindows();
    let finishOpening: () => void = () => {};
    const slow: ConsentWindows = {
      open: (requestId) => new Promise((resolve) => (finishOpening = () => void windows.open(requestId).then(resolve))),
      close: windows.close,
    };
    let n = 0;
    const queue = new ConsentQueue(slow, () => `req-${n++}`);
    const leaving = new AbortController();
    const a = queue.ask(ask('https://a.example'), leaving.signal).catch((e) => e);
    const b = queue.ask(ask('https://b.example', 2), new AbortController().signal);
    await tick();
    leaving.abort(new DOMException('left', 'AbortError'));
    expect(await a).toMatchObject({ name: 'AbortError' });
    await tick();
    expect(opened).toEqual([]);
    finishOpening();
    await tick();
    await tick();
    // a's window opened, was closed, and only then did b's open: never two at once.
    expect(opened).toEqual(['req-0']);
    expect(open.size).toBe(0);
    finishOpening();
    await tick();
    await tick();
    expect(opened).toEqual(['req-0', 'req-1']);
    expect([...open.values()]).toEqual(['req-1']);
    expect(queue.decide('req-1', allowAlways)).toBe(true);
    expect(await b).toEqual(allowAlways);
  });
});
