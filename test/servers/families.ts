// One local server per provider family, each speaking its own wire format, and the provider
// config that points the extension at it. Tests loop over these so every family is held to
// the same behaviour.
import type { ProviderConfig, ProviderKind } from '../../lib/settings/schema';
import { startAnthropicTestServer } from './anthropic';
import { startGeminiTestServer } from './gemini';
import { startOpenAITestServer, type RecordedRequest, type ScriptedReply } from './openai-compatible';
import { SONNET_ON_OPENROUTER, startOpenRouterTestServer } from './openrouter';

export const FAMILY_KEY = 'sk-family-SECRET-0123456789abcdef';

export interface FamilyServer {
  config: ProviderConfig;
  model: string;
  requests: RecordedRequest[];
  contractErrors: string[];
  readonly closedEarly: number;
  script(reply: ScriptedReply): void;
  nextClose(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface Family {
  kind: ProviderKind;
  /** The key the server wants, or undefined for a keyless local server. */
  apiKey: string | undefined;
  start(): Promise<FamilyServer>;
}

const config = (kind: ProviderKind, baseURL: string, model: string): ProviderConfig => ({
  id: `${kind}-test`,
  kind,
  label: `${kind} test`,
  baseURL,
  models: [model],
});

/** Wraps a server so closedEarly stays live rather than copied. */
function family(
  server: { closedEarly: number } & Omit<FamilyServer, 'config' | 'model' | 'closedEarly'>,
  cfg: ProviderConfig,
): FamilyServer {
  return {
    config: cfg,
    model: cfg.models[0]!,
    requests: server.requests,
    contractErrors: server.contractErrors,
    get closedEarly() {
      return server.closedEarly;
    },
    script: (reply) => server.script(reply),
    nextClose: (ms) => server.nextClose(ms),
    close: () => server.close(),
  };
}

export const FAMILIES: Family[] = [
  {
    kind: 'openai',
    apiKey: FAMILY_KEY,
    start: async () => {
      const s = await startOpenAITestServer({ apiKey: FAMILY_KEY, models: ['gpt-test'], strictModels: true });
      return family(s, config('openai', s.url, 'gpt-test'));
    },
  },
  {
    kind: 'anthropic',
    apiKey: FAMILY_KEY,
    start: async () => {
      const s = await startAnthropicTestServer({ apiKey: FAMILY_KEY, models: ['claude-test'] });
      return family(s, config('anthropic', s.url, 'claude-test'));
    },
  },
  {
    kind: 'google',
    apiKey: FAMILY_KEY,
    start: async () => {
      const s = await startGeminiTestServer({ apiKey: FAMILY_KEY, models: ['gemini-test'] });
      return family(s, config('google', s.url, 'gemini-test'));
    },
  },
  {
    kind: 'openrouter',
    apiKey: FAMILY_KEY,
    start: async () => {
      const s = await startOpenRouterTestServer(FAMILY_KEY, [{ ...SONNET_ON_OPENROUTER, id: 'vendor/model-test' }]);
      return family(s, config('openrouter', s.url, 'vendor/model-test'));
    },
  },
  {
    kind: 'ollama',
    apiKey: undefined,
    start: async () => {
      const s = await startOpenAITestServer({
        models: ['llama-test:3b'],
        strictModels: true,
        ollama: { allowOrigin: () => false },
      });
      return family(s, config('ollama', s.origin, 'llama-test:3b'));
    },
  },
  {
    kind: 'openai-compatible',
    apiKey: FAMILY_KEY,
    start: async () => {
      const s = await startOpenAITestServer({ apiKey: FAMILY_KEY, models: ['local-test'], strictModels: true });
      return family(s, config('openai-compatible', s.url, 'local-test'));
    },
  },
];
