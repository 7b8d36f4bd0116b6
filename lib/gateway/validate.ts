import { Call } from '../protocol/call';
import { PortMessage } from '../protocol/channel';
import { describeIssue } from '../protocol/describe-issue';
import { Limits, checkBounds } from '../protocol/limits';
import { invalidRequest } from './errors';
import { checkSchema } from './json-schema-check';
import { parsedSchema, prefixOf, readablePattern } from './structured-output';

/**
 * Refuses, before consent and before any provider call, a constraint or tool schema the worker
 * could not follow in bounded time: its patterns compile for the linear-time engine, its depth
 * and $refs are bounded. A tool's patterns are the provider's to apply, never run here.
 */
export function preflightCall(call: Call): void {
  if (call.op !== 'prompt') return;
  const constraint = call.constraint;
  // The page's own prefix is part of what the pattern will read: too long a prefix is known now.
  if (constraint && 'regex' in constraint) readablePattern(constraint, prefixOf(call));
  if (constraint && 'schema' in constraint) checkSchema(parsedSchema(constraint));
  for (const tool of call.tools ?? []) checkSchema(parsedSchema({ schema: tool.inputSchema }), { patterns: false });
}

/** Bounds first, schema second: a hostile structure never reaches the schema's recursion. */
export function parsePortMessage(raw: unknown): Call {
  // The content script checked the page's own message; this one carries its encoded media.
  const bounds = checkBounds(raw, Limits.maxEncodedBytes);
  if (!bounds.ok) throw invalidRequest(`the message is ${bounds.reason}`);
  const parsed = PortMessage.safeParse(raw);
  if (!parsed.success) throw invalidRequest(describeIssue(parsed.error));
  if (parsed.data.type !== 'call') throw invalidRequest('a call Port opens with the call');
  preflightCall(parsed.data.call);
  return parsed.data.call;
}
