import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserName, ExtensionBrowser, LaunchOptions } from './types';

export const browsers: BrowserName[] = ['chromium', 'firefox'];

export function launch(name: BrowserName, options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  return name === 'chromium' ? launchChromium(options) : launchFirefox(options);
}

export type { ExtensionBrowser, TestPage, BrowserName, LaunchOptions } from './types';
