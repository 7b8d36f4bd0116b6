import type { ModelMessage } from 'ai';

/** What one provider round sends, as the AI SDK holds it. */
export interface RoundShape {
  messages: ModelMessage[];
  tools?: ReadonlyArray<{ name: string; description?: string; inputSchema: string }>;
  responseSchema?: string;
}

export interface TokenBound {
  /** An upper bound of the input tokens that every model of the chain bills for this round. */
  input(round: RoundShape): number;
  /** An upper bound of the tokens of one text, for the chain. */
  text(text: string): number;
}

const bytes = (text: string) => new TextEncoder().encode(text).length + 1;

// Placeholder until the tokenizer-backed bound lands: UTF-8 bytes bound any byte-level BPE.
export async function tokenBoundFor(_modelIds: readonly string[]): Promise<TokenBound> {
  const text = bytes;
  return {
    text,
    input(round) {
      let sum = 3;
      for (const m of round.messages) sum += 4 + text(JSON.stringify(m.content));
      for (const t of round.tools ?? []) sum += 16 + text(t.name) + text(t.description ?? '') + text(t.inputSchema);
      if (round.responseSchema) sum += 16 + text(round.responseSchema);
      return sum;
    },
  };
}
