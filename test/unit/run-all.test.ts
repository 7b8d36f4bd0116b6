import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** test/run-all.mjs as `npm test` runs it, on the fixture config: its exit code and closing line. */
function runAll(fixtures: string): Promise<{ code: number | null; closing: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['test/run-all.mjs', '--config', 'test/runner-fixtures/vitest.config.ts'], {
      cwd: root,
      env: { ...process.env, FIXTURES: fixtures },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, closing: out.trimEnd().split('\n').at(-1) ?? '' }));
  });
}

// The fixtures live in test/runner-fixtures/ as *.fixture.ts, outside every project's globs.
describe('the test runner (test/run-all.mjs)', () => {
  it('exits 0 and counts the tests when every file passes', async () => {
    expect(await runAll('passes')).toEqual({ code: 0, closing: '2 passed, 0 failed' });
  }, 60_000);

  it('exits non-zero and names a file that fails to load, though no test failed', async () => {
    const { code, closing } = await runAll('passes,fails-to-load');
    expect(code).not.toBe(0);
    expect(closing).toBe('2 passed, 0 failed; 1 file failed to load: test/runner-fixtures/fails-to-load.fixture.ts');
  }, 60_000);

  it('exits non-zero and counts an unhandled rejection, though every test passed', async () => {
    const { code, closing } = await runAll('unhandled');
    expect(code).not.toBe(0);
    expect(closing).toBe('1 passed, 0 failed; 1 unhandled error: rejected outside any test');
  }, 60_000);

  it('exits non-zero and names the file of a failed test', async () => {
    const { code, closing } = await runAll('fails');
    expect(code).not.toBe(0);
    expect(closing).toBe('0 passed, 1 failed (in test/runner-fixtures/fails.fixture.ts)');
  }, 60_000);
});
