// Used only when a provider reports no usage (a stream cut short, or a server that never
// sends the usage chunk). About four characters a token holds for English on GPT-style
// tokenizers; rows say "estimated" so nobody mistakes it for the provider's count.
const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimateMessageTokens(messages: ReadonlyArray<{ content: string }>): number {
  // A few tokens of framing per message, as chat templates add role markers.
  return messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
}
