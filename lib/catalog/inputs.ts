import type { MediaKind } from '../protocol/call';

/** A model's id without a vendor's prefix: OpenRouter's `openai/gpt-4o-mini` is gpt-4o-mini. */
export const bareModelId = (model: string): string => model.slice(model.lastIndexOf('/') + 1).toLowerCase();

/**
 * What a family's models read besides text, by model id, whoever serves them (OpenAI itself,
 * OpenRouter, a proxy): every Claude model since Claude 3 reads images; every Gemini model reads
 * images and audio; OpenAI's GPT-4o, GPT-4.1, GPT-5 and o3/o4 models read images, and its audio
 * previews hear audio instead. First match wins. A model no rule names is unknown (null).
 */
const FAMILY_RULES: ReadonlyArray<[RegExp, MediaKind[]]> = [
  [/^claude-/, ['image']],
  [/^gemini-/, ['image', 'audio']],
  [/^gpt-4o(-mini)?-audio/, ['audio']],
  // o3-mini is the one of these that reads text only.
  [/^o3-mini/, []],
  [/^(gpt-4o|gpt-4\.1|gpt-5|o3|o4)/, ['image']],
];

export function familyInputs(model: string): MediaKind[] | null {
  const bare = bareModelId(model);
  return FAMILY_RULES.find(([pattern]) => pattern.test(bare))?.[1] ?? null;
}

const KIND_NAMES: Record<MediaKind, string> = { image: 'images', audio: 'audio' };

/** "images", "audio", or "images and audio": how the UI and errors name what a model reads. */
export const nameInputs = (kinds: readonly MediaKind[]): string => kinds.map((k) => KIND_NAMES[k]).join(' and ');
