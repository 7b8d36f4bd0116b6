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

/**
 * What the answer must match: a JSON Schema, as JSON text so that a deep schema does not
 * trip the nesting cap meant for hostile structures, or a regular expression as its source
 * and flags, since a RegExp does not cross a Port.
 */
export const ResponseConstraint = z.union([
  z.strictObject({ schema: z.string().min(2).max(100_000) }),
  z.strictObject({ regex: z.string().min(1).max(2_000), flags: z.string().regex(/^[imsu]*$/).max(4) }),
]);
export type ResponseConstraint = z.infer<typeof ResponseConstraint>;

const Language = z.string().max(35);
const Length = (...values: [string, ...string[]]) => z.enum(values).optional();

/**
 * A writing-assistance task. The worker turns it into its own system prompt, so the page
 * cannot word it, and the call otherwise runs like any prompt: consent, budgets, usage.
 */
export const WritingTask = z.strictObject({
  kind: z.enum(['summarize', 'write', 'rewrite']),
  type: Length('tldr', 'teaser', 'key-points', 'headline'),
  tone: Length('formal', 'neutral', 'casual', 'as-is', 'more-formal', 'more-casual'),
  format: Length('plain-text', 'markdown', 'as-is'),
  length: Length('short', 'medium', 'long', 'as-is', 'shorter', 'longer'),
  sharedContext: z.string().max(Limits.maxTextChars).optional(),
  context: z.string().max(Limits.maxTextChars).optional(),
  outputLanguage: Language.nullish(),
  /** Taken, for the page's convenience, and not used: any language the model reads is fine. */
  expectedInputLanguages: z.array(Language).max(20).nullish(),
  expectedContextLanguages: z.array(Language).max(20).nullish(),
});
export type WritingTask = z.infer<typeof WritingTask>;

/** A tool the page offers the model; its execute function stays in the page. */
export const ToolDeclaration = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a tool name is 1 to 64 letters, digits, _ or -'),
  description: z.string().max(10_000),
  /** JSON Schema of the arguments, as JSON text, for the same reason as a constraint's. */
  inputSchema: z.string().min(2).max(100_000),
});
export type ToolDeclaration = z.infer<typeof ToolDeclaration>;

export const PromptCall = z.strictObject({
  op: z.literal('prompt'),
  messages: z.array(ChatMessage).min(1).max(Limits.maxChatMessages),
  model: ModelId.optional(),
  temperature: z.number().min(0).max(2).optional(),
  topK: z.int().min(1).max(1_000).optional(),
  maxOutputTokens: z.int().min(1).max(1_000_000).optional(),
  stopSequences: z.array(z.string().max(100)).max(4).optional(),
  constraint: ResponseConstraint.optional(),
  /** Leave the constraint out of the prompt; it still shapes and checks the answer. */
  omitConstraintInput: z.boolean().optional(),
  task: WritingTask.optional(),
  tools: z.array(ToolDeclaration).max(Limits.maxTools).optional(),
});
export type PromptCall = z.infer<typeof PromptCall>;

/** Everything a page may ask of the worker. */
export const Call = z.discriminatedUnion('op', [
  PromptCall,
  z.strictObject({ op: z.literal('availability') }),
  z.strictObject({ op: z.literal('model') }),
  /**
   * For a new session: the default model's context window in tokens and, for a writing
   * assistant, its options checked and completed with their defaults.
   */
  z.strictObject({
    op: z.literal('session'),
    task: WritingTask.optional(),
    /** From create(): an on-device model not yet stored downloads first, reporting progress as chunks. */
    download: z.literal(1).optional(),
  }),
]);
export type Call = z.infer<typeof Call>;
