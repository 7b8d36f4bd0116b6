import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { EngineReply } from '@/lib/on-device/host-protocol';

/** A Port whose other end answers each job with `reply`, or never when `reply` is null. */
function fakeEnginePort(reply: EngineReply | null, jobs: unknown[]) {
  const messageListeners: Array<(m: unknown) => void> = [];
  return {
    name: 'on-device-engine',
    onMessage: { addListener: (fn: (m: unknown) => void) => void messageListeners.push(fn) },
    onDisconnect: { addListener: () => undefined },
    postMessage(job: unknown) {
      jobs.push(job);
      if (reply) queueMicrotask(() => messageListeners.forEach((fn) => fn(reply)));
    },
    disconnect: () => undefined,
  };
}

/** Chromium's offscreen API, as far as the client uses it, recording what it was asked. */
function fakeOffscreen(calls: string[]) {
  let open = false;
  return {
    hasDocument: async () => open,
    createDocument: async ({ url, reasons }: { url: string; reasons: string[] }) => {
      calls.push(`create ${url} ${reasons.join()}`);
      open = true;
    },
    closeDocument: async () => {
      calls.push('close');
      open = false;
    },
  };
}

describe('the worker’s engine client in Chromium', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('opens one offscreen document (reason WORKERS) on the first job, and closes it only after five idle minutes', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const jobs: unknown[] = [];
    vi.stubGlobal('chrome', { offscreen: fakeOffscreen(calls) });
    let reply: EngineReply | null = { type: 'done' };
    fakeBrowser.runtime.connect = (() => fakeEnginePort(reply, jobs)) as never;
    const { runEngineJob, ENGINE_IDLE_MS } = await import('@/lib/on-device/client');

    await runEngineJob({ type: 'delete', id: 'a' }, () => undefined);
    await runEngineJob({ type: 'delete', id: 'b' }, () => undefined);
    expect(calls).toEqual(['create /on-device-engine.html WORKERS']);
    expect(jobs).toEqual([
      { type: 'delete', id: 'a' },
      { type: 'delete', id: 'b' },
    ]);

    await vi.advanceTimersByTimeAsync(ENGINE_IDLE_MS - 1_000);
    expect(calls).not.toContain('close');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls.at(-1)).toBe('close');

    // A job still running holds the document open however long it takes.
    reply = null;
    const stop = new AbortController();
    const running = runEngineJob({ type: 'delete', id: 'c' }, () => undefined, stop.signal).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.at(-1)).toBe('create /on-device-engine.html WORKERS');
    await vi.advanceTimersByTimeAsync(ENGINE_IDLE_MS * 2);
    expect(calls.filter((c) => c === 'close')).toHaveLength(1);
    stop.abort(new DOMException('stopped', 'AbortError'));
    expect(await running).toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(ENGINE_IDLE_MS + 1);
    expect(calls.filter((c) => c === 'close')).toHaveLength(2);
  });
});
