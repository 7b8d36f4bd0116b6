import { LanguageModel } from './language-model';
import { windowAI } from './window-ai';

/**
 * Puts the API on the page. Our LanguageModel replaces the browser's own by default, because
 * Chromium's answers "unavailable" without an on-device model; window.ai.languageModel is
 * ours either way.
 */
export function installPageApi(target: typeof globalThis): void {
  for (const part of [LanguageModel, LanguageModel.prototype]) Object.freeze(part);
  Object.defineProperty(target, 'LanguageModel', { value: LanguageModel, writable: false, configurable: true });
  Object.defineProperty(target, 'ai', { value: windowAI, writable: false, configurable: true });
}
