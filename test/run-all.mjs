// Runs every vitest project (or the config given with --config), then prints one plain closing
// line that counts everything that can go wrong, not only failed tests:
//   "912 passed, 0 failed"
//   "2 passed, 0 failed; 1 file failed to load: test/unit/x.test.ts"
// and exits non-zero whenever anything failed, whatever vitest's own exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const config = args.includes('--config') ? [] : ['--config', 'test/vitest.config.ts'];
const dir = mkdtempSync(join(tmpdir(), 'run-all-'));
const summaryFile = join(dir, 'summary.json');
const reporter = new URL('./summary-reporter.mjs', import.meta.url).pathname;
const run = spawnSync('npx', ['vitest', 'run', ...config, '--reporter=default', `--reporter=${reporter}`, ...args], {
  stdio: 'inherit',
  env: { ...process.env, RUN_SUMMARY_FILE: summaryFile },
});

let summary;
try {
  summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
} catch {}
rmSync(dir, { recursive: true, force: true });

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const names = (list) => list.map((x) => x.file ?? x.suite ?? x).join(', ');

/** The closing line, and whether the run failed by its own count. */
function closingLine(s) {
  const parts = [
    `${s.passed} passed, ${s.failed} failed` +
      (s.skipped ? `, ${s.skipped} skipped` : '') +
      (s.failed ? ` (in ${names(s.failedTestFiles)})` : ''),
  ];
  if (s.unloadedFiles.length)
    parts.push(`${plural(s.unloadedFiles.length, 'file', 'files')} failed to load: ${names(s.unloadedFiles)}`);
  if (s.failedFiles.length)
    parts.push(`${plural(s.failedFiles.length, 'file', 'files')} failed outside its tests: ${names(s.failedFiles)}`);
  if (s.failedSuites.length)
    parts.push(`${plural(s.failedSuites.length, 'suite', 'suites')} failed in a hook: ${names(s.failedSuites)}`);
  if (s.unhandledErrors.length)
    parts.push(
      `${plural(s.unhandledErrors.length, 'unhandled error', 'unhandled errors')}: ${s.unhandledErrors.join(' | ').slice(0, 300)}`,
    );
  if (s.reason === 'interrupted') parts.push('the run was interrupted');
  if (s.passed + s.failed === 0 && parts.length === 1) parts.push('no test ran');
  return { line: parts.join('; '), failed: parts.length > 1 || s.failed > 0 };
}

if (!summary) {
  console.log(`\nno test results were written (vitest exited with ${run.status ?? run.signal})`);
  process.exit(1);
}
const { line, failed } = closingLine(summary);
// vitest failing for a reason the summary does not name is still a failure, and says so.
console.log(`\n${line}${!failed && run.status !== 0 ? `; vitest exited with ${run.status ?? run.signal}` : ''}`);
process.exit(failed || run.status !== 0 ? run.status || 1 : 0);
