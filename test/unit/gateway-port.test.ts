import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { serveCallPort } from '@/lib/gateway/port';
import type { GatewayDeps } from '@/lib/gateway/pipeline';
import type { WorkerReply } from '@/lib/protocol/wire';
import { defaultSettings } from '@/lib/settings/schema';
import { allowedSiteDeps } from './ledger-test-deps';

// The worker's side of a call Port, with a Port of the browser's shape: what a site may hold in
// flight at once.

const EXTENSION = 'own-model-test';

/** A call Port as the worker sees one: from our content script, in a tab of `origin`. */
function portFrom(origin: string) {
  const replies: WorkerReply[] = [];
  const onMessage: Array<(m: unknown) => void> = [];
  const port = {
    name: 'page-call',
    sender: { id: EXTENSION, url: `${origin}/page`, origin, frameId: 0, tab: { id: 1, title: 'Site' } },
    postMessage: (m: WorkerReply) => void replies.push(m),
    disconnect() {},
    onMessage: { addListener: (fn: (m: unknown) => void) => void onMessage.push(fn) },
    onDisconnect: { addListener() {} },
  };
  return { port: port as unknown as Browser.runtime.Port, replies, send: (m: unknown) => onMessage.forEach((fn) => fn(m)) };
}

const imageCall = {
  type: 'call',
  call: { op: 'prompt', messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/jpeg', data: '/9j/2Q==' }] }] },
};

describe('serveCallPort', () => {
  it('lets a site hold four calls with images or audio at once, refuses a fifth, and frees the place when one ends', async () => {
    const settings = { ...defaultSettings(), providers: [{ id: 'p', kind: 'openai-compatible' as const, label: 'P', baseURL: 'http://127.0.0.1:9/v1', models: ['m'] }], defaultModel: 'p/m', modelInputs: { 'p/m': ['image' as const] } };
    // Consent that the user has not given yet: the calls wait, as a site's would.
    const answers: Array<() => void> = [];
    const deps: GatewayDeps = { ...allowedSiteDeps(settings, []), consent: () => new Promise<void>((_, reject) => answers.push(() => reject(new Error('denied')))) };
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
    expect(fifth.replies.at(-1)).toMatchObject({ type: 'error', error: { name: 'TypeError', message: expect.stringContaining('more than 4 calls with images or audio at once') } });
    // Another site, and text from the same site, are not held back.
    const other = portFrom('https://elsewhere.example');
    serveCallPort(other.port, EXTENSION, deps, () => () => {});
    other.send(imageCall);
    await new Promise((r) => setTimeout(r, 20));
    expect(answers).toHaveLength(5);
    answers[0]!();
    for (let i = 0; i < 100 && open[0]!.replies.at(-1)?.type !== 'error'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(open[0]!.replies.at(-1)).toMatchObject({ type: 'error', error: { name: 'NotAllowedError' } });
    const again = portFrom('https://media.example');
    serveCallPort(again.port, EXTENSION, deps, () => () => {});
    again.send(imageCall);
    await new Promise((r) => setTimeout(r, 20));
    expect(again.replies).toEqual([]);
    expect(answers).toHaveLength(6);
  });

  it('counts only calls with images or audio against the site’s four: text calls neither take a place nor wait for one', async () => {
    const settings = { ...defaultSettings(), providers: [{ id: 'p', kind: 'openai-compatible' as const, label: 'P', baseURL: 'http://127.0.0.1:9/v1', models: ['m'] }], defaultModel: 'p/m', modelInputs: { 'p/m': ['image' as const] } };
    // Every call waits at consent, so each one started is one in flight.
    const waiting: string[] = [];
    const deps: GatewayDeps = { ...allowedSiteDeps(settings, []), consent: () => new Promise<void>(() => void waiting.push('call')) };
    const site = 'https://mixed.example';
    const textCall = { type: 'call', call: { op: 'prompt', messages: [{ role: 'user', content: 'just words' }] } };
    const start = (message: unknown) => {
      const p = portFrom(site);
      serveCallPort(p.port, EXTENSION, deps, () => () => {});
      p.send(message);
      return p;
    };
    const tick = () => new Promise((r) => setTimeout(r, 30));

    const first = [start(imageCall), start(imageCall), start(imageCall), start(textCall), start(textCall), start(textCall)];
    await tick();
    expect(waiting).toHaveLength(6);
    // Three text calls in flight took no place: the fourth with an image still gets in.
    const fourth = start(imageCall);
    await tick();
    expect(waiting).toHaveLength(7);
    const fifth = start(imageCall);
    const moreText = [start(textCall), start(textCall)];
    await tick();
    expect(fifth.replies).toEqual([{ type: 'error', error: expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('more than 4 calls with images or audio at once') }) }]);
    expect(waiting).toHaveLength(9);
    for (const p of [...first, fourth, ...moreText]) expect(p.replies).toEqual([]);
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
