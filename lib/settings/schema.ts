import { z } from 'zod';
import { ModelId } from '../protocol/call';

export const ProviderId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a provider id is lower-case letters, digits and dashes');

export const ProviderConfig = z.strictObject({
  id: ProviderId,
  kind: z.literal('openai-compatible'),
  label: z.string().min(1).max(80),
  baseURL: z
    .url({ protocol: /^https?$/, error: 'the base URL must be an http(s) URL' })
    .max(2_000),
  models: z.array(z.string().min(1).max(160)).max(500),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

export const SETTINGS_VERSION = 1;

export const Settings = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  providers: z.array(ProviderConfig).max(50),
  defaultModel: ModelId.nullable(),
  /** Leave the browser's own built-in LanguageModel global in place (ours stays on window.ai). */
  keepNativeLanguageModel: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

export const defaultSettings = (): Settings => ({
  version: SETTINGS_VERSION,
  providers: [],
  defaultModel: null,
  keepNativeLanguageModel: false,
});

/** Splits `provider/model` at its first slash: model names may hold slashes of their own. */
export function splitModelId(id: string): { providerId: string; model: string } {
  const slash = id.indexOf('/');
  return { providerId: id.slice(0, slash), model: id.slice(slash + 1) };
}
