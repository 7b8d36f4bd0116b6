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
 * The page's requested model, if the user let this site choose its own and the model is one
 * of theirs; else the user's default, with its fallback chain. A model the user has not set up
 * is never reached, whatever the page asks.
 */
export function resolveModel(
  call: Pick<PromptCall, 'model'> | undefined,
  settings: Settings,
  siteMayChoose = false,
): ModelTarget {
  const chosen = siteMayChoose && call?.model ? targetOf(call.model, settings) : undefined;
  if (chosen && chosen.provider.models.includes(chosen.model)) return { ...chosen, fallbacks: [] };
  const modelId = settings.defaultModel;
  if (!modelId) throw notConfigured();
  const target = targetOf(modelId, settings);
  if (!target) {
    throw new GatewayError(
      'NotAllowedError',
      `The default model ${modelId} names a provider that is not set up.`,
      ErrorCodes.notAuthenticated,
    );
  }
  // A fallback whose provider was removed since is skipped, not an error: the chain is a wish.
  const fallbacks = settings.fallbackModels
    .filter((id) => id !== modelId)
    .flatMap((id) => targetOf(id, settings) ?? []);
  return { ...target, fallbacks };
}
