import type { ExtensionBrowser } from './types';

export interface ProviderFields {
  label: string;
  baseURL: string;
  models: string[];
  apiKey?: string;
}

/** Adds a provider the way a user does: through the real options page form. */
export async function addProviderThroughOptions(browser: ExtensionBrowser, fields: ProviderFields): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  try {
    await page.fill('input[name=label]', fields.label);
    await page.fill('input[name=baseURL]', fields.baseURL);
    if (fields.apiKey) await page.fill('input[name=apiKey]', fields.apiKey);
    await page.fill('input[name=models]', fields.models.join(', '));
    await page.click('[data-testid=provider-form] button[type=submit]');
    await page.waitForText('[data-testid=provider-list]', new RegExp(fields.label));
  } finally {
    await page.close();
  }
}
