import { extensionApi } from '@/lib/bridge/extension-api';
import { pageMessageHandler } from '@/lib/bridge/calls';
import { BRIDGE_CALLS_KEY } from '@/lib/bridge/wake';
import { CALL_PORT_NAME } from '@/lib/protocol/wire';

// Loaded by the bridge content script (entrypoints/bridge.content.ts) into its own world the
// first time the page calls, and built bare like it (lib/build/bare-content-scripts.ts).
export default defineUnlistedScript(() => {
  const connect = () => extensionApi().runtime.connect({ name: CALL_PORT_NAME });
  (globalThis as Record<string, unknown>)[BRIDGE_CALLS_KEY] = pageMessageHandler(
    window,
    connect,
    () => extensionApi().storage,
  );
});
