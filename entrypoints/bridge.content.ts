import { browser } from 'wxt/browser';
import { startBridge } from '@/lib/bridge/relay';
import { relayModelChanges } from '@/lib/model-events/relay';
import { CALL_PORT_NAME } from '@/lib/protocol/wire';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: true,
  main() {
    startBridge(window, () => browser.runtime.connect({ name: CALL_PORT_NAME }));
    relayModelChanges(window);
  },
});
