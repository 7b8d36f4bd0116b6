import { byteBound, utf8Bytes } from './bytes';
import { encodingOf, type Encoding } from './family';
import { OPENAI_FRAMING, TEMPLATE_FRAMING } from './framing';
import { imageTokensOf } from './media';
import { roundTokens, type Counting, type RoundShape } from './round';

export type { RoundShape } from './round';

export interface TokenBound {
  /** An upper bound of the input tokens that every model of the chain bills for this round (the max over the chain). */
  input(round: RoundShape): number;
  /** An upper bound of the tokens of one text, for the chain (the max over it). */
  text(text: string): number;
}

type CountTokens = (text: string) => number;

// Each encoding is a module of 1 to 2.4 MB of ranks: imported on the first call that needs it,
// so the worker's start-up and every other model's calls never pay for it.
const encoders = new Map<Encoding, Promise<CountTokens>>();
const LOADERS: Record<Encoding, () => Promise<{ countTokens: (text: string, options?: { disallowedSpecial?: Set<string> }) => number }>> = {
  o200k_base: () => import('gpt-tokenizer/encoding/o200k_base'),
  cl100k_base: () => import('gpt-tokenizer/encoding/cl100k_base'),
};

// Text that reads like a special token ("<|endoftext|>") is plain text to the API, so it is
// counted as text, which is never fewer tokens than the one special token.
const AS_TEXT = { disallowedSpecial: new Set<string>() };
/**
 * A run of 100 letters, of 100 symbols or of 100 spaces: the tokenizer's pre-tokenizer keeps
 * such a run as one piece, and BPE over one piece takes quadratic time (100,000 CJK characters
 * without punctuation: 44 s). Such text is bounded by its bytes instead, which o200k_base and
 * cl100k_base, byte-level and unnormalized, never exceed. Each run is tried from its start only,
 * so the scan is linear.
 */
const LONG_PIECE = /(?<![\p{L}\p{M}])[\p{L}\p{M}]{100}|(?<![^\s\p{L}\p{N}])[^\s\p{L}\p{N}]{100}|(?<!\s)\s{100}/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function encoderFor(encoding: Encoding): Promise<CountTokens> {
  let loading = encoders.get(encoding);
  if (!loading) {
    loading = LOADERS[encoding]().then(({ countTokens }) => (text: string) => {
      if (LONG_PIECE.test(text)) return utf8Bytes(text);
      const tokens = countTokens(text, AS_TEXT);
      // gpt-tokenizer, like tiktoken, reads a lone surrogate as U+FFFD, one token; a server that
      // kept its 3 bytes instead would make up to 3 of them.
      return tokens + 2 * (text.match(LONE_SURROGATE)?.length ?? 0);
    });
    // A failed import is tried again on the next call rather than cached.
    loading.catch(() => encoders.delete(encoding));
    encoders.set(encoding, loading);
  }
  return loading;
}

/** How the model counts, and a key that is the same for models that count alike. */
async function countingFor(modelId: string): Promise<[string, Counting]> {
  const encoding = encodingOf(modelId);
  const imageTokens = imageTokensOf(modelId);
  const counting = encoding
    ? { text: await encoderFor(encoding), framing: OPENAI_FRAMING, imageTokens }
    : { text: byteBound, framing: TEMPLATE_FRAMING, imageTokens };
  return [`${encoding ?? 'bytes'} ${imageTokens}`, counting];
}

/** Loads what the chain needs (gpt-tokenizer only when an OpenAI-family model is in it) and answers synchronously after. */
export async function tokenBoundFor(modelIds: readonly string[]): Promise<TokenBound> {
  // Models that count alike are counted once: a chain of three o200k models encodes the text once.
  const countings = [...new Map(await Promise.all(modelIds.map(countingFor))).values()];
  return {
    input: (round) => Math.max(0, ...countings.map((c) => roundTokens(round, c))),
    text: (text) => Math.max(0, ...[...new Set(countings.map((c) => c.text))].map((count) => count(text))),
  };
}
