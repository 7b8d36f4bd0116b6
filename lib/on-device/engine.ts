import type { Wllama } from '@wllama/wllama/esm/index.js';
import { browser } from 'wxt/browser';
import { chatText, type ChatBody } from './host-protocol';
import { isComplete, modelFile } from './storage';
import { engineSupported } from './support';
import { ON_DEVICE_CONTEXT_TOKENS } from '../catalog/engine-windows';

const DEFAULT_MAX_TOKENS = 512;

export class EngineError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The engine's recent log lines: a failed load names its cause from them. */
const recentLog: string[] = [];
const remember =
  (level: string) =>
  (...parts: unknown[]) => {
    recentLog.push(`${level} ${parts.map(String).join(' ')}`);
    if (recentLog.length > 40) recentLog.shift();
  };
const logger = { debug() {}, log: remember('log'), warn: remember('warn'), error: remember('error') };

/** Copied into the build by wxt.config.ts, so it is not among WXT's known public paths. */
const wasmUrl = () => (browser.runtime.getURL as (path: string) => string)('/wllama/wllama.wasm');

let loaded: { id: string; wllama: Wllama } | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** One job at a time, in order: the engine holds one model and one context. */
export function exclusive<T>(job: () => Promise<T>): Promise<T> {
  const result = queue.then(job, job);
  queue = result.catch(() => undefined);
  return result;
}

async function load(id: string): Promise<Wllama> {
  if (!engineSupported())
    throw new EngineError(
      'This browser cannot run the on-device model (it lacks WebAssembly JSPI). Update the browser, or choose another provider.',
      501,
    );
  if (!(await isComplete(id)))
    throw new EngineError(
      `The on-device model "${id}" is not downloaded. Download it on the options page, under On-device model.`,
      404,
    );
  await unload();
  // The engine's code loads only now, never at start-up.
  const { Wllama } = await import('@wllama/wllama/esm/index.js');
  const wllama = new Wllama({ default: wasmUrl() }, { logger });
  // The default compatibility mode fetches code from a CDN; an extension runs only its own code.
  wllama.setCompat(null);
  const file = await (await modelFile(id)).getFile();
  try {
    await wllama.loadModel([file], { n_ctx: ON_DEVICE_CONTEXT_TOKENS });
  } catch (error) {
    const cause = recentLog.findLast((line) => line.startsWith('error')) ?? String(error);
    throw new EngineError(
      `The on-device model "${id}" could not be loaded (${cause.slice(0, 300)}). The file may be damaged, or of an architecture this engine does not run: delete it and download it again, or choose another model.`,
      500,
    );
  }
  loaded = { id, wllama };
  return wllama;
}

/** Lets the model go, so its memory is freed and its file may be removed. */
export async function unload(): Promise<void> {
  const current = loaded;
  loaded = null;
  await current?.wllama.exit().catch(() => undefined);
}

/** The model's id in use, for `delete`: a loaded file must be let go before it is removed. */
export const loadedModelId = () => loaded?.id ?? null;

function paramsOf(body: ChatBody, signal: AbortSignal) {
  return {
    messages: body.messages.map((m) => ({ role: m.role, content: chatText(m.content) })),
    max_tokens: body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS,
    temperature: body.temperature,
    top_p: body.top_p,
    top_k: body.top_k,
    seed: body.seed,
    stop: typeof body.stop === 'string' ? [body.stop] : body.stop,
    response_format: body.response_format as never,
    abortSignal: signal,
  };
}

/** Runs one chat completion, streaming OpenAI-shaped chunks, or returning the whole response. */
export function runChat(body: ChatBody, onChunk: (chunk: unknown) => void, signal: AbortSignal): Promise<unknown> {
  return exclusive(async () => {
    signal.throwIfAborted();
    const wllama = loaded?.id === body.model ? loaded.wllama : await load(body.model);
    signal.throwIfAborted();
    const params = paramsOf(body, signal);
    try {
      if (!body.stream) return await wllama.createChatCompletion({ ...params, stream: false });
      // wllama sends the usage chunk only when asked, as OpenAI does; its types omit the option.
      const chunks = await wllama.createChatCompletion({
        ...params,
        stream: true,
        ...({ stream_options: body.stream_options } as object),
      });
      for await (const chunk of chunks) {
        signal.throwIfAborted();
        onChunk(chunk);
      }
      return undefined;
    } catch (error) {
      // A failure that is not a stop may leave the wasm engine broken: the next job loads afresh.
      if (!signal.aborted) await unload();
      throw error;
    }
  });
}
