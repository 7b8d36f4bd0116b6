import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Call, ModelId, PromptCall } from '@/lib/protocol/call';
import { PageMessage, PortMessage } from '@/lib/protocol/channel';
import { Limits } from '@/lib/protocol/limits';
import { ProviderConfig, SETTINGS_VERSION, Settings, defaultSettings } from '@/lib/settings/schema';
import { ProviderInput } from '@/lib/settings/schema';
import { uiCalls } from '@/lib/ui-service/calls';

/** Each UI call's request schema, by name, from the one table of calls. */
const UiRequests = Object.fromEntries(Object.entries(uiCalls).map(([name, { request }]) => [name, request])) as {
  [K in keyof typeof uiCalls]: (typeof uiCalls)[K]['request'];
};

// Every boundary schema, table driven: good inputs must pass unchanged in meaning, and every
// bad input must be refused with at least one issue that says why.

type Case = {
  name: string;
  schema: z.core.$ZodType & { safeParse(input: unknown): { success: boolean; error?: z.core.$ZodError } };
  input: unknown;
};
/** `at` is the path, dot-joined, of the issue the case is meant to trip ('' for the root). */
type BadCase = Case & { at: string };

const user = (content: unknown = 'hello') => ({ role: 'user', content });
const prompt = (extra: Record<string, unknown> = {}) => ({ op: 'prompt', messages: [user()], ...extra });
const provider = (extra: Record<string, unknown> = {}) => ({
  id: 'local',
  kind: 'openai-compatible',
  label: 'Local',
  baseURL: 'http://127.0.0.1:11434/v1',
  models: ['llama3.2'],
  ...extra,
});
const providerInput = (extra: Record<string, unknown> = {}) => ({ ...provider(), ...extra });
const settings = (extra: Record<string, unknown> = {}) => ({ ...defaultSettings(), ...extra });

const good: Case[] = [
  {
    name: 'PageMessage: request with a minimal prompt',
    schema: PageMessage,
    input: { type: 'request', call: prompt() },
  },
  { name: 'PageMessage: abort', schema: PageMessage, input: { type: 'abort' } },
  {
    name: 'PageMessage: request for availability',
    schema: PageMessage,
    input: { type: 'request', call: { op: 'availability' } },
  },
  { name: 'PortMessage: call for the model', schema: PortMessage, input: { type: 'call', call: { op: 'model' } } },
  {
    name: 'PromptCall: every option at its edge',
    schema: PromptCall,
    input: prompt({
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'x'.repeat(Limits.maxTextChars) },
        { role: 'assistant', content: '' },
      ],
      model: 'openrouter/meta-llama/llama-3.1-8b-instruct',
      temperature: 2,
      topK: 1_000,
      maxOutputTokens: 1,
      stopSequences: ['a', 'b', 'c', 'd'],
    }),
  },
  { name: 'PromptCall: temperature 0, topK 1', schema: PromptCall, input: prompt({ temperature: 0, topK: 1 }) },
  {
    name: 'PromptCall: exactly maxChatMessages messages',
    schema: PromptCall,
    input: prompt({ messages: Array.from({ length: Limits.maxChatMessages }, () => user()) }),
  },
  { name: 'Call: availability', schema: Call, input: { op: 'availability' } },
  {
    name: 'ModelId: provider/model of max length',
    schema: ModelId,
    input: `p/${'m'.repeat(Limits.maxModelIdChars - 2)}`,
  },
  { name: 'Settings: defaults', schema: Settings, input: defaultSettings() },
  {
    name: 'Settings: one provider and a default model',
    schema: Settings,
    input: settings({ providers: [provider()], defaultModel: 'local/llama3.2', keepNativeLanguageModel: true }),
  },
  {
    name: 'ProviderConfig: https base URL',
    schema: ProviderConfig,
    input: provider({ id: 'open-ai2', baseURL: 'https://api.example.com/v1' }),
  },
  { name: 'ProviderInput: with an API key', schema: ProviderInput, input: providerInput({ apiKey: 'sk-test' }) },
  { name: 'ProviderInput: without an API key', schema: ProviderInput, input: providerInput() },
  { name: 'UiRequests.getState: undefined', schema: UiRequests.getState, input: undefined },
  { name: 'UiRequests.setDefaultModel: a model id', schema: UiRequests.setDefaultModel, input: 'openai/gpt-4o-mini' },
  {
    name: 'UiRequests.testConnection: provider and model',
    schema: UiRequests.testConnection,
    input: { provider: providerInput(), model: 'llama3.2' },
  },
  // Response constraints, writing tasks, tools, sessions and tool results.
  {
    name: 'PromptCall: a JSON Schema constraint, omitted from the input',
    schema: PromptCall,
    input: prompt({ constraint: { schema: '{"type":"object"}' }, omitConstraintInput: true }),
  },
  {
    name: 'PromptCall: a regex constraint with flags',
    schema: PromptCall,
    input: prompt({ constraint: { regex: 'yes|no', flags: 'iu' } }),
  },
  {
    name: 'PromptCall: a summarize task with every option',
    schema: PromptCall,
    input: prompt({
      task: {
        kind: 'summarize',
        type: 'tl;dr',
        format: 'plain-text',
        length: 'long',
        sharedContext: 's',
        context: 'c',
        outputLanguage: 'en',
        expectedInputLanguages: ['en', 'de'],
        expectedContextLanguages: null,
      },
    }),
  },
  {
    name: 'PromptCall: one tool',
    schema: PromptCall,
    input: prompt({ tools: [{ name: 'get_weather-2', description: 'd', inputSchema: '{}' }] }),
  },
  {
    name: 'Call: session for a writer',
    schema: Call,
    input: { op: 'session', task: { kind: 'write', tone: 'casual' } },
  },
  {
    name: 'PageMessage: a tool result',
    schema: PageMessage,
    input: { type: 'tool-result', id: 't1', result: 'sunny' },
  },
  { name: 'PortMessage: a tool error', schema: PortMessage, input: { type: 'tool-result', id: 't1', error: 'failed' } },
];

