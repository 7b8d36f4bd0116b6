import { extensionApi } from '@/lib/bridge/extension-api';
import { askForPage, startBridge } from '@/lib/bridge/relay';
import { relayModelChanges } from '@/lib/model-events/relay';
import { CALL_PORT_NAME } from '@/lib/protocol/wire';

// Built bare (lib/build/bare-content-scripts.ts): no WXT start-up wrapper, which would post a
// "content script started" event naming this extension's id to every page and costs every
// frame its start-up. At document_start this only adds message listeners; the extension API is
// first touched when the page calls.
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: true,
  main() {
    const connect = () => extensionApi().runtime.connect({ name: CALL_PORT_NAME });
    startBridge(window, connect);
    relayModelChanges(window, () => askForPage({ op: 'model' }, connect), () => extensionApi().storage);
  },
});
