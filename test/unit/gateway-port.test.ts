import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitUntil } from './timing';
import type { Browser } from 'wxt/browser';
import { serveCallPort, type TrackCall } from '@/lib/gateway/port';
import type { GatewayDeps } from '@/lib/gateway/pipeline';
import type { WorkerReply } from '@/lib/protocol/wire';
import { defaultSettings, type Settings } from '@/lib/settings/schema';
import { allowedSiteDeps, resetLedger } from './ledger-test-deps';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';

// The worker's side of a call Port, with a Port of the browser's shape: what a site may hold in
// flight at once.

const EXTENSION = 'own-model-test';

/**
 * A call Port as the worker sees one: from our content script, in a tab of `origin`. The
 * worker's `accepted` is counted apart from its replies, which are what the page would see.
 */
function portFrom(origin: string) {
  const replies: WorkerReply[] = [];
  const onMessage: Array<(m: unknown) => void> = [];
  const onDisconnect: Array<() => void> = [];
  const state = { disconnects: 0, accepted: 0 };
  const port = {
    name: 'page-call',
    sender: { id: EXTENSION, url: `${origin}/page`, origin, frameId: 0, tab: { id: 1, title: 'Site' } },
    postMessage: (m: WorkerReply) => {
      if (m.type === 'accepted') state.accepted++;
      else replies.push(m);
    },
    disconnect: () => void state.disconnects++,
    onMessage: { addListener: (fn: (m: unknown) => void) => void onMessage.push(fn) },
    onDisconnect: { addListener: (fn: () => void) => void onDisconnect.push(fn) },
  };
  return {
    port: port as unknown as Browser.runtime.Port,
    replies,
    state,
    send: (m: unknown) => onMessage.forEach((fn) => fn(m)),
    /** The content script goes away: the page closed, or aborted the call. */
    drop: () => onDisconnect.forEach((fn) => fn()),
  };
}

const imageCall = {
  type: 'call',
  call: {
    op: 'prompt',
    messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/jpeg', data: '/9j/2Q==' }] }],
  },
};

/** One provider whose model reads images, at an address that never answers: calls wait at consent. */
const imageModelSettings = () => ({
  ...defaultSettings(),
  providers: [
    { id: 'p', kind: 'openai-compatible' as const, label: 'P', baseURL: 'http://127.0.0.1:9/v1', models: ['m'] },
  ],
  defaultModel: 'p/m',
  modelInputs: { 'p/m': ['image' as const] },
});

