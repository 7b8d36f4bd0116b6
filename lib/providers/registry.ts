import type { ProviderConfig } from '../settings/schema';
import type { ProviderAdapter } from './adapter';
import { openAICompatible } from './openai-compatible';

const adapters: Record<ProviderConfig['kind'], ProviderAdapter> = {
  'openai-compatible': openAICompatible,
};

export function adapterFor(kind: ProviderConfig['kind']): ProviderAdapter {
  return adapters[kind];
}
