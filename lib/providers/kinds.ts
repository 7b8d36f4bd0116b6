import type { ProviderKind } from '../settings/schema';

/** What the setup form needs to know of each family; free of SDK imports, so pages stay light. */
export interface KindInfo {
  kind: ProviderKind;
  label: string;
  baseURL: string;
  needsKey: boolean;
  exampleModel: string;
}

export const KINDS: readonly KindInfo[] = [
  {
    kind: 'on-device',
    label: 'On-device (private, free)',
    baseURL: 'https://huggingface.co',
    needsKey: false,
    exampleModel: '',
  },
  {
    kind: 'built-in',
    label: 'Built-in (on-device, free)',
    baseURL: 'https://developer.chrome.com/docs/ai/built-in',
    needsKey: false,

    exampleModel: 'gemini-nano',
  },
  {
    kind: 'openai',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    needsKey: true,
    exampleModel: 'gpt-4o-mini',
  },
  {
    kind: 'anthropic',
    label: 'Anthropic',
    baseURL: 'https://api.anthropic.com/v1',
    needsKey: true,
    exampleModel: 'claude-3-5-haiku-latest',
  },
  {
    kind: 'google',
    label: 'Google Gemini',
    baseURL: 'https://generativelanguage.googleapis.com/v1beta',
    needsKey: true,
    exampleModel: 'gemini-2.5-flash',
  },
  {
    kind: 'openrouter',
    label: 'OpenRouter',
    baseURL: 'https://openrouter.ai/api/v1',
    needsKey: true,
    exampleModel: 'openai/gpt-4o-mini',
  },
  {
    kind: 'ollama',
    label: 'Ollama (on this computer)',
    baseURL: 'http://localhost:11434',
    needsKey: false,
    exampleModel: 'llama3.2',
  },
  {
    kind: 'openai-compatible',
    label: 'Other OpenAI-compatible server',
    baseURL: 'http://localhost:1234/v1',
    needsKey: false,
    exampleModel: '',
  },
];

export const kindInfo = (kind: ProviderKind): KindInfo => KINDS.find((k) => k.kind === kind)!;
