// zod/mini: the content script parses these on every page that calls, and its start-up cost is
// a fraction of classic zod's (see bench: main-thread time per page load).
import { z } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { Limits } from './limits';

// zod/mini leaves messages generic ("Invalid input"); pages and tests read which field and why.
z.config(en());

/** A model id reads `provider/model`; the model part may itself hold slashes. */
export const ModelId = z
  .string()
  .check(
    z.maxLength(Limits.maxModelIdChars),
    z.regex(/^[a-z0-9][a-z0-9-]*\/\S+$/, 'a model id reads provider/model, e.g. openai/gpt-4o-mini'),
  );

const Text = z.string().check(z.maxLength(Limits.maxTextChars));
const Language = z.string().check(z.maxLength(35));

/** What a model may read besides text: only what the content script encodes (lib/media/). */
export const MEDIA_TYPES = {
  image: ['image/jpeg'],
  audio: ['audio/wav'],
} as const;
export type MediaKind = keyof typeof MEDIA_TYPES;
export const MEDIA_KINDS = Object.keys(MEDIA_TYPES) as MediaKind[];

const Base64 = z
  .string()
  .check(z.minLength(4), z.maxLength(Limits.maxMediaChars), z.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'media data is base64'));
const media = <K extends MediaKind>(type: K) =>
  z.strictObject({ type: z.literal(type), mediaType: z.enum(MEDIA_TYPES[type]), data: Base64 });

/** One part of a message that holds more than text. */
export const ContentPart = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text'), text: Text }),
  media('image'),
  media('audio'),
]);
export type ContentPart = z.infer<typeof ContentPart>;

/** Text, or parts when a message holds an image or audio: only a user's message may. */
export const ChatMessage = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.union([Text, z.array(ContentPart).check(z.minLength(1), z.maxLength(Limits.maxContentParts))]),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/**
 * What a session says it will send and expect back, as the Prompt API's create() and
 * availability() take it; the worker answers whether the model can. Every type of the spec's
 * enum is accepted here, so that one it lacks is "unavailable" rather than a TypeError.
 */
const Expected = z.optional(
  z
    .array(
      z.object({
        type: z.enum(['text', 'image', 'audio', 'tool-call', 'tool-response']),
        languages: z.optional(z.array(Language).check(z.maxLength(20))),
      }),
    )
    .check(z.maxLength(10)),
);
export const SAMPLING_MODES = ['most-predictable', 'predictable', 'balanced', 'creative', 'most-creative'] as const;
export const Expectations = {
  expectedInputs: Expected,
  expectedOutputs: Expected,
  /** The spec's IDL default is "default", which its enum lacks; both mean the model's own. */
  samplingMode: z.optional(z.enum([...SAMPLING_MODES, 'default'])),
};
const ExpectedShape = z.object(Expectations);
export type Expected = z.infer<typeof ExpectedShape>;

/**
 * What the answer must match: a JSON Schema, as JSON text so that a deep schema does not
 * trip the nesting cap meant for hostile structures, or a regular expression as its source
 * and flags, since a RegExp does not cross a Port. Of a RegExp's flags, only i, m, s and u mean
 * anything to a test of the whole answer; the rest (d, g, v, y) are dropped here, not by the page.
 */
export const ResponseConstraint = z.union([
  z.strictObject({ schema: z.string().check(z.minLength(2), z.maxLength(100_000)) }),
  z.strictObject({
    regex: z.string().check(z.minLength(1), z.maxLength(2_000)),
    flags: z.pipe(
      z.string().check(z.regex(/^[dgimsuvy]*$/), z.maxLength(8)),
      z.transform((f) => f.replace(/[^imsu]/g, '')),
    ),
  }),
]);
export type ResponseConstraint = z.infer<typeof ResponseConstraint>;

const Length = (...values: [string, ...string[]]) => z.optional(z.enum(values));
const text = () => z.optional(z.string().check(z.maxLength(Limits.maxTextChars)));
const languages = () => z.nullish(z.array(Language).check(z.maxLength(20)));

/**
 * A writing-assistance task. The worker turns it into its own system prompt, so the page
 * cannot word it, and the call otherwise runs like any prompt: consent, budgets, usage.
 */
