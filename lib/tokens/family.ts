/** The OpenAI encodings gpt-tokenizer ships that the chat models bill by. */
export type Encoding = 'o200k_base' | 'cl100k_base';

// First match wins. gpt-4o, 4.1, 4.5, 5 and the o-series use o200k_base; GPT-4 and 3.5 use
// cl100k_base (gpt-4-turbo included: only gpt-4o moved on). gpt-oss is left out on purpose: it
// bills o200k_harmony, whose chat framing is another, and serving hosts each count their own.
const ENCODINGS: ReadonlyArray<[RegExp, Encoding]> = [
  [/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o[134](-|$)|chatgpt-)/, 'o200k_base'],
  [/^(gpt-4(-|$)|gpt-3\.5)/, 'cl100k_base'],
];

/**
 * The model part of `provider/model` names the model; a router's model part may itself read
 * `vendor/model` (`my-openrouter/openai/gpt-4o`), so the last segment decides.
 */
export const modelNameOf = (modelId: string): string => modelId.slice(modelId.lastIndexOf('/') + 1).toLowerCase();

/** The encoding the model bills by when it is OpenAI's; null for every other family. */
export function encodingOf(modelId: string): Encoding | null {
  const name = modelNameOf(modelId);
  return ENCODINGS.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

/** Where an encoding's ranks are, inside the extension (written there by lib/build/tokenizer-ranks.ts). */
export const ranksPath = (encoding: Encoding) => `tokenizers/${encoding}.json`;