describe('serveCallPort', () => {
  it('accepts a call the moment it has it, before consent, which may wait as long as the user takes', async () => {
    const deps: GatewayDeps = {
      ...allowedSiteDeps(imageModelSettings(), []),
      consent: () => new Promise<void>(() => {}),
    };
    const p = portFrom('https://waiting.example');
    serveCallPort(p.port, EXTENSION, deps, () => () => {});
    p.send({ type: 'call', call: { op: 'prompt', messages: [{ role: 'user', content: 'hi' }] } });
    expect(p.state.accepted).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(p.replies).toEqual([]);
    expect(p.state).toEqual({ disconnects: 0, accepted: 1 });
    p.drop();
  });

  it('lets a site hold four calls with images or audio at once, refuses a fifth, and frees the place when one ends', async () => {
    const settings = imageModelSettings();
    // Consent that the user has not given yet: the calls wait, as a site's would.
    const answers: Array<() => void> = [];
    const deps: GatewayDeps = {
      ...allowedSiteDeps(settings, []),
      consent: () => new Promise<void>((_, reject) => answers.push(() => reject(new Error('denied')))),
    };
    const open = Array.from({ length: 4 }, () => portFrom('https://media.example'));
    for (const p of open) {
      serveCallPort(p.port, EXTENSION, deps, () => () => {});
      p.send(imageCall);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(answers).toHaveLength(4);
    const fifth = portFrom('https://media.example');
    serveCallPort(fifth.port, EXTENSION, deps, () => () => {});
    fifth.send(imageCall);
    await new Promise((r) => setTimeout(r, 20));
    expect(fifth.replies.at(-1)).toMatchObject({
      type: 'error',
      error: { name: 'TypeError', message: expect.stringContaining('more than 4 calls with images or audio at once') },
    });
    // Another site, and text from the same site, are not held back.
    const other = portFrom('https://elsewhere.example');
    serveCallPort(other.port, EXTENSION, deps, () => () => {});
    other.send(imageCall);
    await new Promise((r) => setTimeout(r, 20));
    expect(answers).toHaveLength(5);
    answers[0]!();
    for (let i = 0; i < 100 && open[0]!.replies.at(-1)?.type !== 'error'; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(open[0]!.replies.at(-1)).toMatchObject({ type: 'error', error: { name: 'NotAllowedError' } });
    const again = portFrom('https://media.example');
    serveCallPort(again.port, EXTENSION, deps, () => () => {});
    again.send(imageCall);
    await new Promise((r) => setTimeout(r, 20));
    expect(again.replies).toEqual([]);
    expect(answers).toHaveLength(6);
  });

  /** Opens a call Port from `site` and sends its first message, as the content script would. */
  const startCall = (site: string, deps: GatewayDeps, message: unknown) => {
    const p = portFrom(site);
    serveCallPort(p.port, EXTENSION, deps, () => () => {});
    p.send(message);
    return p;
  };
  const tick = () => new Promise((r) => setTimeout(r, 30));

  it('counts only calls with images or audio against the site’s four: text calls neither take a place nor wait for one', async () => {
    const settings = imageModelSettings();
    // Every call waits at consent, so each one started is one in flight.
    const waiting: string[] = [];
    const deps: GatewayDeps = {
      ...allowedSiteDeps(settings, []),
      consent: () => new Promise<void>(() => void waiting.push('call')),
    };
    const site = 'https://mixed.example';
    const textCall = { type: 'call', call: { op: 'prompt', messages: [{ role: 'user', content: 'just words' }] } };
    const start = (message: unknown) => startCall(site, deps, message);

    const first = [
      start(imageCall),
      start(imageCall),
      start(imageCall),
      start(textCall),
      start(textCall),
      start(textCall),
    ];
    await tick();
    expect(waiting).toHaveLength(6);
    // Three text calls in flight took no place: the fourth with an image still gets in.
    const fourth = start(imageCall);
    await tick();
    expect(waiting).toHaveLength(7);
    const fifth = start(imageCall);
    const moreText = [start(textCall), start(textCall)];
    await tick();
    expect(fifth.replies).toEqual([
      {
        type: 'error',
        error: expect.objectContaining({
          name: 'TypeError',
          message: expect.stringContaining('more than 4 calls with images or audio at once'),
        }),
      },
    ]);
    expect(waiting).toHaveLength(9);
    for (const p of [...first, fourth, ...moreText]) expect(p.replies).toEqual([]);
  });

  it('frees exactly one place when a call with media ends, and counts none for a call that asks no prompt', async () => {
    const settings = imageModelSettings();
    const answers: Array<() => void> = [];
    const deps: GatewayDeps = {
      ...allowedSiteDeps(settings, []),
      consent: () => new Promise<void>((_, reject) => answers.push(() => reject(new Error('denied')))),
    };
    const site = 'https://release.example';
    const start = (message: unknown) => startCall(site, deps, message);
    const held = Array.from({ length: 4 }, () => start(imageCall));
    await tick();
    expect(answers).toHaveLength(4);
    // A call that is no prompt has no media to hold, whatever the site holds.
    const availability = start({ type: 'call', call: { op: 'availability' } });
    await waitUntil(() => expect(availability.replies.at(-1)?.type).toBe('done'));
    answers[0]!();
    await waitUntil(() =>
      expect(held[0]!.replies.at(-1)).toMatchObject({ type: 'error', error: { name: 'NotAllowedError' } }),
    );
    const refill = start(imageCall);
    await tick();
    expect(refill.replies).toEqual([]);
    // Three held and one new: four again, so the next waits for nothing and is refused.
    const over = start(imageCall);
    await tick();
    expect(over.replies).toEqual([
      {
        type: 'error',
        error: expect.objectContaining({
          message: expect.stringContaining('more than 4 calls with images or audio at once'),
        }),
      },
    ]);
  });

  it('lets go of a call it could not parse: the revoke registry does not keep it', async () => {
    const settings = { ...defaultSettings() };
    const tracked: string[] = [];
    const p = portFrom('https://bad.example');
    serveCallPort(p.port, EXTENSION, allowedSiteDeps(settings, []), (origin) => {
      tracked.push(origin);
      return () => void tracked.splice(tracked.indexOf(origin), 1);
    });
    p.send({ type: 'call', call: { op: 'nope' } });
    await new Promise((r) => setTimeout(r, 20));
    expect(p.replies.at(-1)).toMatchObject({ type: 'error', error: { name: 'TypeError' } });
    expect(tracked).toEqual([]);
  });
});

describe('serveCallPort with a provider', () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer({ models: ['m'] });
  });
  afterAll(() => server.close());
  beforeEach(resetLedger);

  const textCall = (content: string) => ({
    type: 'call',
    call: { op: 'prompt', messages: [{ role: 'user', content }] },
  });
  const textOf = (replies: WorkerReply[]) =>
    replies.flatMap((r) => (r.type === 'chunk' ? [r.text] : r.type === 'chunks' ? r.texts : [])).join('');

  function serve(origin = 'https://stream.example', track: TrackCall = () => () => {}) {
    const settings: Settings = {
      ...defaultSettings(),
      providers: [{ id: 'p', kind: 'openai-compatible', label: 'P', baseURL: server.url, models: ['m'] }],
      defaultModel: 'p/m',
    };
    const p = portFrom(origin);
    serveCallPort(p.port, EXTENSION, allowedSiteDeps(settings, []), track);
    return p;
  }

  it('sends the first delta alone, batches the rest in order, ends with done and disconnects once', async () => {
    const deltas = Array.from({ length: 60 }, (_, i) => `d${i} `);
    server.script({ deltas });
    const p = serve();
    p.send(textCall('stream please'));
    await waitUntil(() => expect(p.replies.at(-1)?.type).toBe('done'));
    expect(p.replies[0]).toEqual({ type: 'chunk', text: 'd0 ' });
    expect(textOf(p.replies)).toBe(deltas.join(''));
    // Batched: fewer Port messages than deltas, and no batch of none.
    expect(p.replies.length).toBeLessThan(deltas.length);
    for (const r of p.replies) if (r.type === 'chunks') expect(r.texts.length).toBeGreaterThan(1);
    expect(p.replies.filter((r) => r.type === 'done')).toHaveLength(1);
    expect(p.state.disconnects).toBe(1);
  });

  it('aborts the provider’s request when the content script disconnects, and posts nothing after', async () => {
    server.script({ deltas: Array.from({ length: 400 }, (_, i) => `w${i} `), delayMs: 5 });
    const closed = server.nextClose(5_000);
    const tracked: string[] = [];
    const p = serve('https://leaver.example', (origin) => {
      tracked.push(origin);
      return () => void tracked.splice(tracked.indexOf(origin), 1);
    });
    p.send(textCall('long answer'));
    await waitUntil(() => expect(p.replies.length).toBeGreaterThan(2));
    expect(tracked).toEqual(['https://leaver.example']);
    p.drop();
    const seen = p.replies.length;
    await expect(closed).resolves.toBeUndefined();
    await waitUntil(() => expect(tracked).toEqual([]));
    await new Promise((r) => setTimeout(r, 30));
    expect(p.replies).toHaveLength(seen);
    expect(p.state.disconnects).toBe(0);
  });

  it('answers a port from another extension with NotAllowedError and never calls the provider', async () => {
    const before = server.requests.length;
    const p = serve();
    (p.port.sender as { id: string }).id = 'someone-else';
    p.send(textCall('hi'));
    await waitUntil(() => expect(p.replies).toHaveLength(1));
    expect(p.replies[0]).toMatchObject({
      type: 'error',
      error: { name: 'NotAllowedError', message: expect.stringContaining('this extension') },
    });
    expect(server.requests.length).toBe(before);
    expect(p.state.disconnects).toBe(1);
  });

  it('hands the page’s tool result on the same port to the call, which sends it to the provider', async () => {
    const hasResult = (body: { messages: Array<{ role: string }> }) => body.messages.some((m) => m.role === 'tool');
    server.script((body) =>
      hasResult(body)
        ? { deltas: ['found it'] }
        : { deltas: [], toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] },
    );
    const p = serve();
    p.send({
      type: 'call',
      call: {
        op: 'prompt',
        messages: [{ role: 'user', content: 'look it up' }],
        tools: [{ name: 'lookup', description: 'Looks up', inputSchema: '{"type":"object"}' }],
      },
    });
    await waitUntil(() => expect(p.replies.some((r) => r.type === 'tool-call')).toBe(true));
    const asked = p.replies.find((r) => r.type === 'tool-call') as Extract<WorkerReply, { type: 'tool-call' }>;
    expect(asked).toMatchObject({ name: 'lookup', args: '{"q":"x"}' });
    p.send({ type: 'tool-result', id: asked.id, result: 'the answer is 42' });
    await waitUntil(() => expect(p.replies.at(-1)?.type).toBe('done'));
    expect(textOf(p.replies)).toBe('found it');
    expect(JSON.stringify(server.requests.at(-1)?.body)).toContain('the answer is 42');
  });

  it('ends the call with TypeError -32602 for a malformed tool result, and never sends it to the provider', async () => {
    server.script({ deltas: [], toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] });
    const before = server.requests.length;
    const p = serve();
    p.send({
      type: 'call',
      call: {
        op: 'prompt',
        messages: [{ role: 'user', content: 'look it up' }],
        tools: [{ name: 'lookup', description: 'Looks up', inputSchema: '{"type":"object"}' }],
      },
    });
    await waitUntil(() => expect(p.replies.some((r) => r.type === 'tool-call')).toBe(true));
    const asked = p.replies.find((r) => r.type === 'tool-call') as Extract<WorkerReply, { type: 'tool-call' }>;
    p.send({ type: 'tool-result', id: asked.id, result: { not: 'a string' } });
    await waitUntil(() => expect(p.replies.at(-1)?.type).toBe('error'));
    expect(p.replies.at(-1)).toMatchObject({
      type: 'error',
      error: { name: 'TypeError', code: -32602, message: expect.stringMatching(/^Invalid request: result: /) },
    });
    expect(p.state.disconnects).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests.length).toBe(before + 1);
  });

  it('ignores a second call on the same port: one port, one call', async () => {
    server.script({ deltas: ['once'] });
    const before = server.requests.length;
    const p = serve();
    p.send(textCall('first'));
    p.send(textCall('second'));
    await waitUntil(() => expect(p.replies.at(-1)?.type).toBe('done'));
    expect(server.requests.length).toBe(before + 1);
    expect(textOf(p.replies)).toBe('once');
  });
});
