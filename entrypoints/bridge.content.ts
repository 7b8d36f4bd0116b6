import { extensionApi } from '@/lib/bridge/extension-api';
import { BRIDGE_CALLS_KEY, wakeOnPageCall, type PageMessageHandler } from '@/lib/bridge/wake';

// Built bare (lib/build/bare-content-scripts.ts): no WXT start-up wrapper, which would post a
// "content script started" event naming this extension's id to every page and costs every
// frame its start-up. At document_start this only adds one message listener; the call code
// (entrypoints/bridge-calls.ts) and the extension API are first touched when the page calls.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: true,
  main() {
    wakeOnPageCall(window, async () => {
      // The file is web-accessible only to be imported here (wxt.config.ts); its own code is the one
      // thing it defines, in this content script's world, never the page's. The address is fixed:
      // addons.mozilla.org's linter warns of any import() it cannot read as a literal, and this one
      // must be absolute, as a relative one would resolve against the page.
      await import(/* @vite-ignore */ extensionApi().runtime.getURL('/bridge-calls.js'));
      const handle = (globalThis as Record<string, unknown>)[BRIDGE_CALLS_KEY];
      if (typeof handle !== 'function') throw new Error('bridge-calls.js defined no handler');
      return handle as PageMessageHandler;
    });
  },
});
