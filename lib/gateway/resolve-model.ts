import type { PromptCall } from '../protocol/call';
import { splitModelId, type ProviderConfig, type Settings } from '../settings/schema';
import { GatewayError, notConfigured } from './errors';
import { ErrorCodes } from '../protocol/wire';

export interface ModelTarget {
  modelId: string;
  model: string;
  provider: ProviderConfig;
  /** Tried in order on 429, 5xx or a network error before the first token. */
  fallbacks?: ModelTarget[];
}

function targetOf(modelId: string, settings: Settings): ModelTarget | undefined {
  const { providerId, model } = splitModelId(modelId);
  const provider = settings.providers.find((p) => p.id === providerId);
  return provider && { modelId, model, provider };
}

/**
 * The page's requested model is not honoured yet: per-site model choice arrives with consent
 * scopes. Until then every call runs on the user's default model and its fallback chain.
 */
export function resolveModel(_call: Pick<PromptCall, 'model'> | undefined, settings: Settings): ModelTarget {
  const modelId = settings.defaultModel;
  if (!modelId) throw notConfigured();
  const target = targetOf(modelId, settings);
  if (!target) {
    throw new GatewayError('NotAllowedError', `The default model ${modelId} names a provider that is not set up.`, ErrorCodes.notAuthenticated);
  }
  // A fallback whose provider was removed since is skipped, not an error: the chain is a wish.
  const fallbacks = settings.fallbackModels.filter((id) => id !== modelId).flatMap((id) => targetOf(id, settings) ?? []);
  return { ...target, fallbacks };
}
