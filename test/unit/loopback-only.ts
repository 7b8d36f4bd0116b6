/**
 * Unit tests reach only servers on this machine. A fetch to any other host fails at once, as it
 * would offline, instead of waiting on a resolver or a network that a test machine may not have;
 * a test that names a public address (a provider's default, say) still runs its offline path.
 */
const realFetch = globalThis.fetch;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (LOOPBACK.has(url.hostname) || url.protocol === 'chrome-extension:') return realFetch(input, init);
  return Promise.reject(new TypeError(`fetch failed: unit tests reach only loopback, not ${url.host}`));
};
