import type { ExtensionBrowser, TestPage } from './types';

export interface ProviderFields {
  /** The kind picked in the form; the local test servers speak the OpenAI-compatible format. */
  kind?: 'openai' | 'anthropic' | 'google' | 'openrouter' | 'ollama' | 'openai-compatible';
  label: string;
  baseURL: string;
  models: string[];
  apiKey?: string;
}

/** Adds a provider the way a user does: through the real options page form. */
export async function addProviderThroughOptions(browser: ExtensionBrowser, fields: ProviderFields): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  try {
    await page.click(`[data-testid=kind-picker] input[value=${fields.kind ?? 'openai-compatible'}]`);
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

/** Sets a site's access the way a user does: in the popup, opened for that site. */
export async function setSiteAccessThroughPopup(
  browser: ExtensionBrowser,
  origin: string,
  grant: 'allow-always' | 'ask' | 'deny',
): Promise<void> {
  const popup = await browser.openExtensionPage(`popup.html?site=${encodeURIComponent(origin)}`);
  try {
    await popup.waitForText('[data-testid=site-access]', /Access to your model/);
    await popup.select('[data-testid=site-grant]', grant);
    await popup.waitForText('[data-testid=site-access]', grant === 'allow-always' ? /Revoke access/ : /Access/);
  } finally {
    await popup.close();
  }
}

/**
 * Sets up the on-device model the way a user does: pick "On-device", paste a GGUF URL, download.
 * Resolves once the model is stored; a first run makes it the default model.
 */
export async function downloadOnDeviceThroughOptions(
  browser: ExtensionBrowser,
  ggufUrl: string,
  page?: TestPage,
): Promise<void> {
  const options = page ?? (await browser.openExtensionPage('options.html'));
  try {
    await options.click('[data-testid=kind-picker] input[value=on-device]');
    await options.fill('input[name=ggufUrl]', ggufUrl);
    await options.click('.custom-gguf button[type=submit]');
    const file = decodeURIComponent(new URL(ggufUrl).pathname.split('/').pop()!).replace(/\.gguf$/i, '');
    await options.waitForText(
      '[data-testid=on-device]',
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*Ready`),
      120_000,
    );
  } finally {
    if (!page) await options.close();
  }
}

/**
 * Says a model reads images and/or audio, the way a user does: in the options page's "Images
 * and audio" form. Starts from what the page shows; each kind's box is clicked only if it must change.
 */
export async function sayModelReadsThroughOptions(
  browser: ExtensionBrowser,
  modelId: string,
  kinds: Array<'image' | 'audio'>,
): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  try {
    await page.select('[data-testid=inputs-editor] select', modelId);
    const now = await page.waitForText('[data-testid=inputs-now]', /^Reads text/);
    for (const [kind, word] of [
      ['image', 'images'],
      ['audio', 'audio'],
    ] as const) {
      if (kinds.includes(kind) !== new RegExp(`and .*${word}`).test(now))
        await page.click(`[data-testid=inputs-editor] input[name=reads-${kind}]`);
    }
    await page.click('[data-testid=inputs-editor] button[type=submit]');
    await page.waitForText('[data-testid=inputs-now]', /as you said/);
  } finally {
    await page.close();
  }
}

/** Sets spending limits the way a user does: in the options page's Limits tab; '' clears one. Fields not named stay. */
export async function setLimitsThroughOptions(
  browser: ExtensionBrowser,
  limits: Partial<Record<'globalDayUsd' | 'globalMonthUsd' | 'siteDayUsd' | 'siteMonthUsd' | 'perRequestUsd', string>>,
): Promise<void> {
  const page = await browser.openExtensionPage('options.html#limits');
  try {
    // Puppeteer's fill('') leaves a field as it was; a blank reads as no limit just the same.
    for (const [name, value] of Object.entries(limits))
      await page.fill(`#panel-limits input[name=${name}]`, value || ' ');
    await page.click('#panel-limits button[type=submit]');
    await page.waitForText('#panel-limits', /Saved\./);
  } finally {
    await page.close();
  }
}

/**
 * What the popup says of the default model's window and inputs, once its line matches `window`:
 * the catalog's lists are fetched in the worker after a provider is added, so this also waits for them.
 */
export async function modelFactsInPopup(
  browser: ExtensionBrowser,
  window: RegExp,
): Promise<{ window: string; inputs: string }> {
  const popup = await browser.openExtensionPage('popup.html');
  try {
    return {
      window: await popup.waitForText('[data-testid=model-window]', window),
      inputs: await popup.waitForText('[data-testid=model-inputs]', /Reads text/),
    };
  } finally {
    await popup.close();
  }
}
