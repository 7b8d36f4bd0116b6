import type { Plugin } from 'vite';
import { minify } from 'terser';

// WXT wraps every content script in a start-up logger and a plugin loader, and an isolated one
// also in a context object that dispatches a "started" event (naming the extension's id) into
// every page and brings the webextension polyfill. Ours use none of it, and every frame of every
// page pays its bytes at load: the MAIN-world script against its 4 KB budget, both scripts
// against the 0.3 ms a frame of docs/architecture.md.
const WRAPPERS = [
  '\0virtual:wxt-content-script-main-world-entrypoint?',
  '\0virtual:wxt-content-script-isolated-world-entrypoint?',
  // The bridge's call code (entrypoints/bridge-calls.ts), the one unlisted script, loaded by the bridge.
  '\0virtual:wxt-unlisted-script-entrypoint?',
];
const wrapped = (id: string | null | undefined) => WRAPPERS.find((prefix) => id?.startsWith(prefix));

/**
 * Builds each content script from its own definition alone (`main()` runs, nothing else), then
 * minifies it once more with terser's slower passes, which the bundler's own minifier leaves
 * about 100 bytes gzipped behind. unsafe_methods is safe here: no method of ours is a constructor. A changed WXT shows up in the package test, which weighs the
 * page script and reads the bridge for what must not be in it.
 */
export const bareContentScripts: Plugin = {
  name: 'bare-main-world-scripts',
  enforce: 'pre',
  apply: 'build',
  load(id) {
    const prefix = wrapped(id);
    if (!prefix) return null;
    return `import definition from ${JSON.stringify(id.slice(prefix.length))};\ndefinition.main();\n`;
  },
  async generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || !wrapped(chunk.facadeModuleId)) continue;
      const { code } = await minify(chunk.code, {
        ecma: 2020,
        compress: { passes: 3, hoist_funs: true, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
        mangle: true,
        format: { wrap_func_args: false },
      });
      chunk.code = code!;
    }
  },
};
