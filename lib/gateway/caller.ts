import type { Browser } from 'wxt/browser';
import { notAllowed } from './errors';

/** Who is asking, as the browser says it, never as the page says it. */
export interface Caller {
  origin: string;
  tabId: number;
  frameId: number;
  tabTitle: string;
  /** The tab's icon, only as an http(s) or data:image URL, for the consent window to show. */
  favIconUrl: string | null;
}

function safeIconUrl(url: string | undefined): string | null {
  if (!url || url.length > 4_000) return null;
  return /^(https?:|data:image\/(png|x-icon|vnd\.microsoft\.icon|gif|jpeg|webp);)/i.test(url) ? url : null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Only secure origins may ask, with plain http allowed for loopback development servers. */
export function isCallableOrigin(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Derives the caller from a Port's sender. The origin must agree with the frame's URL: a
 * sandboxed or opaque frame reports origin "null" and is refused without a prompt.
 */
export function callerFromSender(sender: Browser.runtime.MessageSender | undefined, extensionId: string): Caller {
  if (!sender || sender.id !== extensionId)
    throw notAllowed('The call did not come from this extension’s content script.');
  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0 || !sender.url) throw notAllowed('The call did not come from a browser tab.');
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    throw notAllowed('The calling frame has no valid URL.');
  }
  const origin = url.origin;
  if (origin === 'null' || (sender.origin !== undefined && sender.origin !== origin)) {
    throw notAllowed('Opaque and sandboxed frames may not use the model.');
  }
  if (!isCallableOrigin(url)) throw notAllowed(`Only https sites may use the model; ${origin} is not one.`);
  // Stryker disable OptionalChaining: a sender without a tab was refused above
  return {
    origin,
    tabId,
    frameId: sender.frameId ?? 0,
    tabTitle: (sender.tab?.title ?? '').slice(0, 300),
    favIconUrl: safeIconUrl(sender.tab?.favIconUrl),
  };
  // Stryker restore OptionalChaining
}
