import { describe, expect, it } from 'vitest';
import { browsers, type TestPage } from './harness';
import { axeViolations, blocking, type AxeViolation } from './harness/axe';
import { waitForConsentWindow } from './harness/consent';
import { useExtension } from './harness/fixture';
import { promptOnce } from './page-calls';
import { seedLedger } from './usage-seed';

/** Runs axe over the page as shown, prints all it found (minor ones too) and returns the blocking ones. */
async function check(page: TestPage, label: string, ready: string): Promise<AxeViolation[]> {
  await page.waitForText('main', new RegExp(ready));
  const violations = await axeViolations(page);
  const summary = violations.map((v) => `${v.id} (${v.impact}) at ${v.targets.join(' | ')}`).join('; ') || 'none';
  console.log(`axe ${label}: ${violations.length} violation(s): ${summary}`);
  return blocking(violations);
}

// Contrast differs by theme, so each page is checked in a browser launched in each.
const cases = browsers.flatMap((name) => (['light', 'dark'] as const).map((scheme) => [name, scheme] as const));

describe.each(cases)('accessibility of the extension pages in %s, %s theme', (name, scheme) => {
  const f = useExtension(name, {
    title: 'Accessibility test page',
    allowSite: false,
    models: ['small-model', 'large-model'],
    colorScheme: scheme,
  });

  it('the consent window has no serious or critical axe violation', async () => {
    f.provider.script({ deltas: ['ok'] });
    const call = f.page.evaluate(promptOnce, 'hello');
    const window = await waitForConsentWindow(f.browser, 15_000, call);
    // The theme under test is the one the page shows, or the contrast checks prove nothing.
    expect(await window.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches, undefined)).toBe(
      scheme === 'dark',
    );
    expect(await check(window, `${name} ${scheme}: consent window`, 'asks to use your AI model')).toEqual([]);
    await window.click('[data-decision=allow-once]').catch(() => {});
    expect(await call).toEqual({ text: 'ok' });
  });

  it('the popup has no serious or critical axe violation', async () => {
    const popup = await f.browser.openExtensionPage('popup.html');
    expect(await check(popup, `${name} ${scheme}: popup`, 'Default model')).toEqual([]);
    await popup.close();
  });

  it.each([
    ['setup', 'Default model'],
    ['sites', 'Recent requests'],
    ['limits', 'Spending limits'],
  ])('the options page’s %s tab has no serious or critical axe violation', async (tab, ready) => {
    const options = await f.browser.openExtensionPage(`options.html#${tab}`);
    expect(await check(options, `${name} ${scheme}: options #${tab}`, ready)).toEqual([]);
    await options.close();
  });

  it('the usage tab, with sites and a chart, has no serious or critical axe violation', async () => {
    const options = await f.browser.openExtensionPage('options.html#usage');
    await seedLedger(options, { records: 60, sites: 4, days: 20 });
    await options.click('[data-testid=usage-refresh]');
    await options.waitForText('[data-testid=usage-sites]', /site-03\.example/);
    expect(await check(options, `${name} ${scheme}: options #usage`, 'Daily cost')).toEqual([]);
    await options.close();
  });
});
