import { z } from 'zod';
import type { OnDeviceModel } from './catalog';

/**
 * Models live in the origin-private file system: one `<id>.gguf` and one `<id>.json` each.
 * The JSON says where the file came from and whether it is whole, so a cut download resumes.
 */
const StoredMeta = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  licence: z.string(),
  totalBytes: z.number().nullable(),
  complete: z.boolean(),
});
export type StoredMeta = z.infer<typeof StoredMeta>;

export interface StoredModel extends StoredMeta {
  storedBytes: number;
}

const DIRECTORY = 'on-device-models';

export const modelsDirectory = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle(DIRECTORY, { create: true });

export async function modelFile(id: string): Promise<FileSystemFileHandle> {
  return (await modelsDirectory()).getFileHandle(`${id}.gguf`, { create: true });
}

export async function readMeta(id: string): Promise<StoredMeta | null> {
  try {
    const file = await (await (await modelsDirectory()).getFileHandle(`${id}.json`)).getFile();
    return StoredMeta.parse(JSON.parse(await file.text()));
  } catch {
    return null;
  }
}

export async function writeMeta(meta: StoredMeta): Promise<void> {
  const writable = await (
    await (await modelsDirectory()).getFileHandle(`${meta.id}.json`, { create: true })
  ).createWritable();
  await writable.write(JSON.stringify(meta));
  await writable.close();
}

/** The model a stored file came from, as the catalog lists it. */
export const modelOfMeta = (meta: StoredMeta): OnDeviceModel => ({
  id: meta.id,
  name: meta.name,
  url: meta.url,
  bytes: meta.totalBytes,
  licence: meta.licence,
});

export const metaFor = (model: OnDeviceModel, totalBytes: number | null, complete: boolean): StoredMeta => ({
  id: model.id,
  name: model.name,
  url: model.url,
  licence: model.licence,
  totalBytes,
  complete,
});

export async function listStored(): Promise<StoredModel[]> {
  const directory = await modelsDirectory();
  const found: StoredModel[] = [];
  for await (const name of (directory as unknown as { keys(): AsyncIterable<string> }).keys()) {
    if (!name.endsWith('.json')) continue;
    const meta = await readMeta(name.slice(0, -'.json'.length));
    if (!meta) continue;
    const storedBytes = await directory
      .getFileHandle(`${meta.id}.gguf`)
      .then((h) => h.getFile())
      .then(
        (f) => f.size,
        () => 0,
      );
    found.push({ ...meta, storedBytes });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export async function isComplete(id: string): Promise<boolean> {
  return (await readMeta(id))?.complete === true;
}

/** Removes the file and its record; the space is free once this resolves. */
export async function deleteStored(id: string): Promise<void> {
  const directory = await modelsDirectory();
  for (const name of [`${id}.gguf`, `${id}.json`]) await directory.removeEntry(name).catch(() => undefined);
}
