import { browser } from 'wxt/browser';
import { CALL_PORT_NAME } from '@/lib/protocol/wire';
import { serveCallPort } from '@/lib/gateway/port';
import type { GatewayDeps } from '@/lib/gateway/pipeline';
import { appendUsage } from '@/lib/ledger/db';
import { readApiKey } from '@/lib/settings/secrets';
import { loadSettings } from '@/lib/settings/store';
import { registerUiHandlers } from '@/lib/ui-service/handlers';

export default defineBackground(() => {
  const deps: GatewayDeps = {
    loadSettings,
    readApiKey,
    // Per-site grants arrive with the consent feature; until then the seam admits every
    // secure origin that the caller check lets through.
    consent: async () => {},
    record: appendUsage,
    now: () => performance.timeOrigin + performance.now(),
  };
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== CALL_PORT_NAME) return port.disconnect();
    serveCallPort(port, browser.runtime.id, deps);
  });
  registerUiHandlers(browser.runtime.id, browser.runtime.getURL('/'));
  // A new user lands on setup: nothing works until a model is chosen.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
});
