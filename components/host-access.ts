import { browser } from 'wxt/browser';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Asks for the provider's host only, and only when it is not a local server, which the
 * manifest already covers. Must run inside the click, before any await.
 */
export function requestHostAccess(baseURL: string): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return Promise.resolve(true); // the worker's schema check explains a bad URL
  }
  if (LOOPBACK.has(url.hostname)) return Promise.resolve(true);
  return browser.permissions.request({ origins: [`${url.protocol}//${url.hostname}/*`] });
}
