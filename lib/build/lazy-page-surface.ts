import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rollup } from 'vite';

const ID = 'virtual:lazy-page-surface';
const SURFACE = fileURLToPath(new URL('../page-api/surface.ts', import.meta.url));
const PLATFORM = fileURLToPath(new URL('../page-api/platform.ts', import.meta.url));

// In the page script the platform is always handed in: platform.ts's own capture, there for
// unit tests, would be a second copy of primordials.ts in the page's 4 KB.
const platformHandedIn: Plugin = {
  name: 'page-platform-handed-in',
  load: (id) => (id === PLATFORM ? 'export const primordials = PAGE_PRIMORDIALS;' : null),
};

/**
 * `virtual:lazy-page-surface` exports a function that builds the page API's classes on its
 * first call. The surface is bundled apart, as one plain function body: the page script then
 * only parses it at document_start (V8 pre-parses a function it does not call), and a frame
 * that never touches the API never runs it. A bundler's own lazy modules (a `require`) did the
 * same with wrappers per module that cost the page script some 500 bytes of its 4 KB.
 */
export const lazyPageSurface: Plugin = {
  name: 'lazy-page-surface',
  enforce: 'pre',
  resolveId: (id) => (id === ID ? `\0${ID}` : null),
  async load(id) {
    if (id !== `\0${ID}`) return null;
    const out = (await build({
      configFile: false,
      logLevel: 'silent',
      plugins: [platformHandedIn],
      build: { write: false, minify: false, lib: { entry: SURFACE, formats: ['es'] } },
    })) as Rollup.RollupOutput[] | Rollup.RollupOutput;
    const code = (Array.isArray(out) ? out[0]! : out).output[0].code;
    // The module's closing `export { a as Name, b }` becomes the function's `return { Name: a, b }`.
    const exports = /\bexport\s*\{([^}]*)\};?\s*$/.exec(code);
    if (!exports) throw new Error('lazy-page-surface: the surface bundle does not end in one export list');
    const fields = exports[1]!.split(',').map((s) => s.trim().split(/\s+as\s+/));
    // A default export alone is returned as it is.
    const value =
      fields.length === 1 && fields[0]![1] === 'default'
        ? fields[0]![0]
        : `{ ${fields.map(([local, name]) => `${name ?? local}: ${local}`).join(', ')} }`;
    // PAGE_PRIMORDIALS: what install.ts took of the platform at document_start (primordials.ts).
    return `export default (PAGE_PRIMORDIALS) => {\n${code.slice(0, exports.index)}\nreturn ${value};\n};\n`;
  },
};
