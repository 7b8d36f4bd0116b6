import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The built extension; the test command builds it before running the suites. */
export function builtExtension(browser: 'chromium' | 'firefox'): string {
  const dir = `${repoRoot}.output/${browser === 'chromium' ? 'chrome' : 'firefox'}-mv3`;
  if (!existsSync(`${dir}/manifest.json`)) throw new Error(`No built extension at ${dir}: run npm run build first.`);
  return dir;
}

export function browserBinary(browser: 'chromium' | 'firefox'): string {
  const path = browser === 'chromium' ? '/usr/bin/chromium' : '/usr/bin/firefox-esr';
  if (!existsSync(path)) throw new Error(`${path} is missing: install it with bash .ci/install-browsers`);
  return path;
}
