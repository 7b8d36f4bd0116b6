import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserName, ExtensionBrowser } from './types';

export const browsers: BrowserName[] = ['chromium', 'firefox'];

export function launch(name: BrowserName): Promise<ExtensionBrowser> {
  return name === 'chromium' ? launchChromium() : launchFirefox();
}

export type { ExtensionBrowser, TestPage, BrowserName } from './types';
