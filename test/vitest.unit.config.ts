import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The unit project on its own: the main config lists it, and mutation testing runs only it. */
export default defineConfig({
  // vitest 3 carries its own copy of vite 7's types; WXT's plugin is typed for vite 8 and
  // works with both at run time.
  plugins: [WxtVitest() as never],
  test: {
    name: 'unit',
    root,
    include: ['test/unit/**/*.test.ts'],
    setupFiles: ['test/unit/setup.ts'],
    environment: 'node',
  },
});