export const WritingTask = z.strictObject({
  kind: z.enum(['summarize', 'write', 'rewrite', 'translate', 'detect', 'proofread']),
  type: Length('tldr', 'tl;dr', 'teaser', 'key-points', 'headline'),
  tone: Length('formal', 'neutral', 'casual', 'as-is', 'more-formal', 'more-casual'),
  format: Length('plain-text', 'markdown', 'as-is'),
  length: Length('short', 'medium', 'long', 'as-is', 'shorter', 'longer'),
  sharedContext: text(),
  context: text(),
  outputLanguage: z.nullish(Language),
  /** Taken, for the page's convenience, and not used: any language the model reads is fine. */
  expectedInputLanguages: languages(),
  expectedContextLanguages: languages(),
  /** Translator's language arc: required for "translate", and only there. */
  sourceLanguage: z.optional(Language),
  targetLanguage: z.optional(Language),
  /** Proofreader's: what each correction carries besides its span and text. */
  includeCorrectionTypes: z.optional(z.boolean()),
  includeCorrectionExplanations: z.optional(z.boolean()),
  correctionExplanationLanguage: z.nullish(Language),
});
export type WritingTask = z.infer<typeof WritingTask>;

/** A tool the page offers the model; its execute function stays in the page. */
export const ToolDeclaration = z.strictObject({
  name: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'a tool name is 1 to 64 letters, digits, _ or -')),
  description: z.string().check(z.maxLength(10_000)),
  /** JSON Schema of the arguments, as JSON text, for the same reason as a constraint's. */
  inputSchema: z.string().check(z.minLength(2), z.maxLength(100_000)),
});
export type ToolDeclaration = z.infer<typeof ToolDeclaration>;

export type MediaPart = Exclude<ContentPart, { type: 'text' }>;

/** The images and audio clips of a call's messages, in order. */
export const mediaPartsOf = (messages: readonly ChatMessage[]): MediaPart[] =>
  messages.flatMap((m) =>
    typeof m.content === 'string' ? [] : m.content.filter((p): p is MediaPart => p.type !== 'text'),
  );

/** A call's messages hold at most so many images and audio clips, as the content script also checks. */
const mediaPartsWithin = (messages: ChatMessage[]) => mediaPartsOf(messages).length <= Limits.maxMediaParts;

export const PromptCall = z.strictObject({
  op: z.literal('prompt'),
  messages: z
    .array(ChatMessage)
    .check(
      z.minLength(1),
      z.maxLength(Limits.maxChatMessages),
      z.refine(mediaPartsWithin, `at most ${Limits.maxMediaParts} images and audio clips in one call`),
    ),
  model: z.optional(ModelId),
  temperature: z.optional(z.number().check(z.minimum(0), z.maximum(2))),
  topK: z.optional(z.int().check(z.minimum(1), z.maximum(1_000))),
  maxOutputTokens: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
  stopSequences: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(4))),
  constraint: z.optional(ResponseConstraint),
  /** Leave the constraint out of the prompt; it still shapes and checks the answer. */
  omitConstraintInput: z.optional(z.boolean()),
  task: z.optional(WritingTask),
  tools: z.optional(z.array(ToolDeclaration).check(z.maxLength(Limits.maxTools))),
  ...Expectations,
});
export type PromptCall = z.infer<typeof PromptCall>;

/** Everything a page may ask of the worker. */
export const Call = z.discriminatedUnion('op', [
  PromptCall,
  /** A writing assistant's task, when given, is checked as a session's is, and its languages too. */
  z.strictObject({ op: z.literal('availability'), task: z.optional(WritingTask), ...Expectations }),
  z.strictObject({ op: z.literal('model') }),
  /**
   * For a new session: the default model's context window in tokens and, for a writing
   * assistant, its options checked and completed with their defaults.
   */
  z.strictObject({
    op: z.literal('session'),
    task: z.optional(WritingTask),
    /** From create(): an on-device model not yet stored downloads first, reporting progress as chunks. */
    download: z.optional(z.literal(1)),
    /** LanguageModel.create()'s, as given: unrestricted doubles, so Infinity too; the worker checks and clamps them. */
    temperature: z.optional(z.custom<number>((v) => typeof v === 'number')),
    topK: z.optional(z.custom<number>((v) => typeof v === 'number')),
    ...Expectations,
  }),
]);
export type Call = z.infer<typeof Call>;
