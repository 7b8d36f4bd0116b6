import { z } from 'zod';
import { BUILT_IN_MODEL, CustomModelUrl, OnDeviceModelId } from './catalog';

/** The port the worker opens to the page that hosts the engine; one port per job. */
export const ENGINE_PORT_NAME = 'on-device-engine';

// The worker loads this module for the port's name at every start, and needs the schemas only
// for an on-device call: each is built on its first parse (z.lazy), off the path of a cold start.
const ModelRef = z.lazy(() =>
  z.strictObject({
    id: OnDeviceModelId,
    name: z.string().max(200),
    url: CustomModelUrl,
    bytes: z.number().nullable(),
    licence: z.string().max(200),
  }),
);

const ChatMessage = z.lazy(() =>
  z.object({
    role: z.enum(['system', 'user', 'assistant']),
    content: z.union([z.string(), z.array(z.strictObject({ type: z.literal('text'), text: z.string() }))]).nullable(),
  }),
);

/** A message's text, as the SDK writes it: a string, or text parts. */
export const chatText = (content: z.infer<typeof ChatMessage>['content']): string =>
  typeof content === 'string' ? content : (content ?? []).map((p) => p.text).join('');

/** The subset of a Chat Completions body the engine runs; the AI SDK writes it. */
const chatBody = <M extends z.ZodType<string>>(model: M) =>
  z.object({
    model,
    messages: z.array(ChatMessage).min(1),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
    max_tokens: z.int().min(1).optional(),
    max_completion_tokens: z.int().min(1).optional(),
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.int().min(1).optional(),
    stop: z.union([z.string(), z.array(z.string())]).optional(),
    seed: z.int().optional(),
    response_format: z
      .object({
        type: z.enum(['text', 'json_object', 'json_schema']),
        json_schema: z.object({ name: z.string(), schema: z.unknown() }).optional(),
      })
      .optional(),
  });
export const ChatBody = z.lazy(() => chatBody(OnDeviceModelId));
export type ChatBody = z.infer<typeof ChatBody>;
/** The same, for the browser's own model, which has one name. */
export const NativeChatBody = z.lazy(() => chatBody(z.literal(BUILT_IN_MODEL)));
export type NativeChatBody = z.infer<typeof NativeChatBody>;

export const EngineJob = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('chat'), body: ChatBody }),
    z.strictObject({ type: z.literal('download'), model: ModelRef }),
    z.strictObject({ type: z.literal('delete'), id: OnDeviceModelId }),
    /** The browser's own model (Chrome's Gemini Nano), through its Prompt API in the engine's page. */
    z.strictObject({ type: z.literal('native-chat'), body: NativeChatBody }),
    z.strictObject({ type: z.literal('native-info') }),
  ]),
);
export type EngineJob = z.infer<typeof EngineJob>;

/** What the engine sends back. `status` is an HTTP status, so the SDK reports errors as it would a server's. */
export type EngineReply =
  | { type: 'chunk'; chunk: unknown }
  | { type: 'result'; response: unknown }
  | { type: 'progress'; loaded: number; total: number | null }
  | { type: 'done' }
  | { type: 'error'; status: number; message: string };
