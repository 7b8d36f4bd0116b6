// Mutation testing of the worker's trust boundary, on the unit tests only (the e2e tests need
// built extensions and real browsers). Run one folder at a time with --mutate; see bench/README.md.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';

const tempDirName = 'test-results/mutation/.tmp';
// The provider test server reads its contract from the repository's sibling `shared/` by a
// relative path (test/servers/openai-contract.ts). A sandbox sits inside tempDirName, so that
// directory gets the same sibling; without it every test file that starts the server fails
// to load, and Stryker counts its tests as never run.
const shared = resolve('..', 'shared');
const sandboxSibling = resolve(tempDirName, 'shared');
if (existsSync(shared) && !existsSync(sandboxSibling)) {
  mkdirSync(tempDirName, { recursive: true });
  symlinkSync(shared, sandboxSibling, 'dir');
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.unit.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['lib/gateway/**/*.ts', 'lib/ledger/**/*.ts', 'lib/permissions/**/*.ts', 'lib/bridge/**/*.ts', 'lib/ui-service/**/*.ts'],
  coverageAnalysis: 'perTest',
  // The machine's cores are shared; one test process at a time.
  concurrency: 1,
  timeoutMS: 10_000,
  ignorePatterns: ['.output', 'test-results', 'bench/results', '.cache', 'scratch'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-results/mutation/index.html' },
  jsonReporter: { fileName: 'test-results/mutation/report.json' },
  tempDirName,
  cleanTempDir: 'always',
  incremental: false,
};
