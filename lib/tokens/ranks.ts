import type { GptEncoding } from 'gpt-tokenizer/GptEncoding';
import { browser } from 'wxt/browser';
import { ranksPath, type Encoding } from './family';

/**
 * Builds an OpenAI encoding from its ranks, read from the extension's own files: bundled, 1.2 to
 * 2.4 MB of ranks would be parsed at every start of the worker, though most calls never count
 * with them (reading and building o200k_base takes about 0.2 s).
 */
export async function loadEncoding(encoding: Encoding): Promise<GptEncoding> {
  const response = await fetch((browser.runtime.getURL as (path: string) => string)(`/${ranksPath(encoding)}`));
  if (!response.ok) throw new Error(`The ${encoding} tokenizer is missing from the extension (${response.status}).`);
  const ranks = (await response.json()) as Array<string | number[]>;
  // Imported here, so that its model tables are evaluated only when a call first counts.
  const { GptEncoding: Encoder } = await import('gpt-tokenizer/GptEncoding');
  return Encoder.getEncodingApi(encoding, () => ranks);
}
