import { modelNameOf } from './family';

/**
 * An image or audio part. Images are scaled to at most 1568 px and 1.15 megapixels before they
 * leave the browser (lib/media/), which Anthropic bills at about 1,600 tokens (w×h/750) and
 * OpenAI's large models (85 + 170 a 512 px tile: at most 8 tiles) and Gemini at fewer; audio gets
 * the same figure, 50 s at Gemini's 32 tokens a second (the protocol caps a clip's size).
 */
export const MEDIA_TOKENS = 1_600;

/**
 * OpenAI bills images on its small models at many more tokens than that: GPT-4o mini at about
 * 37,000 (a 33× multiplier), the 4.1, 5 and o4 minis and nanos at up to 2.5×.
 */
const IMAGE_TOKENS: ReadonlyArray<[RegExp, number]> = [
  [/^gpt-4o-mini/, 37_000],
  [/^(gpt-4\.1|gpt-5(\.\d+)?|o4)-(mini|nano)/, 3_000],
];

/** The most one image sent to this model is billed at. */
export const imageTokensOf = (modelId: string): number => {
  const name = modelNameOf(modelId);
  return IMAGE_TOKENS.find(([pattern]) => pattern.test(name))?.[1] ?? MEDIA_TOKENS;
};
