import { browser } from 'wxt/browser';
import { askForPage, startBridge } from '@/lib/bridge/relay';
import { relayModelChanges } from '@/lib/model-events/relay';
import { CALL_PORT_NAME } from '@/lib/protocol/wire';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  // WXT would otherwise post a "content script started" message, naming this extension's id,
  // to every page: a fingerprint of every user, on sites that never use the API.
  noScriptStartedPostMessage: true,
  allFrames: true,
  main() {
    const connect = () => browser.runtime.connect({ name: CALL_PORT_NAME });
    startBridge(window, connect);
    relayModelChanges(window, () => askForPage({ op: 'model' }, connect));
  },
});
