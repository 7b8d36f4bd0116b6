import { describe, expect, it, vi } from 'vitest';
import { GLOBAL_NAMES, installPageApi } from '@/lib/page-api/install';
import { KEPT_NATIVE, NATIVE, NATIVE_LANGUAGE_MODEL } from '@/lib/protocol/wire';

// The page's globals cost nothing until read: the surface is built on the first read of any.

function installed() {
  const native = class NativeLanguageModel {};
  // Not enumerable, as WebIDL defines an interface on the global.
  const target = Object.defineProperty({ postMessage() {} }, 'LanguageModel', {
    value: native,
    writable: true,
    configurable: true,
  }) as unknown as typeof globalThis;
  const values = GLOBAL_NAMES.map((name) => ({ name }));
  const surface = vi.fn((_primordials: unknown) => values as never);
  installPageApi(target, surface);
  return { target: target as unknown as Record<string | symbol, unknown>, native, values, surface };
}

describe('installPageApi', () => {
  it('builds nothing at install, yet every global is there for `in` and typeof', () => {
    const { target, surface } = installed();
    for (const name of GLOBAL_NAMES) expect(name in target).toBe(true);
    expect(surface).not.toHaveBeenCalled();
  });

  it('keeps the browser’s own LanguageModel aside, for the script that restores it', () => {
    const { target, native } = installed();
    expect(target[Symbol.for(NATIVE_LANGUAGE_MODEL)]).toBe(native);
    expect(target.LanguageModel).not.toBe(native);
  });

  it('builds the surface once, on the first read of any global, and answers each by its place', () => {
    const { target, values, surface } = installed();
    expect(target.ai).toBe(values[GLOBAL_NAMES.indexOf('ai')]);
    for (const [i, name] of GLOBAL_NAMES.entries()) expect(target[name]).toBe(values[i]);
    expect(target.LanguageModel).toBe(target.LanguageModel);
    expect(surface).toHaveBeenCalledTimes(1);
  });

  it('leaves each global configurable, not enumerable, and unchanged by an assignment', () => {
    const { target, values } = installed();
    const descriptor = Object.getOwnPropertyDescriptor(target, 'LanguageModel')!;
    expect([descriptor.configurable, descriptor.enumerable, descriptor.set]).toEqual([true, false, undefined]);
    expect(() => {
      'use strict';
      target.LanguageModel = 'replaced';
    }).toThrow(TypeError);
    expect(target.LanguageModel).toBe(values[0]);
    Object.defineProperty(target, 'LanguageModel', { value: 'the page’s own' });
    expect(target.LanguageModel).toBe('the page’s own');
  });

  it('takes what the API calls of the platform at install, so a patch made before the first read cannot forge replies', () => {
    const { target, surface } = installed();
    const original = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!;
    Object.defineProperty(MessageEvent.prototype, 'data', {
      get: () => ({ type: 'done', value: 'forged' }),
      configurable: true,
    });
    try {
      void target.LanguageModel;
      expect(surface).toHaveBeenCalledTimes(1);
      // The second of primordials.ts's list: MessageEvent's own data getter, not the patch.
      expect((surface.mock.calls[0]![0] as unknown[])[1]).toBe(original.get);
    } finally {
      Object.defineProperty(MessageEvent.prototype, 'data', original);
    }
  });

  it('reads only the natives the user may keep: the others are replaced unread, as Chromium would build them on a read', () => {
    const reads: string[] = [];
    const target = { postMessage() {} } as Record<string, unknown>;
    for (const name of GLOBAL_NAMES)
      Object.defineProperty(target, name, {
        get: () => (reads.push(name), `native ${name}`),
        configurable: true,
      });
    installPageApi(target as unknown as typeof globalThis, () => GLOBAL_NAMES.map((name) => ({ name })) as never);
    expect(reads.sort()).toEqual([...KEPT_NATIVE].sort());
    for (const name of GLOBAL_NAMES)
      expect((target as Record<symbol, unknown>)[Symbol.for(NATIVE + name)]).toBe(
        KEPT_NATIVE.includes(name) ? `native ${name}` : undefined,
      );
    expect(target.Summarizer).toEqual({ name: 'Summarizer' });
  });
});
