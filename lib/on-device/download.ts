import type { OnDeviceModel } from './catalog';
import { metaFor, modelFile, readMeta, writeMeta } from './storage';

export interface Progress {
  loaded: number;
  total: number | null;
}

const RETRIES = 4;
const PROGRESS_EVERY_MS = 100;
const GGUF_MAGIC = 'GGUF';

/** `permanent`: trying again cannot help (a refusal, or a file that is not a model). */
export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** Where a response's bytes start, and the file's whole size, from a 200 or a 206. */
function rangeOf(response: Response, asked: number): { start: number; total: number | null } {
  if (response.status === 200) {
    const length = Number(response.headers.get('content-length'));
    return { start: 0, total: Number.isFinite(length) && length > 0 ? length : null };
  }
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
  if (!match || Number(match[1]) !== asked)
    throw new DownloadError(
      `The server sent bytes from an unexpected place (${response.headers.get('content-range')}).`,
    );
  return { start: asked, total: match[2] === '*' ? null : Number(match[2]) };
}

async function storedSize(model: OnDeviceModel): Promise<number> {
  const meta = await readMeta(model.id);
  // A file from another URL under the same id is not ours to continue.
  if (meta && meta.url !== model.url) return 0;
  return (await (await modelFile(model.id)).getFile()).size;
}

async function checkMagic(handle: FileSystemFileHandle): Promise<void> {
  const head = await (await handle.getFile()).slice(0, 4).text();
  if (head !== GGUF_MAGIC)
    throw new DownloadError('The file is not a GGUF model (it does not start with "GGUF").', true);
}

/**
 * One pass: asks for the bytes after what is stored, and appends them. Data written before a
 * cut stays, because the writable is closed (committed) rather than aborted.
 */
async function fetchRest(
  model: OnDeviceModel,
  have: number,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<Progress> {
  const response = await fetch(model.url, {
    headers: have > 0 ? { range: `bytes=${have}-` } : {},
    signal,
    cache: 'no-store',
    credentials: 'omit',
  });
  if (response.status === 416 && have > 0) return { loaded: have, total: have };
  if (response.status !== 200 && response.status !== 206)
    throw new DownloadError(
      `The model server answered ${response.status} ${response.statusText}`.trim() + '.',
      response.status < 500,
    );
  const { start, total } = rangeOf(response, have);
  await writeMeta(metaFor(model, total, false));
  const handle = await modelFile(model.id);
  const writable = await handle.createWritable({ keepExistingData: start > 0 });
  let loaded = start;
  let reported = 0;
  try {
    await writable.truncate(start);
    await writable.seek(start);
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await writable.write(value);
      loaded += value.byteLength;
      if (Date.now() - reported >= PROGRESS_EVERY_MS) {
        reported = Date.now();
        onProgress({ loaded, total });
      }
    }
  } finally {
    await writable.close();
  }
  return { loaded, total };
}

/**
 * Downloads a model into storage, resuming from what an earlier, interrupted download left.
 * A connection cut mid-way is retried from where it stopped, a few times with a growing pause.
 */
export async function downloadModel(
  model: OnDeviceModel,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<Progress> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    signal.throwIfAborted();
    const have = await storedSize(model);
    try {
      const result = await fetchRest(model, have, onProgress, signal);
      if (result.total !== null && result.loaded < result.total)
        throw new DownloadError(`The connection closed at ${result.loaded} of ${result.total} bytes.`);
      const handle = await modelFile(model.id);
      await checkMagic(handle);
      const done = { loaded: result.loaded, total: result.loaded };
      await writeMeta(metaFor(model, result.loaded, true));
      onProgress(done);
      return done;
    } catch (error) {
      if (signal.aborted || (error instanceof DownloadError && error.permanent)) throw error;
      lastError = error;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
  throw lastError instanceof Error ? lastError : new DownloadError(String(lastError));
}
