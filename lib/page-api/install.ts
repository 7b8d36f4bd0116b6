import { NATIVE } from '../protocol/wire';
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
  const globals = { LanguageModel, Summarizer, Writer, Rewriter, Translator, LanguageDetector, Proofreader, ai: windowAI, __window_ai_metadata__: Object.freeze({ domain: 'own-model', version }) };
  for (const [name, value] of Object.entries(globals)) {
    if (typeof value === 'function') Object.freeze(Object.freeze(value).prototype);
    Object.defineProperty(target, Symbol.for(NATIVE + name), { value: target[name as 'ai'] });
    Object.defineProperty(target, name, { value, writable: false, configurable: true });
  }
}
