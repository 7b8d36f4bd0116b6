// A vitest reporter that writes what the run's closing line needs to the JSON file named by
// RUN_SUMMARY_FILE: tests by state, files that failed to load or failed outside their tests,
// suites whose own hooks failed, and errors no test caught. vitest's JSON reporter leaves the
// last out (its `success` field ignores them), so test/run-all.mjs reads this instead.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default class SummaryReporter {
  onInit() {
    this.root = process.cwd();
  }

  onTestRunEnd(testModules, unhandledErrors, reason) {
    const summary = {
      reason,
      passed: 0,
      failed: 0,
      skipped: 0,
      failedTestFiles: [],
      unloadedFiles: [],
      failedFiles: [],
      failedSuites: [],
      unhandledErrors: [],
    };
    for (const module of testModules) {
      const file = relative(this.root, module.moduleId);
      let failedHere = false;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') summary.passed++;
        else if (state === 'failed') (summary.failed++, (failedHere = true));
        else summary.skipped++;
      }
      if (failedHere) summary.failedTestFiles.push(file);
      // A file's own errors: it did not load (no test was collected), or a file-level hook threw.
      if (module.errors().length > 0) {
        const collected = [...module.children.allTests()].length > 0;
        (collected ? summary.failedFiles : summary.unloadedFiles).push({ file, error: module.errors()[0].message });
      }
      for (const suite of module.children.allSuites()) {
        if (suite.errors().length > 0)
          summary.failedSuites.push({ suite: `${file} > ${suite.fullName}`, error: suite.errors()[0].message });
      }
    }
    summary.unhandledErrors = unhandledErrors.map((e) => e.message ?? String(e));
    writeFileSync(process.env.RUN_SUMMARY_FILE, JSON.stringify(summary));
  }
}
