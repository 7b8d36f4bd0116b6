import { z } from 'zod';

/** A GGUF the user may download: offered by us, or a URL the user gave. */
export interface OnDeviceModel {
  /** The model part of its model id, `on-device/<id>`. */
  id: string;
  name: string;
  url: string;
  /** Approximate download size, shown before the download; the server's figure wins after. */
  bytes: number | null;
  licence: string;
}

export const ON_DEVICE_PROVIDER_ID = 'on-device';

/** The browser's own model, as one provider with one model: Chrome's Gemini Nano where it runs. */
export const BUILT_IN_PROVIDER_ID = 'built-in';
export const BUILT_IN_MODEL = 'gemini-nano';

/**
 * Small instruct models that run on a laptop CPU. Sizes are the files' sizes on the hub as of
 * 2025; the real size comes from the server when the download starts.
 */
export const OFFERED_MODELS: readonly OnDeviceModel[] = [
  {
    id: 'smollm2-360m-instruct-q8',
    name: 'SmolLM2 360M Instruct (Q8_0)',
    url: 'https://huggingface.co/HuggingFaceTB/SmolLM2-360M-Instruct-GGUF/resolve/main/smollm2-360m-instruct-q8_0.gguf',
    bytes: 386_404_992,
    licence: 'Apache-2.0',
  },
  {
    id: 'qwen2.5-0.5b-instruct-q4',
    name: 'Qwen2.5 0.5B Instruct (Q4_K_M)',
    url: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf',
    bytes: 491_400_032,
    licence: 'Apache-2.0',
  },
  {
    id: 'llama-3.2-1b-instruct-q4',
    name: 'Llama 3.2 1B Instruct (Q4_K_M)',
    url: 'https://huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf',
    bytes: 807_690_656,
    licence: 'Llama 3.2 Community License',
  },
];

export const OnDeviceModelId = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'an on-device model id is lower-case letters, digits, dots and dashes');

export const CustomModelUrl = z
  .url({ protocol: /^https?$/, error: 'the model URL must be an http(s) URL' })
  .max(2_000)
  .refine((u) => /\.gguf$/i.test(new URL(u).pathname), 'the model URL must name a .gguf file');

/** A stable, readable id for a custom URL: its file name, and a hash so two URLs never share one. */
export async function customModelId(url: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(url)));
  const hash = [...digest.slice(0, 3)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const slug = fileName(url)
    .replace(/\.gguf$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .slice(0, 50);
  return `custom-${slug}-${hash}`;
}

const fileName = (url: string) => decodeURIComponent(new URL(url).pathname.split('/').pop() || 'model.gguf');

export async function customModel(url: string): Promise<OnDeviceModel> {
  return {
    id: await customModelId(url),
    name: fileName(url).replace(/\.gguf$/i, ''),
    url,
    bytes: null,
    licence: 'as stated by its publisher',
  };
}

export const offeredModel = (id: string) => OFFERED_MODELS.find((m) => m.id === id);

/** "386 MB", "1.2 GB": decimal units, as download sizes are usually given. */
export function formatBytes(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  if (bytes < 1e6) return `${Math.round(bytes / 1e3)} KB`;
  if (bytes < 1e9) return `${Math.round(bytes / 1e6)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}
