import { z } from 'zod/mini';
import { Call } from './call';
import { Limits } from './limits';

/** The page's answer to a tool-call: what its execute function returned, or why it threw. */
export const ToolResult = z.strictObject({
  type: z.literal('tool-result'),
  id: z.string().check(z.maxLength(100)),
  result: z.optional(z.string().check(z.maxLength(Limits.maxTextChars))),
  error: z.optional(z.string().check(z.maxLength(2_000))),
});
export type ToolResult = z.infer<typeof ToolResult>;

/** What the page may send on its MessageChannel: one request, its tool results, at most one abort. */
export const PageMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('request'), call: Call }),
  z.strictObject({ type: z.literal('abort') }),
  ToolResult,
]);
export type PageMessage = z.infer<typeof PageMessage>;

/** The content script's messages on a call Port: the call, then tool results. Abort is the Port's disconnect. */
export const PortMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('call'), call: Call }),
  ToolResult,
]);
export type PortMessage = z.infer<typeof PortMessage>;
