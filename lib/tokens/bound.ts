import { byteBound, utf8Bytes } from './bytes';
import { encodingOf, type Encoding } from './family';
import { loadEncoding } from './ranks';
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

// Each encoding is read on the first call that needs it, so the worker's start-up and every
// other model's calls never pay for it.
const encoders = new Map<Encoding, Promise<CountTokens>>();
const loaded = new Map<Encoding, CountTokens>();

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
    loading = loadEncoding(encoding).then(({ countTokens }) => {
      const count = (text: string) => {
        if (LONG_PIECE.test(text)) return utf8Bytes(text);
        const tokens = countTokens(text, AS_TEXT);
        // gpt-tokenizer, like tiktoken, reads a lone surrogate as U+FFFD, one token; a server that
        // kept its 3 bytes instead would make up to 3 of them.
        return tokens + 2 * (text.match(LONE_SURROGATE)?.length ?? 0);
      };
      loaded.set(encoding, count);
      return count;
    });
    // A failed import is tried again on the next call rather than cached.
    loading.catch(() => encoders.delete(encoding));
    encoders.set(encoding, loading);
  }
  return loading;
}

/**
 * How the model counts, and a key that is the same for models that count alike. Without
 * `exact`, an OpenAI model whose encoding is not read yet counts by bytes, which its byte-level
 * BPE never exceeds.
 */
async function countingFor(modelId: string, exact: boolean): Promise<[string, Counting]> {
  const encoding = encodingOf(modelId);
  const imageTokens = imageTokensOf(modelId);
  const text = encoding ? (exact ? await encoderFor(encoding) : loaded.get(encoding)) : undefined;
  const counting = { text: text ?? byteBound, framing: encoding ? OPENAI_FRAMING : TEMPLATE_FRAMING, imageTokens };
  return [`${text ? encoding : 'bytes'} ${encoding ? 'openai' : 'template'} ${imageTokens}`, counting];
}

function boundOf(countings: Counting[]): TokenBound {
  return {
    input: (round) => Math.max(0, ...countings.map((c) => roundTokens(round, c))),
    text: (text) => Math.max(0, ...[...new Set(countings.map((c) => c.text))].map((count) => count(text))),
  };
}

/** Loads what the chain needs (gpt-tokenizer only when an OpenAI-family model is in it) and answers synchronously after. */
export async function tokenBoundFor(modelIds: readonly string[]): Promise<TokenBound> {
  // Models that count alike are counted once: a chain of three o200k models encodes the text once.
  return boundOf([...new Map(await Promise.all(modelIds.map((id) => countingFor(id, true)))).values()]);
}

/**
 * The bound with what is already loaded: no tokenizer is read, so it costs a call nothing, and
 * bytes stand in for an OpenAI encoding not read yet (about 4× its count on English).
 */
export async function quickTokenBoundFor(modelIds: readonly string[]): Promise<TokenBound> {
  return boundOf([...new Map(await Promise.all(modelIds.map((id) => countingFor(id, false)))).values()]);
}
