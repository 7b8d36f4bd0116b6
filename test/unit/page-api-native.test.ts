import { describe, expect, it } from 'vitest';
import { restoreNativeLanguageModel } from '@/lib/native-global/restore';
import { applyNativeChoice } from '@/lib/native-global/sync';
import { NATIVE_LANGUAGE_MODEL } from '@/lib/protocol/wire';

// Keeping the browser's own LanguageModel: the restoring script, and its registration that
// follows the setting.

describe('restoreNativeLanguageModel()', () => {
  it('puts the set-aside native global back, writable and configurable as WebIDL has it', () => {
    const native = function LanguageModel() {};
    const ours = function Ours() {};
    const target = {} as Record<string | symbol, unknown>;
    Object.defineProperty(target, 'LanguageModel', { value: ours, writable: false, configurable: true });
    Object.defineProperty(target, Symbol.for(NATIVE_LANGUAGE_MODEL), { value: native });
    restoreNativeLanguageModel(target as unknown as typeof globalThis);
    expect(target.LanguageModel).toBe(native);
    expect(Object.getOwnPropertyDescriptor(target, 'LanguageModel')).toMatchObject({
      writable: true,
      enumerable: false,
      configurable: true,
    });
  });

  it('gives back Translator and LanguageDetector too, and leaves Summarizer ours', () => {
    const target = {} as Record<string | symbol, unknown>;
    const natives = {
      Translator: function Translator() {},
      LanguageDetector: function LanguageDetector() {},
      Summarizer: function Summarizer() {},
    };
    for (const [name, native] of Object.entries(natives)) {
      Object.defineProperty(target, name, { value: function Ours() {}, writable: false, configurable: true });
      Object.defineProperty(target, Symbol.for(`own-model/native ${name}`), { value: native });
    }
    restoreNativeLanguageModel(target as unknown as typeof globalThis);
    expect([target.Translator, target.LanguageDetector]).toEqual([natives.Translator, natives.LanguageDetector]);
    expect(target.Summarizer).not.toBe(natives.Summarizer);
  });

  it('leaves ours where the browser had none', () => {
    const ours = function Ours() {};
    const target = { LanguageModel: ours } as Record<string | symbol, unknown>;
    Object.defineProperty(target, Symbol.for(NATIVE_LANGUAGE_MODEL), { value: undefined });
    restoreNativeLanguageModel(target as unknown as typeof globalThis);
    expect(target.LanguageModel).toBe(ours);
  });
});

describe('applyNativeChoice()', () => {
  function fakeScripting() {
    const registered = new Map<string, unknown>();
    const scripting = {
      getRegisteredContentScripts: async ({ ids }: { ids: string[] }) =>
        ids.filter((id) => registered.has(id)).map((id) => registered.get(id)),
      registerContentScripts: async (scripts: Array<{ id: string }>) => {
        for (const script of scripts) {
          if (registered.has(script.id)) throw new Error(`duplicate id ${script.id}`);
          registered.set(script.id, script);
        }
      },
      unregisterContentScripts: async ({ ids }: { ids: string[] }) => void ids.forEach((id) => registered.delete(id)),
    };
    return { registered, scripting: scripting as never };
  }

  it('registers the restoring script once, in the MAIN world at document_start, and removes it again', async () => {
    const { registered, scripting } = fakeScripting();
    await applyNativeChoice(true, scripting);
    await applyNativeChoice(true, scripting);
    expect([...registered.values()]).toEqual([
      expect.objectContaining({
        js: ['content-scripts/native-global.js'],
        world: 'MAIN',
        runAt: 'document_start',
        allFrames: true,
        matches: ['http://*/*', 'https://*/*'],
      }),
    ]);
    await applyNativeChoice(false, scripting);
    expect(registered.size).toBe(0);
    await expect(applyNativeChoice(false, scripting)).resolves.toBeUndefined();
  });
});
