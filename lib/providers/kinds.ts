import type { ProviderKind } from '../settings/schema';

/** What the setup form needs to know of each family; free of SDK imports, so pages stay light. */
export interface KindInfo {
  kind: ProviderKind;
  label: string;
  baseURL: string;
  needsKey: boolean;
  /** Where the user gets a key, or how to start the server. */
  hint: string;
  exampleModel: string;
}

export const KINDS: readonly KindInfo[] = [
  { kind: 'on-device', label: 'On-device (private, free)', baseURL: 'https://huggingface.co', needsKey: false, hint: 'Runs a small model inside this browser. No key, no server, nothing leaves this computer.', exampleModel: '' },
  {
    kind: 'built-in',
    label: 'Built-in (on-device, free)',
    baseURL: 'https://developer.chrome.com/docs/ai/built-in',
    needsKey: false,
    hint: 'The model built into this browser (Gemini Nano in Chrome). The browser downloads it once and runs it on this computer: free, and nothing leaves it.',
    exampleModel: 'gemini-nano',
  },
  { kind: 'openai', label: 'OpenAI', baseURL: 'https://api.openai.com/v1', needsKey: true, hint: 'Create a key at platform.openai.com → API keys.', exampleModel: 'gpt-4o-mini' },
  { kind: 'anthropic', label: 'Anthropic', baseURL: 'https://api.anthropic.com/v1', needsKey: true, hint: 'Create a key at console.anthropic.com → API keys.', exampleModel: 'claude-3-5-haiku-latest' },
  { kind: 'google', label: 'Google Gemini', baseURL: 'https://generativelanguage.googleapis.com/v1beta', needsKey: true, hint: 'Create a key at aistudio.google.com → Get API key.', exampleModel: 'gemini-2.5-flash' },
  { kind: 'openrouter', label: 'OpenRouter', baseURL: 'https://openrouter.ai/api/v1', needsKey: true, hint: 'Connect your OpenRouter account, or paste a key from openrouter.ai/keys. One key reaches hundreds of models.', exampleModel: 'openai/gpt-4o-mini' },
  { kind: 'ollama', label: 'Ollama (on this computer)', baseURL: 'http://localhost:11434', needsKey: false, hint: 'Runs models on your own computer, free. Install it from ollama.com and pull a model, e.g. ollama pull llama3.2.', exampleModel: 'llama3.2' },
  { kind: 'openai-compatible', label: 'Other OpenAI-compatible server', baseURL: 'http://localhost:1234/v1', needsKey: false, hint: 'LM Studio (http://localhost:1234/v1), llama.cpp (http://localhost:8080/v1), Groq (https://api.groq.com/openai/v1), Together (https://api.together.xyz/v1), vLLM.', exampleModel: '' },
];

export const kindInfo = (kind: ProviderKind): KindInfo => KINDS.find((k) => k.kind === kind)!;
