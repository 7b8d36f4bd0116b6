import type { ModelMessage } from 'ai';
import type { PromptCall } from '../protocol/call';
import type { RoundShape } from '../tokens/bound';
import { toModelMessages } from './media';
import { guidedMessages } from './structured-output';

/** The messages a call's first round sends: the page's, with the constraint's rule written in. */
export const modelMessagesOf = (call: PromptCall): ModelMessage[] => toModelMessages(guidedMessages(call));

/** Everything a round sends besides its messages: the tools' schemas and the answer's schema. */
export function roundExtras(call: PromptCall): Omit<RoundShape, 'messages'> {
  const constraint = call.constraint;
  return {
    tools: call.tools?.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })),
    responseSchema: constraint && 'schema' in constraint ? constraint.schema : undefined,
  };
}

/** What the first round of a call sends, as its reservation is priced on. */
export const firstRound = (call: PromptCall): RoundShape => ({ messages: modelMessagesOf(call), ...roundExtras(call) });
