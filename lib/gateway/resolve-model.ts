import type { PromptCall } from '../protocol/call';
import { splitModelId, type ProviderConfig, type Settings } from '../settings/schema';
import { GatewayError, notConfigured } from './errors';
import { ErrorCodes } from '../protocol/wire';

export interface ModelTarget {
  modelId: string;
  model: string;
  provider: ProviderConfig;
}

/**
 * The page's requested model is not honoured yet: per-site model choice arrives with consent
 * scopes. Until then every call runs on the user's default model.
 */
export function resolveModel(_call: Pick<PromptCall, 'model'> | undefined, settings: Settings): ModelTarget {
  const modelId = settings.defaultModel;
  if (!modelId) throw notConfigured();
  const { providerId, model } = splitModelId(modelId);
  const provider = settings.providers.find((p) => p.id === providerId);
  if (!provider) {
    throw new GatewayError('NotAllowedError', `The default model ${modelId} names a provider that is not set up.`, ErrorCodes.notAuthenticated);
  }
  return { modelId, model, provider };
}