const bad: BadCase[] = [
  // Type tags and shapes at the page → content boundary.
  { name: 'PageMessage: unknown type tag', at: 'type', schema: PageMessage, input: { type: 'call', call: prompt() } },
  {
    name: 'PageMessage: type tag in the wrong case',
    at: 'type',
    schema: PageMessage,
    input: { type: 'Request', call: prompt() },
  },
  { name: 'PageMessage: missing type', at: 'type', schema: PageMessage, input: { call: prompt() } },
  { name: 'PageMessage: request without a call', at: 'call', schema: PageMessage, input: { type: 'request' } },
  { name: 'PageMessage: abort with an extra key', at: '', schema: PageMessage, input: { type: 'abort', reason: 'x' } },
  {
    name: 'PageMessage: origin smuggled next to the call',
    at: '',
    schema: PageMessage,
    input: { type: 'request', call: prompt(), origin: 'https://bank.example' },
  },
  { name: 'PageMessage: an array', at: '', schema: PageMessage, input: ['request', prompt()] },
  { name: 'PageMessage: null', at: '', schema: PageMessage, input: null },
  { name: 'PageMessage: undefined', at: '', schema: PageMessage, input: undefined },
  { name: 'PageMessage: a number', at: '', schema: PageMessage, input: 42 },
  { name: 'PageMessage: a string', at: '', schema: PageMessage, input: '{"type":"abort"}' },
  {
    name: 'PageMessage: __proto__ key from JSON.parse',
    at: '',
    schema: PageMessage,
    input: JSON.parse('{"type":"abort","__proto__":{"polluted":true}}'),
  },
  // Content → background.
  {
    name: 'PortMessage: page-side tag "request"',
    at: 'type',
    schema: PortMessage,
    input: { type: 'request', call: prompt() },
  },
  {
    name: 'PortMessage: origin smuggled into the call',
    at: 'call',
    schema: PortMessage,
    input: { type: 'call', call: prompt({ origin: 'https://bank.example' }) },
  },
  {
    name: 'PortMessage: tabId smuggled at the top level',
    at: '',
    schema: PortMessage,
    input: { type: 'call', call: { op: 'model' }, tabId: 1 },
  },
  { name: 'PortMessage: call is an array', at: 'call', schema: PortMessage, input: { type: 'call', call: [prompt()] } },
  // The Call union and PromptCall.
  { name: 'Call: unknown op', at: 'op', schema: Call, input: { op: 'embed' } },
  {
    name: 'Call: availability with an extra key',
    at: '',
    schema: Call,
    input: { op: 'availability', model: 'openai/x' },
  },
  {
    name: 'Call: origin smuggled into a prompt',
    at: '',
    schema: Call,
    input: prompt({ origin: 'https://bank.example' }),
  },
  {
    name: 'Call: __proto__ payload from JSON.parse',
    at: '',
    schema: Call,
    input: JSON.parse('{"op":"prompt","messages":[{"role":"user","content":"hi"}],"__proto__":{"isAdmin":true}}'),
  },
  {
    name: 'Call: fields only under __proto__',
    at: 'op',
    schema: Call,
    input: JSON.parse('{"__proto__":{"op":"availability"}}'),
  },
  {
    name: 'PromptCall: role not in the enum',
    at: 'messages.0.role',
    schema: PromptCall,
    input: prompt({ messages: [{ role: 'tool', content: 'x' }] }),
  },
  {
    name: 'PromptCall: role in the wrong case',
    at: 'messages.0.role',
    schema: PromptCall,
    input: prompt({ messages: [{ role: 'User', content: 'x' }] }),
  },
  { name: 'PromptCall: empty messages array', at: 'messages', schema: PromptCall, input: prompt({ messages: [] }) },
  {
    name: 'PromptCall: one message too many',
    at: 'messages',
    schema: PromptCall,
    input: prompt({ messages: Array.from({ length: Limits.maxChatMessages + 1 }, () => user()) }),
  },
  {
    name: 'PromptCall: content one char too long',
    at: 'messages.0.content',
    schema: PromptCall,
    input: prompt({ messages: [user('x'.repeat(Limits.maxTextChars + 1))] }),
  },
  {
    name: 'PromptCall: content is a number',
    at: 'messages.0.content',
    schema: PromptCall,
    input: prompt({ messages: [user(5)] }),
  },
  {
    name: 'PromptCall: content is an object',
    at: 'messages.0.content',
    schema: PromptCall,
    input: prompt({ messages: [user({ text: 'hi' })] }),
  },
  {
    name: 'PromptCall: message with an extra key',
    at: 'messages.0',
    schema: PromptCall,
    input: prompt({ messages: [{ ...user(), name: 'bob' }] }),
  },
  {
    name: 'PromptCall: messages is an object',
    at: 'messages',
    schema: PromptCall,
    input: prompt({ messages: { 0: user() } }),
  },
  {
    name: 'PromptCall: temperature above 2',
    at: 'temperature',
    schema: PromptCall,
    input: prompt({ temperature: 2.01 }),
  },
  {
    name: 'PromptCall: temperature negative',
    at: 'temperature',
    schema: PromptCall,
    input: prompt({ temperature: -0.1 }),
  },
  {
    name: 'PromptCall: temperature NaN',
    at: 'temperature',
    schema: PromptCall,
    input: prompt({ temperature: Number.NaN }),
  },
  {
    name: 'PromptCall: temperature Infinity',
    at: 'temperature',
    schema: PromptCall,
    input: prompt({ temperature: Number.POSITIVE_INFINITY }),
  },
  {
    name: 'PromptCall: temperature as a string',
    at: 'temperature',
    schema: PromptCall,
    input: prompt({ temperature: '1' }),
  },
  { name: 'PromptCall: topK not an integer', at: 'topK', schema: PromptCall, input: prompt({ topK: 1.5 }) },
  { name: 'PromptCall: topK 0', at: 'topK', schema: PromptCall, input: prompt({ topK: 0 }) },
  {
    name: 'PromptCall: maxOutputTokens negative',
    at: 'maxOutputTokens',
    schema: PromptCall,
    input: prompt({ maxOutputTokens: -1 }),
  },
  {
    name: 'PromptCall: maxOutputTokens over a million',
    at: 'maxOutputTokens',
    schema: PromptCall,
    input: prompt({ maxOutputTokens: 1_000_001 }),
  },
  {
    name: 'PromptCall: model without a provider ("gpt4")',
    at: 'model',
    schema: PromptCall,
    input: prompt({ model: 'gpt4' }),
  },
  {
    name: 'PromptCall: model with a space and capitals ("Open AI/x")',
    at: 'model',
    schema: PromptCall,
    input: prompt({ model: 'Open AI/x' }),
  },
  { name: 'PromptCall: model "../x"', at: 'model', schema: PromptCall, input: prompt({ model: '../x' }) },
  {
    name: 'PromptCall: model with an empty model part',
    at: 'model',
    schema: PromptCall,
    input: prompt({ model: 'openai/' }),
  },
  {
    name: 'PromptCall: model one char too long',
    at: 'model',
    schema: PromptCall,
    input: prompt({ model: `p/${'m'.repeat(Limits.maxModelIdChars - 1)}` }),
  },
  {
    name: 'PromptCall: model with a trailing newline',
    at: 'model',
    schema: PromptCall,
    input: prompt({ model: 'openai/gpt-4o\n' }),
  },
  {
    name: 'PromptCall: five stop sequences',
    at: 'stopSequences',
    schema: PromptCall,
    input: prompt({ stopSequences: ['a', 'b', 'c', 'd', 'e'] }),
  },
  {
    name: 'PromptCall: stop sequence too long',
    at: 'stopSequences.0',
    schema: PromptCall,
    input: prompt({ stopSequences: ['x'.repeat(101)] }),
  },
  {
    name: 'PromptCall: op "availability" is not a prompt',
    at: 'op',
    schema: PromptCall,
    input: { op: 'availability' },
  },
  // Settings and providers.
  { name: 'Settings: version 0', at: 'version', schema: Settings, input: settings({ version: 0 }) },
  {
    name: 'Settings: a version from a newer extension',
    at: 'version',
    schema: Settings,
    input: settings({ version: SETTINGS_VERSION + 1 }),
  },
  { name: 'Settings: version as a string', at: 'version', schema: Settings, input: settings({ version: '1' }) },
  {
    name: 'Settings: missing keepNativeLanguageModel',
    at: 'keepNativeLanguageModel',
    schema: Settings,
    input: { version: 1, providers: [], defaultModel: null },
  },
  { name: 'Settings: an unknown key', at: '', schema: Settings, input: settings({ apiKey: 'sk-x' }) },
  {
    name: 'Settings: defaultModel without a provider',
    at: 'defaultModel',
    schema: Settings,
    input: settings({ defaultModel: 'gpt4' }),
  },
  {
    name: 'Settings: providers is an object',
    at: 'providers',
    schema: Settings,
    input: settings({ providers: { local: provider() } }),
  },
  { name: 'Settings: an array', at: '', schema: Settings, input: [defaultSettings()] },
  {
    name: 'ProviderConfig: javascript: base URL',
    at: 'baseURL',
    schema: ProviderConfig,
    input: provider({ baseURL: 'javascript:alert(1)' }),
  },
  {
    name: 'ProviderConfig: file: base URL',
    at: 'baseURL',
    schema: ProviderConfig,
    input: provider({ baseURL: 'file:///etc/passwd' }),
  },
  {
    name: 'ProviderConfig: ftp: base URL',
    at: 'baseURL',
    schema: ProviderConfig,
    input: provider({ baseURL: 'ftp://example.com/v1' }),
  },
  {
    name: 'ProviderConfig: data: base URL',
    at: 'baseURL',
    schema: ProviderConfig,
    input: provider({ baseURL: 'data:text/plain,hi' }),
  },
  {
    name: 'ProviderConfig: base URL not a URL',
    at: 'baseURL',
    schema: ProviderConfig,
    input: provider({ baseURL: 'not a url' }),
  },
  { name: 'ProviderConfig: id with capitals', at: 'id', schema: ProviderConfig, input: provider({ id: 'OpenAI' }) },
  { name: 'ProviderConfig: id with a space', at: 'id', schema: ProviderConfig, input: provider({ id: 'my provider' }) },
  { name: 'ProviderConfig: empty id', at: 'id', schema: ProviderConfig, input: provider({ id: '' }) },
  { name: 'ProviderConfig: id of 41 chars', at: 'id', schema: ProviderConfig, input: provider({ id: 'a'.repeat(41) }) },
  { name: 'ProviderConfig: wrong kind', at: 'kind', schema: ProviderConfig, input: provider({ kind: 'bedrock' }) },
  { name: 'ProviderConfig: empty label', at: 'label', schema: ProviderConfig, input: provider({ label: '' }) },
  {
    name: 'ProviderConfig: a model name of 161 chars',
    at: 'models.0',
    schema: ProviderConfig,
    input: provider({ models: ['m'.repeat(161)] }),
  },
  {
    name: 'ProviderConfig: an API key smuggled in',
    at: '',
    schema: ProviderConfig,
    input: provider({ apiKey: 'sk-x' }),
  },
  // UI requests.
  { name: 'ProviderInput: unknown kind', at: 'kind', schema: ProviderInput, input: providerInput({ kind: 'bedrock' }) },
  {
    name: 'ProviderInput: unknown extra key',
    at: '',
    schema: ProviderInput,
    input: providerInput({ headers: { 'x-evil': '1' } }),
  },
  {
    name: 'ProviderInput: API key too long',
    at: 'apiKey',
    schema: ProviderInput,
    input: providerInput({ apiKey: 'k'.repeat(501) }),
  },
  {
    name: 'ProviderInput: API key is a number',
    at: 'apiKey',
    schema: ProviderInput,
    input: providerInput({ apiKey: 12345 }),
  },
  {
    name: 'ProviderInput: id with capitals and spaces',
    at: 'id',
    schema: ProviderInput,
    input: providerInput({ id: 'My Provider' }),
  },
  {
    name: 'ProviderInput: javascript: base URL',
    at: 'baseURL',
    schema: ProviderInput,
    input: providerInput({ baseURL: 'javascript:fetch(1)' }),
  },
  { name: 'UiRequests.getState: null', at: '', schema: UiRequests.getState, input: null },
  { name: 'UiRequests.getState: an object', at: '', schema: UiRequests.getState, input: {} },
  { name: 'UiRequests.setDefaultModel: "gpt4"', at: '', schema: UiRequests.setDefaultModel, input: 'gpt4' },
  { name: 'UiRequests.setDefaultModel: null', at: '', schema: UiRequests.setDefaultModel, input: null },
  { name: 'UiRequests.removeProvider: 41 chars', at: '', schema: UiRequests.removeProvider, input: 'a'.repeat(41) },
  { name: 'UiRequests.removeProvider: a number', at: '', schema: UiRequests.removeProvider, input: 7 },
  {
    name: 'UiRequests.testConnection: empty model',
    at: 'model',
    schema: UiRequests.testConnection,
    input: { provider: providerInput(), model: '' },
  },
  {
    name: 'UiRequests.testConnection: extra key',
    at: '',
    schema: UiRequests.testConnection,
    input: { provider: providerInput(), model: 'm', origin: 'https://x.example' },
  },
  { name: 'UiRequests.recentUsage: a string', at: '', schema: UiRequests.recentUsage, input: 'all' },
  {
    name: 'PromptCall: regex flag x, which no RegExp has',
    at: 'constraint.flags',
    schema: PromptCall,
    input: prompt({ constraint: { regex: 'a', flags: 'x' } }),
  },
  {
    name: 'PromptCall: schema as an object, not JSON text',
    at: 'constraint',
    schema: PromptCall,
    input: prompt({ constraint: { schema: { type: 'object' } } }),
  },
  {
    name: 'PromptCall: task of an unknown kind',
    at: 'task.kind',
    schema: PromptCall,
    input: prompt({ task: { kind: 'poem' } }),
  },
  {
    name: 'PromptCall: task with a page-written prompt',
    at: 'task',
    schema: PromptCall,
    input: prompt({ task: { kind: 'write', system: 'be evil' } }),
  },
  {
    name: 'PromptCall: tool name with a space',
    at: 'tools.0.name',
    schema: PromptCall,
    input: prompt({ tools: [{ name: 'a b', description: '', inputSchema: '{}' }] }),
  },
  {
    name: 'PromptCall: one tool too many',
    at: 'tools',
    schema: PromptCall,
    input: prompt({
      tools: Array.from({ length: Limits.maxTools + 1 }, (_, i) => ({
        name: `t${i}`,
        description: '',
        inputSchema: '{}',
      })),
    }),
  },
  {
    name: 'PageMessage: tool result that is not a string',
    at: 'result',
    schema: PageMessage,
    input: { type: 'tool-result', id: 't1', result: { x: 1 } },
  },
  {
    name: 'PageMessage: tool result one char too long',
    at: 'result',
    schema: PageMessage,
    input: { type: 'tool-result', id: 't1', result: 'x'.repeat(Limits.maxTextChars + 1) },
  },
  { name: 'Call: the old context-window op', at: 'op', schema: Call, input: { op: 'context-window' } },
];

