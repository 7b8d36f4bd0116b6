import { MEDIA_TOKENS } from './media';

// A rough size of a conversation, for a page's context-window figures (contextUsage, measure)
// and the browser's own model when it reports none: about four characters a token holds for
// English on GPT-style tokenizers. What a provider bills is bounded in lib/tokens instead.
const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Text, or parts of text, image and audio, as the page and the wire carry a message's content. */
type Content = string | ReadonlyArray<{ type: string; text?: string }>;

export function estimateMessageTokens(messages: ReadonlyArray<{ content: Content }>): number {
  // A few tokens of framing per message, as chat templates add role markers.
  return messages.reduce(
    (sum, { content }) =>
      sum +
      4 +
      (typeof content === 'string'
        ? estimateTokens(content)
        : content.reduce((n, p) => n + (p.type === 'text' ? estimateTokens(p.text!) : MEDIA_TOKENS), 0)),
    0,
  );
}
