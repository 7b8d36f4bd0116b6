import { build } from 'esbuild';

/**
 * A module and what it imports of the extension's code, bundled into one script to run in an
 * extension page (TestPage.runScript, or Playwright's evaluate), which shares the worker's
 * IndexedDB: the bench's ledger probe and the e2e ledger seeding both load this way.
 */
export async function bundleForPage(entry: URL): Promise<string> {
  const out = await build({
    entryPoints: [entry.pathname],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2022',
  });
  return out.outputFiles[0]!.text;
}
