import { NATIVE } from '../protocol/wire';
import { define } from './idl';
import { LanguageModel } from './language-model';
import { windowAI } from './window-ai';
import { LanguageDetector, Proofreader, Rewriter, Summarizer, Translator, Writer } from './writing';

/**
 * Puts the API on the page. Our LanguageModel replaces the browser's own by default, because
 * Chromium's answers "unavailable" without an on-device model; window.ai.languageModel is
 * ours either way. Window AI's detection reads `__window_ai_metadata__`. Each native global is
 * kept aside, for the script that restores it when the user asks to keep it.
 */
export function installPageApi(target: typeof globalThis, version: string): void {
  // Each class carries its interface's name (idl.ts), so the list names none of them twice.
  const globals: Array<[string, object]> = [LanguageModel, Summarizer, Writer, Rewriter, Translator, LanguageDetector, Proofreader].map((cls) => [cls.name, Object.freeze(cls.prototype) && Object.freeze(cls)]);
  globals.push(['ai', windowAI], ['__window_ai_metadata__', Object.freeze({ domain: 'own-model', version })]);
  for (const [name, value] of globals) {
    define(target, Symbol.for(NATIVE + name), { value: target[name as 'ai'] });
    // Not writable: defineProperty's default.
    define(target, name, { value, configurable: true });
  }
}
