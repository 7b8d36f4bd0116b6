import { NATIVE_LANGUAGE_MODEL } from '../protocol/wire';

/**
 * Puts the browser's own LanguageModel back where the page script replaced it, with the
 * property shape WebIDL gives an interface. Where the browser has none, ours stays: the user
 * asked to leave the browser's own alone, not to take the API away.
 */
export function restoreNativeLanguageModel(target: typeof globalThis): void {
  const native = (target as unknown as Record<symbol, unknown>)[Symbol.for(NATIVE_LANGUAGE_MODEL)];
  if (native) Object.defineProperty(target, 'LanguageModel', { value: native, writable: true, enumerable: false, configurable: true });
}
