// Mutation testing of the worker's trust boundary, on the unit tests only (the e2e tests need
// built extensions and real browsers). Run one folder at a time with --mutate; see bench/README.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.unit.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'lib/gateway/**/*.ts',
    'lib/ledger/**/*.ts',
    'lib/permissions/**/*.ts',
    'lib/bridge/**/*.ts',
    'lib/ui-service/**/*.ts',
  ],
  coverageAnalysis: 'perTest',
  // The machine's cores are shared; one test process at a time.
  concurrency: 1,
  timeoutMS: 10_000,
  ignorePatterns: ['.output', 'test-results', 'bench/results', '.cache', 'scratch'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-results/mutation/index.html' },
  jsonReporter: { fileName: 'test-results/mutation/report.json' },
  tempDirName: 'test-results/mutation/.tmp',
  cleanTempDir: 'always',
  incremental: false,
};