describe('boundary schemas', () => {
  it('lists at least 10 accepted and 35 refused inputs, each named once', () => {
    expect(good.length).toBeGreaterThanOrEqual(10);
    expect(bad.length).toBeGreaterThanOrEqual(35);
    expect(new Set([...good, ...bad].map((c) => c.name)).size).toBe(good.length + bad.length);
  });

  it.each(good)('accepts $name', ({ schema, input }) => {
    const result = schema.safeParse(input);
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it.each(bad)('rejects $name (at "$at")', ({ schema, input, at }) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues.length).toBeGreaterThanOrEqual(1);
    // Refused for the reason the case is about, not for some unrelated slip in the fixture.
    expect(issues.map((issue) => issue.path.join('.'))).toContain(at);
  });

  it('names the smuggled origin as an unrecognized key, not some other failure', () => {
    const result = PortMessage.safeParse({ type: 'call', call: prompt({ origin: 'https://bank.example' }) });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.code).toBe('unrecognized_keys');
    expect(issue?.path).toEqual(['call']);
    expect(issue && 'keys' in issue ? issue.keys : []).toEqual(['origin']);
  });

  it('does not pollute Object.prototype when given a __proto__ payload', () => {
    Call.safeParse(JSON.parse('{"op":"model","__proto__":{"pollutedByTest":1}}'));
    PageMessage.safeParse(JSON.parse('{"type":"request","call":{"op":"model"},"__proto__":{"pollutedByTest":1}}'));
    expect(({} as Record<string, unknown>).pollutedByTest).toBeUndefined();
  });

  it('keeps of a RegExp’s flags only those a whole-answer test uses (i, m, s, u)', () => {
    expect(PromptCall.parse(prompt({ constraint: { regex: 'a', flags: 'dgimsuy' } })).constraint).toEqual({
      regex: 'a',
      flags: 'imsu',
    });
  });

  it('returns the parsed call without fields it was not given', () => {
    const result = PortMessage.safeParse({ type: 'call', call: prompt({ temperature: 0.5 }) });
    expect(result.data).toEqual({ type: 'call', call: { op: 'prompt', messages: [user()], temperature: 0.5 } });
  });
});
