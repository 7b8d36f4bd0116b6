// Types for the APIs the Own Model extension puts on every page: the Prompt API's
// LanguageModel, the Writing Assistance APIs (Summarizer, Writer, Rewriter), Translator,
// LanguageDetector, Proofreader, and Window AI's window.ai. Copy this file into a site's
// project, or reference it:
//   /// <reference path="own-model.d.ts" />
// Shapes follow webmachinelearning/prompt-api, writing-assistance-apis, translation-api and
// proofreader-api.

type Availability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

interface CreateMonitor extends EventTarget {
  ondownloadprogress: ((this: CreateMonitor, ev: ProgressEvent) => any) | null;
}
type CreateMonitorCallback = (monitor: CreateMonitor) => void;

interface DestroyableModel {
  /** Ends the session: pending and later calls reject with an AbortError DOMException. */
  destroy(): void;
}

// ---- LanguageModel (Prompt API) ----

type LanguageModelMessageRole = 'system' | 'user' | 'assistant';
type LanguageModelMessageType = 'text' | 'image' | 'audio' | 'tool-call' | 'tool-response';

interface LanguageModelMessageContent {
  type: LanguageModelMessageType;
  /**
   * text: a string. image: any ImageBitmapSource (img, canvas, video, ImageBitmap, ImageData,
   * Blob) or the bytes of an image file. audio: an AudioBuffer, or a Blob or bytes of a file
   * the browser can play. Only in a user's message, and only types declared in expectedInputs.
   */
  value: string | ImageBitmapSource | AudioBuffer | BufferSource;
}

interface LanguageModelMessage {
  role: LanguageModelMessageRole;
  content: string | LanguageModelMessageContent[];
  /** On the last message only, from the assistant: the answer continues this text. */
  prefix?: boolean;
}

type LanguageModelPrompt = string | LanguageModelMessage[];

interface LanguageModelExpected {
  type: LanguageModelMessageType;
  languages?: string[];
}

interface LanguageModelTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments the model passes to execute. */
  inputSchema: object;
  /** Runs in the page when the model calls the tool; what it returns goes back to the model. */
  execute: (args: any) => Promise<string> | string;
}

type LanguageModelSamplingMode = 'most-predictable' | 'predictable' | 'balanced' | 'creative' | 'most-creative';

interface LanguageModelCreateCoreOptions {
  /** Give both topK and temperature, or neither. */
  topK?: number;
  temperature?: number;
  /** Temperatures 0, 0.4, 0.8, 1.2 and 1.6; an explicit temperature wins. */
  samplingMode?: LanguageModelSamplingMode;
  /** "image" and "audio" are available when the user's model reads them; "tool-call" and "tool-response" never are. */
  expectedInputs?: LanguageModelExpected[];
  expectedOutputs?: LanguageModelExpected[];
  tools?: LanguageModelTool[];
}

interface LanguageModelCreateOptions extends LanguageModelCreateCoreOptions {
  signal?: AbortSignal;
  monitor?: CreateMonitorCallback;
  initialPrompts?: LanguageModelMessage[];
}

interface LanguageModelPromptOptions {
  /** A JSON Schema object, or a RegExp the whole answer must match. */
  responseConstraint?: object | RegExp;
  omitResponseConstraintInput?: boolean;
  signal?: AbortSignal;
}

interface LanguageModelParams {
  readonly defaultTopK: number;
  readonly maxTopK: number;
  readonly defaultTemperature: number;
  readonly maxTemperature: number;
}

