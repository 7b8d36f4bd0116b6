import { browser } from 'wxt/browser';
import { ENGINE_PORT_NAME, type EngineJob, type EngineReply } from './host-protocol';

const ENGINE_PAGE = '/on-device-engine.html';
/** The engine's memory is given back this long after its last job. */
export const ENGINE_IDLE_MS = 5 * 60_000;

interface OffscreenApi {
  hasDocument(): Promise<boolean>;
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}

const offscreen = (globalThis as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen;

let starting: Promise<void> | null = null;
let frame: HTMLIFrameElement | null = null;
let running = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

async function startHost(): Promise<void> {
  if (offscreen) {
    if (await offscreen.hasDocument()) return;
    await offscreen.createDocument({
      url: ENGINE_PAGE,
      reasons: ['WORKERS'],
      justification: 'Runs the on-device model (llama.cpp compiled to WebAssembly) in a worker.',
    });
    return;
  }
  // Firefox: the background is a page, so the engine's page lives in a frame inside it.
  if (frame?.isConnected) return;
  const created = document.createElement('iframe');
  created.src = browser.runtime.getURL(ENGINE_PAGE);
  await new Promise<void>((resolve, reject) => {
    created.addEventListener('load', () => resolve(), { once: true });
    created.addEventListener('error', () => reject(new Error('The on-device engine page did not load.')), {
      once: true,
    });
    document.body.append(created);
  });
  frame = created;
}

function ensureHost(): Promise<void> {
  starting ??= startHost().finally(() => {
    starting = null;
  });
  return starting;
}

async function closeHost(): Promise<void> {
  if (offscreen) {
    if (await offscreen.hasDocument()) await offscreen.closeDocument();
  } else {
    frame?.remove();
    frame = null;
  }
}

function noteIdle() {
  clearTimeout(idleTimer);
  if (running === 0) idleTimer = setTimeout(() => void closeHost(), ENGINE_IDLE_MS);
}

/**
 * Runs one job in the engine's page, starting the page if it is not open. Every reply goes to
 * onReply; the promise settles on the job's last reply. Aborting the signal stops the job.
 */
export async function runEngineJob(
  job: EngineJob,
  onReply: (reply: EngineReply) => void,
  signal?: AbortSignal,
): Promise<void> {
  signal?.throwIfAborted();
  running++;
  clearTimeout(idleTimer);
  try {
    await ensureHost();
    const port = browser.runtime.connect({ name: ENGINE_PORT_NAME });
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        port.disconnect();
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (settle: () => void) => {
        signal?.removeEventListener('abort', onAbort);
        port.disconnect();
        settle();
      };
      port.onMessage.addListener((message) => {
        const reply = message as EngineReply;
        onReply(reply);
        if (reply.type === 'done' || reply.type === 'result') finish(resolve);
        else if (reply.type === 'error') finish(() => reject(new Error(reply.message)));
      });
      port.onDisconnect.addListener(() =>
        finish(() => reject(new Error('The on-device engine stopped before the job ended.'))),
      );
      port.postMessage(job);
    });
  } finally {
    running--;
    noteIdle();
  }
}
