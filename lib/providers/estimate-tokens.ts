// Used only when a provider reports no usage (a stream cut short, or a server that never
// sends the usage chunk). About four characters a token holds for English on GPT-style
// tokenizers; rows say "estimated" so nobody mistakes it for the provider's count.
const CHARS_PER_TOKEN = 4;

/**
 * An image or audio part. Images are scaled to at most 1568 px and 1.15 megapixels before they
 * leave the browser (lib/media/), which Anthropic bills at about 1,600 tokens and OpenAI and
 * Gemini at fewer; audio gets the same figure, 50 s at Gemini's 32 tokens a second.
 */
export const MEDIA_TOKENS = 1_600;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Text, or parts of text, image and audio, as the page and the wire carry a message's content. */
type Content = string | ReadonlyArray<{ type: string; text?: string }>;

export function estimateMessageTokens(messages: ReadonlyArray<{ content: Content }>): number {
  // A few tokens of framing per message, as chat templates add role markers.
  return messages.reduce(
    (sum, { content }) =>
      sum + 4 + (typeof content === 'string' ? estimateTokens(content) : content.reduce((n, p) => n + (p.type === 'text' ? estimateTokens(p.text!) : MEDIA_TOKENS), 0)),
    0,
  );
}
