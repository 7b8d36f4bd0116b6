// Runs every vitest project, then prints one plain closing line ("N passed, N failed") that any
// CI reader understands, keeping vitest's exit code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const out = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'test/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let summary = 'no test results were written';
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests + r.numTodoTests > 0 ? `, ${r.numPendingTests + r.numTodoTests} skipped` : '');
} catch {}
console.log(`\n${summary}`);
process.exit(run.status ?? 1);
