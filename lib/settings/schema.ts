import { z } from 'zod';
import { Budgets, defaultBudgets } from './budgets';
import { ModelId } from '../protocol/call';

export const ProviderId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a provider id is lower-case letters, digits and dashes');

/**
 * One adapter family each; `openai-compatible` covers LM Studio, llama.cpp, Groq, Together, vLLM;
 * `on-device` is llama.cpp in WebAssembly inside the extension; `built-in` is the browser's own
 * model (Chrome's Gemini Nano) through its Prompt API.
 */
export const ProviderKind = z.enum([
  'openai',
  'anthropic',
  'google',
  'openrouter',
  'ollama',
  'openai-compatible',
  'on-device',
  'built-in',
]);
export type ProviderKind = z.infer<typeof ProviderKind>;

export const ProviderConfig = z.strictObject({
  id: ProviderId,
  kind: ProviderKind,
  label: z.string().min(1).max(80),
  baseURL: z.url({ protocol: /^https?$/, error: 'the base URL must be an http(s) URL' }).max(2_000),
  models: z.array(z.string().min(1).max(160)).max(500),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

/** A provider as the options form submits it. An empty key keeps the stored one. */
export const ProviderInput = ProviderConfig.extend({
  apiKey: z.string().max(500).optional(),
});
export type ProviderInput = z.infer<typeof ProviderInput>;

/** USD per token. Per-token rather than per-million so that cost is one multiplication. */
export const PricePair = z.strictObject({
  input: z.number().min(0).max(1),
  output: z.number().min(0).max(1),
});
export type PricePair = z.infer<typeof PricePair>;

/** The user's own price for a model, with the time it was set. */
export const PriceOverride = PricePair.extend({ asOf: z.int().min(0) });
export type PriceOverride = z.infer<typeof PriceOverride>;

/** What the user says a model reads besides text, when its provider's list does not tell. */
export const ModelInputs = z.array(z.enum(['image', 'audio'])).max(2);
export type ModelInputs = z.infer<typeof ModelInputs>;

/** The user's word on how many tokens a model's context window holds. */
export const ModelWindow = z.int().min(1).max(100_000_000);

export const SETTINGS_VERSION = 6;

export const Settings = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  providers: z.array(ProviderConfig).max(50),
  defaultModel: z.nullable(ModelId),
  /** Tried in order when the default model fails with 429, 5xx or a network error before its first token. */
  fallbackModels: z.array(ModelId).max(5),
  /** The user's own prices, which win over OpenRouter's list and the bundled table. */
  priceOverrides: z.record(ModelId, PriceOverride),
  /** The user's word on what a model reads besides text, which wins over every list and rule. */
  modelInputs: z.record(ModelId, ModelInputs),
  /** The user's word on a model's context window in tokens, which wins over every list, table and lesson. */
  modelWindows: z.record(ModelId, ModelWindow),
  /** Leave the browser's own built-in LanguageModel global in place (ours stays on window.ai). */
  keepNativeLanguageModel: z.boolean(),
  budgets: Budgets,
  /** Keep each request's prompt and answer in the usage history. Off unless the user turns it on. */
  keepHistory: z.boolean(),
  /**
   * False until the daily budgets older versions kept on site grants have been moved into
   * budgets.sites, their one home (once, at the worker's start).
   */
  grantBudgetsMoved: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

export const defaultSettings = (): Settings => ({
  version: SETTINGS_VERSION,
  providers: [],
  defaultModel: null,
  fallbackModels: [],
  priceOverrides: {},
  modelInputs: {},
  modelWindows: {},
  keepNativeLanguageModel: false,
  budgets: defaultBudgets(),
  keepHistory: false,
  // Settings stored nowhere may still sit beside older grants: the first start looks.
  grantBudgetsMoved: false,
});

/** Splits `provider/model` at its first slash: model names may hold slashes of their own. */
export function splitModelId(id: string): { providerId: string; model: string } {
  const slash = id.indexOf('/');
  return { providerId: id.slice(0, slash), model: id.slice(slash + 1) };
}

/** What extension pages may know: settings, and which providers hold a key, never the key. */
export interface UiState {
  settings: Settings;
  providersWithKey: string[];
}
