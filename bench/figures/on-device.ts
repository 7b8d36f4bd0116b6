import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../../test/e2e/harness/chromium';
import { downloadOnDeviceThroughOptions, setSiteAccessThroughPopup } from '../../test/e2e/harness/configure';
import { readLedger } from '../../test/e2e/harness/ledger';
import { builtExtension } from '../../test/e2e/harness/paths';
import { buildTinyLlama } from '../../test/fixtures/gguf/tiny-llama';
import { startModelHub } from '../../test/servers/model-hub';
import { alternate, figure, type Figure } from '../lib/stats';

const wllamaEsm = createRequire(import.meta.url).resolve('@wllama/wllama/esm/index.js');
const PROMPT = 'hello the model';

/** wllama itself in a plain page: the same engine, model and prompt, with no extension between. */
const BASELINE_PAGE = `<!doctype html><meta charset="utf-8"><title>wllama alone</title><script type="module">
import { Wllama } from './wllama.js';
globalThis.loadEngine = async (modelUrl) => {
  const w = new Wllama({ default: './wllama.wasm' }, { logger: { debug() {}, log() {}, warn() {}, error: console.error } });
  w.setCompat(null);
  await w.loadModel([await (await fetch(modelUrl)).blob()], { n_ctx: 4096 });
  globalThis.generate = async (prompt) => {
    const started = performance.now();
    let usage;
    const chunks = await w.createChatCompletion({ messages: [{ role: 'user', content: prompt }], stream: true, max_tokens: 512, stream_options: { include_usage: true } });
    for await (const c of chunks) usage = c.usage ?? usage;
    return { tokens: usage.completion_tokens, ms: performance.now() - started };
  };
};
</script>`;

async function serveBaseline(): Promise<{ origin: string; close(): Promise<void> }> {
  const files: Record<string, [string, Buffer | string]> = {
    '/': ['text/html', BASELINE_PAGE],
    '/wllama.js': ['text/javascript', readFileSync(wllamaEsm)],
    '/wllama.wasm': ['application/wasm', readFileSync(join(dirname(wllamaEsm), 'wasm', 'wllama.wasm'))],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? '/'];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * Tokens per second of the tiny test model: through the extension (a page's promptStreaming,
 * the worker, the offscreen engine) against wllama alone in a plain page, alternating rounds.
 * The token count is the engine's own, from the usage record on the extension's side.
 */
export async function measureOnDevice(
  plain: BrowserContext,
  rounds: number,
): Promise<{ figures: Figure[]; detail: Record<string, number> }> {
  const hub = await startModelHub({ file: buildTinyLlama(), pauseMs: 0 });
  const baselineSite = await serveBaseline();
  const browser = await launchChromium();
  try {
    // A fresh profile's first run: the on-device model becomes the only and default model.
    await downloadOnDeviceThroughOptions(browser, hub.url);
    await setSiteAccessThroughPopup(browser, baselineSite.origin, 'allow-always');
    const page = await browser.newPage();
    await page.goto(`${baselineSite.origin}/`);
    const base = await plain.newPage();
    await base.goto(`${baselineSite.origin}/`);
    await base.evaluate((url) => (globalThis as any).loadEngine(url), hub.url);

    const viaExtension = async () => {
      const ms = await page.evaluate(async (prompt) => {
        const session = await (globalThis as any).LanguageModel.create();
        const started = performance.now();
        for await (const _ of session.promptStreaming(prompt));
        return performance.now() - started;
      }, PROMPT);
      const row = (await readLedger(browser)).usage.at(-1)!;
      return (row.outputTokens * 1000) / ms;
    };
    const alone = async () => {
      const { tokens, ms } = await base.evaluate((prompt) => (globalThis as any).generate(prompt), PROMPT);
      return (tokens * 1000) / ms;
    };
    await viaExtension(); // loads the model in the engine's page, as a first call does
    await alone();
    const { base: baseline, subject } = await alternate(rounds, alone, viaExtension);
    const pkg = ['wllama/wllama.wasm', 'wllama/worker.js'].reduce(
      (sum, f) => sum + readFileSync(join(builtExtension('chromium'), f)).length,
      0,
    );
    return {
      figures: [
        figure(
          'On-device tiny model (2 layers, 64 wide) generation rate',
          'tokens/s',
          subject,
          baseline,
          'wllama alone',
          {
            note: 'higher is better; ratio = extension / wllama in a plain page; tokens counted by the engine',
          },
        ),
      ],
      detail: { engineFilesBytes: pkg },
    };
  } finally {
    await browser.close();
    await baselineSite.close();
    await hub.close();
  }
}