interface LanguageModel extends EventTarget, DestroyableModel {
  prompt(input: LanguageModelPrompt, options?: LanguageModelPromptOptions): Promise<string>;
  /** Each chunk is a delta, not the text so far. Cancelling the stream stops generation. */
  promptStreaming(input: LanguageModelPrompt, options?: LanguageModelPromptOptions): ReadableStream<string>;
  append(input: LanguageModelPrompt, options?: { signal?: AbortSignal }): Promise<undefined>;
  measureContextUsage(input: LanguageModelPrompt, options?: LanguageModelPromptOptions): Promise<number>;
  readonly contextUsage: number;
  readonly contextWindow: number;
  /** Fired when the oldest prompt/response pairs were dropped to make room. */
  oncontextoverflow: ((this: LanguageModel, ev: Event) => any) | null;
  /** @deprecated use measureContextUsage */
  measureInputUsage(input: LanguageModelPrompt, options?: LanguageModelPromptOptions): Promise<number>;
  /** @deprecated use contextUsage */
  readonly inputUsage: number;
  /** @deprecated use contextWindow */
  readonly inputQuota: number;
  /** @deprecated use oncontextoverflow */
  onquotaoverflow: ((this: LanguageModel, ev: Event) => any) | null;
  readonly samplingMode: LanguageModelSamplingMode | null;
  clone(options?: { signal?: AbortSignal }): Promise<LanguageModel>;
}

interface LanguageModelConstructor {
  create(options?: LanguageModelCreateOptions): Promise<LanguageModel>;
  availability(options?: LanguageModelCreateCoreOptions): Promise<Availability>;
  params(): Promise<LanguageModelParams | null>;
}

// ---- Summarizer, Writer, Rewriter (Writing Assistance APIs) ----

interface WritingCreateCoreOptions {
  expectedInputLanguages?: string[];
  expectedContextLanguages?: string[];
  outputLanguage?: string;
}
interface WritingCreateOptions extends WritingCreateCoreOptions {
  sharedContext?: string;
  signal?: AbortSignal;
  monitor?: CreateMonitorCallback;
}
interface WritingCallOptions {
  context?: string;
  signal?: AbortSignal;
}

interface WritingModel extends DestroyableModel {
  readonly sharedContext: string;
  readonly expectedInputLanguages: readonly string[] | null;
  readonly expectedContextLanguages: readonly string[] | null;
  readonly outputLanguage: string | null;
  readonly inputQuota: number;
  measureInputUsage(input: string, options?: WritingCallOptions): Promise<number>;
}

type SummarizerType = 'tldr' | 'tl;dr' | 'teaser' | 'key-points' | 'headline';
type SummarizerFormat = 'plain-text' | 'markdown';
type SummarizerLength = 'short' | 'medium' | 'long';
interface SummarizerCreateCoreOptions extends WritingCreateCoreOptions {
  type?: SummarizerType;
  format?: SummarizerFormat;
  length?: SummarizerLength;
}
interface Summarizer extends WritingModel {
  summarize(input: string, options?: WritingCallOptions): Promise<string>;
  summarizeStreaming(input: string, options?: WritingCallOptions): ReadableStream<string>;
  readonly type: SummarizerType;
  readonly format: SummarizerFormat;
  readonly length: SummarizerLength;
}
interface SummarizerConstructor {
  create(options?: SummarizerCreateCoreOptions & WritingCreateOptions): Promise<Summarizer>;
  availability(options?: SummarizerCreateCoreOptions): Promise<Availability>;
}

type WriterTone = 'formal' | 'neutral' | 'casual';
type WriterFormat = 'plain-text' | 'markdown';
type WriterLength = 'short' | 'medium' | 'long';
interface WriterCreateCoreOptions extends WritingCreateCoreOptions {
  tone?: WriterTone;
  format?: WriterFormat;
  length?: WriterLength;
}
interface Writer extends WritingModel {
  write(input: string, options?: WritingCallOptions): Promise<string>;
  writeStreaming(input: string, options?: WritingCallOptions): ReadableStream<string>;
  readonly tone: WriterTone;
  readonly format: WriterFormat;
  readonly length: WriterLength;
}
interface WriterConstructor {
  create(options?: WriterCreateCoreOptions & WritingCreateOptions): Promise<Writer>;
  availability(options?: WriterCreateCoreOptions): Promise<Availability>;
}

