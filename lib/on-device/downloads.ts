import type { OnDeviceModel } from './catalog';
import { runEngineJob } from './client';
import type { Progress } from './download';

export interface DownloadState extends Progress {
  running: boolean;
  error: string | null;
}

interface Active {
  model: OnDeviceModel;
  state: DownloadState;
  controller: AbortController;
  done: Promise<void>;
  listeners: Set<(state: DownloadState) => void>;
}

/** Downloads this worker started, by model id: one each, however many pages and tabs ask. */
const downloads = new Map<string, Active>();

function publish(active: Active, patch: Partial<DownloadState>) {
  active.state = { ...active.state, ...patch };
  for (const listener of active.listeners) listener(active.state);
}

/** Starts the model's download in the engine's page, or joins the one under way; resolves once the file is whole. */
export function startDownload(model: OnDeviceModel): Promise<void> {
  const current = downloads.get(model.id);
  if (current?.state.running) return current.done;
  const active: Active = {
    model,
    state: { loaded: 0, total: model.bytes, running: true, error: null },
    controller: new AbortController(),
    done: Promise.resolve(),
    listeners: current?.listeners ?? new Set(),
  };
  downloads.set(model.id, active);
  active.done = runEngineJob(
    { type: 'download', model },
    (reply) => {
      if (reply.type === 'progress') publish(active, { loaded: reply.loaded, total: reply.total });
    },
    active.controller.signal,
  ).then(
    () => publish(active, { running: false }),
    (error: unknown) => {
      const stopped = active.controller.signal.aborted;
      publish(active, {
        running: false,
        error: stopped ? 'The download was cancelled.' : error instanceof Error ? error.message : String(error),
      });
      throw error;
    },
  );
  // Callers that only start it need not handle its failure; the state records it.
  active.done.catch(() => undefined);
  return active.done;
}

/** The models being downloaded, or whose last download failed: a custom URL is listed from its first byte. */
export const downloadingModels = (): OnDeviceModel[] => [...downloads.values()].map((a) => a.model);

export const downloadState = (id: string): DownloadState | null => downloads.get(id)?.state ?? null;

export function cancelDownload(id: string): void {
  downloads.get(id)?.controller.abort(new DOMException('The download was cancelled.', 'AbortError'));
}

/** Calls back on every change of the model's download until the returned function is called. */
export function watchDownload(id: string, listener: (state: DownloadState) => void): () => void {
  const active = downloads.get(id);
  if (!active) return () => undefined;
  active.listeners.add(listener);
  return () => active.listeners.delete(listener);
}

export function forgetDownload(id: string): void {
  if (!downloads.get(id)?.state.running) downloads.delete(id);
}
