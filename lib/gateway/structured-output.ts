import { Output, jsonSchema } from 'ai';
import type { ChatMessage, PromptCall, ResponseConstraint } from '../protocol/call';
import { ErrorCodes } from '../protocol/wire';
import { GatewayError } from './errors';
import { schemaViolation } from './json-schema-check';
import { PatternLimits, matchWork, pagePattern, type PagePattern } from './patterns';

const unmet = (why: string) =>
  new GatewayError(
    'SyntaxError',
    `The answer does not meet the response constraint: ${why}`,
    ErrorCodes.invalidRequest,
  );

/** The page's JSON Schema, parsed; a schema that is not a JSON object is the page's mistake. */
export function parsedSchema(constraint: ResponseConstraint & { schema: string }): Record<string, unknown> {
  let schema: unknown;
  try {
    schema = JSON.parse(constraint.schema);
  } catch {
    schema = null;
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new GatewayError(
      'TypeError',
      'The response constraint is not a JSON Schema object.',
      ErrorCodes.invalidRequest,
    );
  }
  return schema as Record<string, unknown>;
}

/**
 * The start of the answer the page wrote itself, when its last message is the assistant's (the
 * Prompt API's prefix): the model continues it, so the answer the constraint shapes is the two together.
 */
export function prefixOf(call: PromptCall): string {
  const last = call.messages.at(-1);
  return last?.role === 'assistant' && typeof last.content === 'string' ? last.content : '';
}

/**
 * Asks the provider for JSON through its structured output. Providers' strict modes take an
 * object at the root only; any other schema gets plain JSON mode and the words below. After a
 * prefix neither fits, as the continuation alone is not the whole JSON: the words and the check do.
 */
export function structuredOutputFor(call: PromptCall) {
  const constraint = call.constraint;
  if (!constraint || !('schema' in constraint) || prefixOf(call)) return undefined;
  const schema = parsedSchema(constraint);
  return schema.type === 'object' ? Output.object({ schema: jsonSchema(schema) }) : Output.json();
}

/**
 * Tells the model what shape to answer in, after the last message, unless the page said it
 * wrote that into its own prompt (omitResponseConstraintInput).
 */
export function guidedMessages(call: PromptCall): ChatMessage[] {
  const constraint = call.constraint;
  if (!constraint || call.omitConstraintInput) return call.messages;
  const rule =
    'schema' in constraint
      ? `Respond with JSON only, no prose and no code fence, that conforms to this JSON Schema: ${constraint.schema}`
      : `Respond only with text that matches this regular expression in full, and nothing else: /${constraint.regex}/${constraint.flags}`;
  const messages = [...call.messages];
  const last = messages[messages.length - 1]!;
  // A trailing assistant prefix must stay last, so the rule goes on the user turn before it.
  const at = last.role === 'assistant' ? messages.length - 2 : messages.length - 1;
  if (at < 0 || messages[at]!.role === 'assistant')
    return [...messages.slice(0, -1), { role: 'user', content: rule }, last];
  const content = messages[at]!.content;
  messages[at] = {
    ...messages[at]!,
    content:
      typeof content === 'string' ? `${content}\n\n${rule}` : [...content, { type: 'text', text: `\n\n${rule}` }],
  };
  return messages;
}

/**
 * A RegExp constraint's pattern, once it is known that matching `text` stays within the work
 * one check may do; NotSupportedError otherwise, as for a schema check that outgrows its budget.
 */
export function readablePattern(constraint: { regex: string; flags: string }, text: string): PagePattern {
  const pattern = pagePattern(constraint.regex, constraint.flags);
  if (matchWork(pattern, text) > PatternLimits.maxWork)
    throw new GatewayError(
      'NotSupportedError',
      `Checking ${text.length} characters against /${constraint.regex}/ (${pattern.size} instructions) is more work than the ${PatternLimits.maxWork} instruction × characters one check may do.`,
      ErrorCodes.invalidRequest,
    );
  return pattern;
}

/**
 * Checks a finished answer, the page's prefix and the model's continuation together, before the
 * page sees it resolve; throws SyntaxError when unmet. A RegExp constraint must match the whole
 * answer, in linear time (lib/gateway/patterns.ts).
 */
export async function checkConstraint(call: PromptCall, continuation: string): Promise<void> {
  const constraint = call.constraint;
  if (!constraint) return;
  const text = prefixOf(call) + continuation;
  if ('regex' in constraint) {
    const pattern = readablePattern(constraint, text);
    if (!pattern.matchesAll(text)) throw unmet(`it does not match /${constraint.regex}/`);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw unmet('it is not JSON');
  }
  const problem = await schemaViolation(parsedSchema(constraint), value);
  if (problem) throw unmet(problem);
}
