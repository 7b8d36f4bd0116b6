/**
 * Build-time only (imported by wxt.config.ts). wllama starts llama.cpp's worker from a blob: URL
 * it assembles at run time; extension pages may not run blob: workers in Firefox, and a store
 * reviewer cannot read code assembled at run time. So the build writes the same worker as a file
 * of the extension, and points wllama at it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const esmEntry = createRequire(import.meta.url).resolve('@wllama/wllama/esm/index.js');
const packageRoot = join(dirname(esmEntry), '..');

export const WORKER_PATH = 'wllama/worker.js';

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null)
    throw new Error(`@wllama/wllama changed: ${what} not found; update lib/build/wllama.ts`);
  return value;
}

/** The worker wllama would have made, with its run options read from the worker URL's fragment. */
function workerSource(): string {
  const generated = readFileSync(join(packageRoot, 'src/workers-code/generated.ts'), 'utf8');
  const literal = (name: string) =>
    JSON.parse(must(new RegExp(`export const ${name} = ("(?:[^"\\\\]|\\\\.)*");`).exec(generated), name)[1]!) as string;
  const jspiStub = must(/var JSPI_STUB = `([^`$\\]*)`;/.exec(readFileSync(esmEntry, 'utf8')), 'JSPI_STUB')[1]!;
  const moduleCode = (jspiStub + literal('WLLAMA_EMSCRIPTEN_CODE')).replace('var Module', 'var ___Module');
  const noGpu =
    'try{Object.defineProperty(WorkerNavigator.prototype,"gpu",{get:()=>({requestAdapter:async()=>null})});}catch(e){}';
  return [
    'const RUN_OPTIONS = JSON.parse(decodeURIComponent(self.location.hash.slice(1)));',
    `if (RUN_OPTIONS.noWebGPU) { ${noGpu} }`,
    `function wModuleInit() { ${moduleCode}; return Module; }`,
    literal('LLAMA_CPP_WORKER_CODE'),
  ].join(';\n\n');
}

/** Files the extension ships for the engine: the wasm build of llama.cpp and its worker. */
export function wllamaAssets() {
  return [
    { absoluteSrc: join(dirname(esmEntry), 'wasm', 'wllama.wasm'), relativeDest: 'wllama/wllama.wasm' },
    { contents: workerSource(), relativeDest: WORKER_PATH },
  ];
}

const BLOB_WORKER = 'this.worker = createWorker(completeCode);';
const FILE_WORKER = `this.worker = new Worker("/${WORKER_PATH}#" + encodeURIComponent(JSON.stringify(Object.assign({}, runOptions, { noWebGPU: !!this.resources.noWebGPU }))), { type: "module" });`;

/** Makes wllama start the shipped worker file instead of a blob. */
export const wllamaWorkerFromFile: Plugin = {
  name: 'wllama-worker-from-file',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]@wllama[\\/]wllama[\\/]esm[\\/]index\.js$/.test(id)) return null;
    must(code.includes(BLOB_WORKER) || null, 'the worker start');
    return code.replace(BLOB_WORKER, FILE_WORKER);
  },
};
