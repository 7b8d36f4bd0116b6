import type { Plugin } from 'vite';
import { minify } from 'terser';

// WXT wraps every MAIN-world content script in a start-up logger and a plugin loader. Ours
// use neither, and on every page load those bytes count against the page script's 4 KB budget.
const WRAPPER = '\0virtual:wxt-content-script-main-world-entrypoint?';

/**
 * Builds a MAIN-world content script from its own definition alone (`main()` runs, nothing
 * else), then minifies it once more with terser's slower passes, which the bundler's own
 * minifier leaves about 100 bytes gzipped behind. A changed WXT shows up in the package test,
 * which weighs the page script.
 */
export const bareMainWorldScripts: Plugin = {
  name: 'bare-main-world-scripts',
  enforce: 'pre',
  apply: 'build',
  load(id) {
    if (!id.startsWith(WRAPPER)) return null;
    return `import definition from ${JSON.stringify(id.slice(WRAPPER.length))};\ndefinition.main();\n`;
  },
  async generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || !chunk.facadeModuleId?.startsWith(WRAPPER)) continue;
      const { code } = await minify(chunk.code, { ecma: 2020, compress: { passes: 3, hoist_funs: true, unsafe_arrows: true, pure_getters: true }, mangle: true });
      chunk.code = code!;
    }
  },
};
