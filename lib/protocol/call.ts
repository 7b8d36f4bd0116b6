import { z } from 'zod';
import { Limits } from './limits';

/** A model id reads `provider/model`; the model part may itself hold slashes. */
export const ModelId = z
  .string()
  .max(Limits.maxModelIdChars)
  .regex(/^[a-z0-9][a-z0-9-]*\/\S+$/, 'a model id reads provider/model, e.g. openai/gpt-4o-mini');

export const ChatMessage = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string().max(Limits.maxTextChars),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const PromptCall = z.strictObject({
  op: z.literal('prompt'),
  messages: z.array(ChatMessage).min(1).max(Limits.maxChatMessages),
  model: ModelId.optional(),
  temperature: z.number().min(0).max(2).optional(),
  topK: z.int().min(1).max(1_000).optional(),
  maxOutputTokens: z.int().min(1).max(1_000_000).optional(),
  stopSequences: z.array(z.string().max(100)).max(4).optional(),
});
export type PromptCall = z.infer<typeof PromptCall>;

/** Everything a page may ask of the worker. */
export const Call = z.discriminatedUnion('op', [
  PromptCall,
  z.strictObject({ op: z.literal('availability') }),
  z.strictObject({ op: z.literal('model') }),
]);
export type Call = z.infer<typeof Call>;
