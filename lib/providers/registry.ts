import type { ProviderKind } from '../settings/schema';
import type { ProviderAdapter } from './adapter';
import { anthropic } from './anthropic';
import { builtIn } from './built-in';
import { google } from './google';
import { ollama } from './ollama';
import { onDevice } from './on-device';
import { openAI } from './openai';
import { openAICompatible } from './openai-compatible';
import { openRouter } from './openrouter';

const adapters: Record<ProviderKind, ProviderAdapter> = {
  openai: openAI,
  anthropic,
  google,
  openrouter: openRouter,
  ollama,
  'openai-compatible': openAICompatible,
  'on-device': onDevice,
  'built-in': builtIn,
};

export function adapterFor(kind: ProviderKind): ProviderAdapter {
  return adapters[kind];
}
