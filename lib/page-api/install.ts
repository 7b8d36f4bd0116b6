import { LanguageModel } from './language-model';
import { windowAI } from './window-ai';
import { Rewriter, Summarizer, Writer } from './writing';

/**
 * Puts the API on the page. Our LanguageModel replaces the browser's own by default, because
 * Chromium's answers "unavailable" without an on-device model; window.ai.languageModel is
 * ours either way. Window AI's detection reads `__window_ai_metadata__`.
 */
export function installPageApi(target: typeof globalThis, version: string): void {
  const globals = { LanguageModel, Summarizer, Writer, Rewriter, ai: windowAI, __window_ai_metadata__: Object.freeze({ domain: 'own-model', version }) };
  for (const [name, value] of Object.entries(globals)) {
    if (typeof value === 'function') Object.freeze(Object.freeze(value).prototype);
    Object.defineProperty(target, name, { value, writable: false, configurable: true });
  }
}
