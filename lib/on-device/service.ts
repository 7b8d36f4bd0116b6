import type { ModelDownload } from '../permissions/consent-queue';
import { updateSettings } from '../settings/store';
import { splitModelId } from '../settings/schema';
import { customModel, OFFERED_MODELS, ON_DEVICE_PROVIDER_ID, offeredModel, type OnDeviceModel } from './catalog';
import { runEngineJob } from './client';
import {
  cancelDownload,
  downloadingModels,
  downloadState,
  forgetDownload,
  startDownload,
  watchDownload,
  type DownloadState,
} from './downloads';
import { isComplete, listStored, modelOfMeta, readMeta } from './storage';

export const ON_DEVICE_LABEL = 'On-device (private, free)';
/** Where the offered models come from; the provider record needs a URL, and this is the honest one. */
const HUB = 'https://huggingface.co';

export interface OnDeviceEntry extends OnDeviceModel {
  storedBytes: number;
  complete: boolean;
  download: DownloadState | null;
}

export interface OnDeviceStatus {
  models: OnDeviceEntry[];
  storedBytes: number;
  /** What the browser lets this extension store, when it says. */
  quotaBytes: number | null;
}

export async function onDeviceStatus(): Promise<OnDeviceStatus> {
  const stored = await listStored();
  const byId = new Map(stored.map((s) => [s.id, s]));
  const custom = stored.filter((s) => !offeredModel(s.id)).map(modelOfMeta);
  for (const m of downloadingModels()) if (!offeredModel(m.id) && !byId.has(m.id)) custom.push(m);
  const models = [...OFFERED_MODELS, ...custom].map((m) => {
    const s = byId.get(m.id);
    return { ...m, storedBytes: s?.storedBytes ?? 0, complete: s?.complete ?? false, download: downloadState(m.id) };
  });
  const estimate = await navigator.storage.estimate().catch(() => null);
  return {
    models,
    storedBytes: stored.reduce((sum, s) => sum + s.storedBytes, 0),
    quotaBytes: estimate?.quota ?? null,
  };
}

/** The model behind an id: one we offer, or a custom URL that was stored before. */
export async function modelFor(id: string): Promise<OnDeviceModel | null> {
  const offered = offeredModel(id);
  if (offered) return offered;
  const meta = await readMeta(id);
  return meta && modelOfMeta(meta);
}

async function knownModel(id: string): Promise<OnDeviceModel> {
  const model = await modelFor(id);
  if (!model) throw new Error(`There is no on-device model "${id}".`);
  return model;
}

/** Adds the model to the on-device provider, creating it, and makes it the default if none is set. */
async function enableModel(id: string): Promise<void> {
  await updateSettings((current) => {
    const existing = current.providers.find((p) => p.id === ON_DEVICE_PROVIDER_ID);
    const provider = existing ?? {
      id: ON_DEVICE_PROVIDER_ID,
      kind: 'on-device' as const,
      label: ON_DEVICE_LABEL,
      baseURL: HUB,
      models: [],
    };
    const next = { ...provider, models: [...new Set([...provider.models, id])] };
    const providers = existing
      ? current.providers.map((p) => (p.id === next.id ? next : p))
      : [...current.providers, next];
    return { ...current, providers, defaultModel: current.defaultModel ?? `${ON_DEVICE_PROVIDER_ID}/${id}` };
  });
}

export type DownloadRequest = { id: string } | { url: string };

/** Starts a download and returns at once; progress shows in onDeviceStatus. */
export async function downloadOnDevice(request: DownloadRequest): Promise<OnDeviceStatus> {
  const model = 'url' in request ? await customModel(request.url) : await knownModel(request.id);
  // The model joins the provider at once: pages then see "downloading", as the Prompt API says.
  await enableModel(model.id);
  void startDownload(model);
  return onDeviceStatus();
}

export async function cancelOnDeviceDownload(id: string): Promise<OnDeviceStatus> {
  cancelDownload(id);
  return onDeviceStatus();
}

/** Frees the model's storage and takes it out of the provider, the default and the fallbacks. */
export async function deleteOnDeviceModel(id: string): Promise<OnDeviceStatus> {
  cancelDownload(id);
  await runEngineJob({ type: 'delete', id }, () => undefined);
  forgetDownload(id);
  const modelId = `${ON_DEVICE_PROVIDER_ID}/${id}`;
  await updateSettings((current) => ({
    ...current,
    providers: current.providers.map((p) =>
      p.id === ON_DEVICE_PROVIDER_ID ? { ...p, models: p.models.filter((m) => m !== id) } : p,
    ),
    defaultModel: current.defaultModel === modelId ? null : current.defaultModel,
    fallbackModels: current.fallbackModels.filter((m) => m !== modelId),
  }));
  return onDeviceStatus();
}

/** The Prompt API's answer for an on-device model: downloadable, downloading or available. */
export async function onDeviceAvailability(modelId: string): Promise<'downloadable' | 'downloading' | 'available'> {
  const { model } = splitModelId(modelId);
  if (downloadState(model)?.running) return 'downloading';
  return (await isComplete(model)) ? 'available' : 'downloadable';
}

/**
 * For a page's `create()`: starts the model's download, or joins the one under way, and reports
 * each step as a fraction of the file. Leaving early (the page aborted) does not stop it.
 */
export async function downloadForPage(
  id: string,
  onFraction: (fraction: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const model = await knownModel(id);
  const done = startDownload(model);
  const stop = watchDownload(model.id, ({ loaded, total }) => {
    if (total) onFraction(Math.min(loaded / total, 0.999));
  });
  try {
    await Promise.race([
      done,
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
    ]);
  } finally {
    stop();
  }
}

/** For the consent window: what a call on this model must download first, or null. */
export async function downloadNeeded(target: {
  provider: { kind: string };
  model: string;
}): Promise<ModelDownload | null> {
  if (target.provider.kind !== 'on-device' || (await isComplete(target.model))) return null;
  const model = await modelFor(target.model);
  return model && { bytes: model.bytes, host: new URL(model.url).host };
}
