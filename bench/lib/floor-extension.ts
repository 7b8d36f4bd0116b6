import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GLOBAL_NAMES } from '../../lib/page-api/install';

/**
 * What a frame would pay for content scripts that do less than ours, measured in the same run
 * as ours, so the per-frame budget can be read against what this browser lets any script cost:
 * - `empty`: the same two content scripts (isolated world and MAIN world, every frame, at
 *   document_start), each a file that runs nothing (one empty statement);
 * - `globals`: the MAIN-world script alone, doing the least that puts the page API's nine
 *   globals on the window (a getter each, the browser's own interfaces deleted first so none is
 *   built), with no isolated-world script at all.
 * The files keep our scripts' names, so the trace counts them as it counts ours.
 */
export type FloorKind = 'empty' | 'globals';

const ALL_SITES = ['http://*/*', 'https://*/*'];

function leastGlobalsScript(): string {
  const getters = GLOBAL_NAMES.map((name, i) => `${name}:{get(){return s()[${i}]},configurable:!0}`).join(',');
  const deletes = GLOBAL_NAMES.map((name) => `delete window.${name};`).join('');
  return `var g,s=()=>g??=[];${deletes}Object.defineProperties(window,{${getters}});\n`;
}

/** Writes the floor extension of `kind` to a new folder and returns its path. */
export function writeFloorExtension(kind: FloorKind): string {
  const dir = mkdtempSync(join(tmpdir(), `own-model-bench-floor-${kind}-`));
  mkdirSync(join(dir, 'content-scripts'));
  const main = { matches: ALL_SITES, all_frames: true, run_at: 'document_start', world: 'MAIN' };
  const isolated = { matches: ALL_SITES, all_frames: true, run_at: 'document_start' };
  const scripts =
    kind === 'empty'
      ? [
          { ...isolated, js: ['content-scripts/bridge.js'] },
          { ...main, js: ['content-scripts/inpage.js'] },
        ]
      : [{ ...main, js: ['content-scripts/inpage.js'] }];
  writeFileSync(join(dir, 'content-scripts/bridge.js'), ';\n');
  writeFileSync(join(dir, 'content-scripts/inpage.js'), kind === 'empty' ? ';\n' : leastGlobalsScript());
  const manifest = { manifest_version: 3, name: `Bench floor (${kind})`, version: '1.0', content_scripts: scripts };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}
