/** UTF-8 bytes of a string; a lone surrogate counts 3, as the U+FFFD it becomes on the wire. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * At least as many tokens as any byte-level tokenizer makes of the text.
 *
 * A byte-level BPE (GPT-2's and every tiktoken-style vocabulary: Llama 3, Mistral's Tekken,
 * Qwen, DeepSeek, Claude's published one) starts from one token per UTF-8 byte and only merges,
 * so it never makes more tokens than the text has bytes; pre-tokenization splits the text into
 * pieces of at least one byte each, which keeps it so. SentencePiece (Llama 2, Gemma, Gemini)
 * makes at most one piece per character, and its byte fallback one per byte of a character it
 * lacks: again at most one per byte, plus the word-start piece it may put before the text.
 *
 * A tokenizer may normalize first, and normalizing can lengthen text: NFC decomposes
 * composition exclusions (U+0958 → U+0915 U+093C, 3 → 6 bytes; Qwen normalizes NFC) and NFKC
 * expands compatibility characters (U+FDFA, 3 bytes, is 18 characters and 33 bytes; Claude's
 * published tokenizer normalizes NFKC and makes 15 tokens of it). So the bytes counted are the
 * most of the text as sent, its NFC and its NFKC. The decomposed forms (NFD, NFKD) are left out:
 * no chat model's tokenizer uses them, and they would triple every Hangul syllable.
 */
export function byteBound(text: string): number {
  if (ASCII.test(text)) return text.length + 1;
  // A lone surrogate survives normalize() and counts 3 bytes, as the U+FFFD a provider reads.
  return Math.max(utf8Bytes(text), utf8Bytes(text.normalize('NFC')), utf8Bytes(text.normalize('NFKC'))) + 1;
}
