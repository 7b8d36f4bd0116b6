import type { browser } from 'wxt/browser';

type ExtensionApi = Pick<typeof browser, 'runtime' | 'storage'>;

/**
 * The content script's extension API, read when first needed: both browsers give `chrome`, and
 * a Port and storage.onChanged are the same events in both, so the content script needs no
 * promise wrapper (the webextension polyfill cost every frame ~10 KB of start-up).
 */
export const extensionApi = (): ExtensionApi =>
  (globalThis as { chrome?: ExtensionApi }).chrome ?? (globalThis as unknown as { browser: ExtensionApi }).browser;
