import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The runner test's own config: FIXTURES (comma-separated names) picks which fixture files run. */
const files = (process.env.FIXTURES ?? 'passes').split(',').map((name) => `${name}.fixture.ts`);

export default defineConfig({
  test: { root: fileURLToPath(new URL('.', import.meta.url)), include: files, environment: 'node' },
});