type RewriterTone = 'as-is' | 'more-formal' | 'more-casual';
type RewriterFormat = 'as-is' | 'plain-text' | 'markdown';
type RewriterLength = 'as-is' | 'shorter' | 'longer';
interface RewriterCreateCoreOptions extends WritingCreateCoreOptions {
  tone?: RewriterTone;
  format?: RewriterFormat;
  length?: RewriterLength;
}
interface Rewriter extends WritingModel {
  rewrite(input: string, options?: WritingCallOptions): Promise<string>;
  rewriteStreaming(input: string, options?: WritingCallOptions): ReadableStream<string>;
  readonly tone: RewriterTone;
  readonly format: RewriterFormat;
  readonly length: RewriterLength;
}
interface RewriterConstructor {
  create(options?: RewriterCreateCoreOptions & WritingCreateOptions): Promise<Rewriter>;
  availability(options?: RewriterCreateCoreOptions): Promise<Availability>;
}

// ---- Translator and LanguageDetector (Translator and Language Detector APIs) ----

interface LanguageCallOptions {
  signal?: AbortSignal;
}
interface LanguageCreateOptions {
  signal?: AbortSignal;
  monitor?: CreateMonitorCallback;
}
/** What the three language APIs share: a quota in tokens, and measuring input against it. */
interface LanguageModelBase extends DestroyableModel {
  readonly inputQuota: number;
  measureInputUsage(input: string, options?: LanguageCallOptions): Promise<number>;
}

interface TranslatorCreateCoreOptions {
  /** BCP 47 tags; a malformed one is a RangeError. Both are kept in canonical form ("EN" reads "en"). */
  sourceLanguage: string;
  targetLanguage: string;
}
interface Translator extends LanguageModelBase {
  translate(input: string, options?: LanguageCallOptions): Promise<string>;
  translateStreaming(input: string, options?: LanguageCallOptions): ReadableStream<string>;
  readonly sourceLanguage: string;
  readonly targetLanguage: string;
}
interface TranslatorConstructor {
  create(options: TranslatorCreateCoreOptions & LanguageCreateOptions): Promise<Translator>;
  /** "available" for any two well-formed tags: the user's model translates what it can. */
  availability(options: TranslatorCreateCoreOptions): Promise<Availability>;
}

interface LanguageDetectionResult {
  /** A canonical BCP 47 tag; "und" on the last result, which takes the confidence left over. */
  detectedLanguage: string;
  /** In [0, 1]; all results' confidences sum to 1 at most. */
  confidence: number;
}
interface LanguageDetectorCreateCoreOptions {
  expectedInputLanguages?: string[];
}
interface LanguageDetector extends LanguageModelBase {
  /** Most likely first; always ends with "und". */
  detect(input: string, options?: LanguageCallOptions): Promise<LanguageDetectionResult[]>;
  readonly expectedInputLanguages: readonly string[] | null;
}
interface LanguageDetectorConstructor {
  create(options?: LanguageDetectorCreateCoreOptions & LanguageCreateOptions): Promise<LanguageDetector>;
  availability(options?: LanguageDetectorCreateCoreOptions): Promise<Availability>;
}

// ---- Proofreader (Proofreader API) ----

