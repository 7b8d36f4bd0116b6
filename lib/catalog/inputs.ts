import type { MediaKind } from '../protocol/call';
import type { ProviderKind } from '../settings/schema';

/**
 * What a family's models read besides text, for a model no list describes: every Claude model
 * since Claude 3 reads images; every Gemini model reads images and audio; OpenAI's GPT-4o,
 * GPT-4.1, GPT-5 and o3/o4 models read images, and its audio previews hear audio instead.
 * First match wins. Anything else is text only until the user says otherwise.
 */
const FAMILY_RULES: ReadonlyArray<[ProviderKind, RegExp, MediaKind[]]> = [
  ['anthropic', /^claude-/, ['image']],
  ['google', /^gemini-/, ['image', 'audio']],
  ['openai', /^gpt-4o(-mini)?-audio/, ['audio']],
  // o3-mini is the one of these that reads text only.
  ['openai', /^(gpt-4o|gpt-4\.1|gpt-5|o3(?!-mini)|o4)/, ['image']],
];

export function familyInputs(kind: ProviderKind, model: string): MediaKind[] {
  return FAMILY_RULES.find(([k, pattern]) => k === kind && pattern.test(model))?.[2] ?? [];
}

const KIND_NAMES: Record<MediaKind, string> = { image: 'images', audio: 'audio' };

/** "images", "audio", or "images and audio": how the UI and errors name what a model reads. */
export const nameInputs = (kinds: readonly MediaKind[]): string => kinds.map((k) => KIND_NAMES[k]).join(' and ');
