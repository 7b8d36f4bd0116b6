// OpenRouter speaks Chat Completions under /api/v1, and its model list carries prices; the
// OpenAI stand-in serves both once told where and what.
import { startOpenAITestServer, type OpenAITestServer, type OpenRouterModel } from './openai-compatible';

export const SONNET_ON_OPENROUTER: OpenRouterModel = {
  id: 'anthropic/claude-sonnet-4',
  name: 'Anthropic: Claude Sonnet 4',
  context_length: 200_000,
  pricing: { prompt: '0.000003', completion: '0.000015' },
  architecture: {
    modality: 'text+image->text',
    input_modalities: ['image', 'text', 'file'],
    output_modalities: ['text'],
  },
};

export function startOpenRouterTestServer(apiKey: string, list: OpenRouterModel[]): Promise<OpenAITestServer> {
  return startOpenAITestServer({
    apiKey,
    prefix: '/api/v1',
    models: list.map((m) => m.id),
    strictModels: true,
    openRouterModels: list,
  });
}