type CorrectionType = 'spelling' | 'punctuation' | 'capitalization' | 'grammar';
interface ProofreadCorrection {
  /** UTF-16 code unit offsets into the input, as JavaScript strings index: input.slice(startIndex, endIndex). */
  startIndex: number;
  endIndex: number;
  /** What replaces input.slice(startIndex, endIndex). */
  correction: string;
  /** Only when the proofreader was created with includeCorrectionTypes. */
  types?: CorrectionType[];
  /** Only when the proofreader was created with includeCorrectionExplanations. */
  explanation?: string;
}
interface ProofreadResult {
  correctedInput: string;
  /** In input order; applying them all to the input gives correctedInput. */
  corrections: ProofreadCorrection[];
}
interface ProofreaderCreateCoreOptions {
  includeCorrectionTypes?: boolean;
  includeCorrectionExplanations?: boolean;
  expectedInputLanguages?: string[];
  correctionExplanationLanguage?: string;
}
interface Proofreader extends LanguageModelBase {
  proofread(input: string, options?: LanguageCallOptions): Promise<ProofreadResult>;
  readonly includeCorrectionTypes: boolean;
  readonly includeCorrectionExplanations: boolean;
  readonly expectedInputLanguages: readonly string[] | null;
  readonly correctionExplanationLanguage: string | null;
}
interface ProofreaderConstructor {
  create(options?: ProofreaderCreateCoreOptions & LanguageCreateOptions): Promise<Proofreader>;
  availability(options?: ProofreaderCreateCoreOptions): Promise<Availability>;
}

// ---- window.ai (Window AI compatible) ----

declare namespace WindowAI {
  type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };
  type Input = { prompt: string } | { messages: ChatMessage[] };
  type Output = { text: string } | { message: ChatMessage };
  /** The values a failed call rejects with, as its Error's message. */
  type ErrorCode =
    | 'NOT_AUTHENTICATED'
    | 'PERMISSION_DENIED'
    | 'REQUEST_NOT_FOUND'
    | 'INVALID_REQUEST'
    | 'MODEL_REJECTED_REQUEST'
    | 'PAYMENT_REQUIRED';
  interface CompletionOptions {
    temperature?: number;
    maxTokens?: number;
    stopSequences?: string[];
    /** How many completions to make at once (at most 8). */
    numOutputs?: number;
    /** Called with each delta as it streams, or with (null, code) on failure. */
    onStreamResult?: (result: Output | null, error: ErrorCode | null) => unknown;
  }
  type EventType = 'model_changed' | 'error';
  interface API {
    generateText(input: Input, options?: CompletionOptions): Promise<Output[]>;
    /** One result, or a list when numOutputs is above 1. */
    getCompletion(input: Input, options?: CompletionOptions): Promise<Output | Output[]>;
    /** The model in use, as provider/model; rejects with PERMISSION_DENIED until the user allows the site. */
    getCurrentModel(): Promise<string>;
    /** Returns a function that removes the listener. `model` is null on a site the user has not allowed. */
    addEventListener(
      type: 'model_changed',
      listener: (event: { type: 'model_changed'; model: string | null }) => void,
    ): () => void;
    addEventListener(type: 'error', listener: (event: { type: 'error'; error: ErrorCode }) => void): () => void;
    /** Window AI's older form: one listener for every event. */
    addEventListener(listener: (type: EventType, data: { model: string | null } | ErrorCode) => void): () => void;
    removeEventListener(type: EventType, listener: (...args: any[]) => void): void;
    removeEventListener(listener: (...args: any[]) => void): void;
    readonly ErrorCode: Readonly<
      Record<
        | 'NotAuthenticated'
        | 'PermissionDenied'
        | 'RequestNotFound'
        | 'InvalidRequest'
        | 'ModelRejectedRequest'
        | 'PaymentRequired',
        ErrorCode
      >
    >;
    /** The same LanguageModel, here even when the browser's own global is kept. */
    readonly languageModel: LanguageModelConstructor;
  }
}

declare var LanguageModel: LanguageModelConstructor;
declare var Summarizer: SummarizerConstructor;
declare var Writer: WriterConstructor;
declare var Rewriter: RewriterConstructor;
declare var Translator: TranslatorConstructor;
declare var LanguageDetector: LanguageDetectorConstructor;
declare var Proofreader: ProofreaderConstructor;
declare var ai: WindowAI.API;
declare var __window_ai_metadata__: { readonly domain: string; readonly version: string };
