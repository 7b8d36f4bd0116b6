import { jsonSchema, stepCountIs, tool, type ToolSet } from 'ai';
import { ToolResult } from '../protocol/channel';
import type { PromptCall } from '../protocol/call';
import { Limits, checkBounds } from '../protocol/limits';
import type { ReplyMessage } from '../protocol/wire';
import { parsedSchema } from './structured-output';
import { describeIssue } from '../protocol/describe-issue';

/**
 * The page's side of one call's tool loop: the loop runs here, each tool's execute runs in the
 * page. A tool-call goes out on the call's Port and the page's tool-result comes back on it.
 */
export interface ToolBridge {
  run(name: string, args: unknown, signal: AbortSignal | undefined): Promise<string>;
  /**
   * Hands a later Port message to the call: a known tool's answer resolves it; an unknown id, or
   * anything that is no tool-result, is dropped. Returns why a malformed tool-result is refused;
   * the call then ends with that error, as for a malformed request.
   */
  deliver(raw: unknown): string | undefined;
}

// The bridge rides on the call as a symbol-keyed field: zod never sees it, spreads carry it,
// and so every step between the Port and the stream passes it on untouched.
const BRIDGE = Symbol('tool bridge');

export function attachToolBridge<T extends object>(call: T, send: (message: ReplyMessage) => void): T {
  const pending = new Map<string, (answer: ToolResult) => void>();
  let count = 0;
  const bridge: ToolBridge = {
    run(name, args, signal) {
      if (++count > Limits.maxToolCalls)
        return Promise.reject(new Error(`more than ${Limits.maxToolCalls} tool calls in one prompt`));
      const id = `t${count}`;
      return new Promise((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason));
        pending.set(id, (answer) =>
          answer.error !== undefined ? reject(new Error(answer.error)) : resolve(answer.result ?? ''),
        );
        send({ type: 'tool-call', id, name, args: JSON.stringify(args ?? {}) });
      });
    },
    deliver(raw) {
      if ((raw as { type?: unknown } | null)?.type !== 'tool-result') return undefined;
      const bounds = checkBounds(raw);
      if (!bounds.ok) return `the message is ${bounds.reason}`;
      const parsed = ToolResult.safeParse(raw);
      if (!parsed.success) return describeIssue(parsed.error);
      pending.get(parsed.data.id)?.(parsed.data);
      pending.delete(parsed.data.id);
      return undefined;
    },
  };
  return Object.assign(call, { [BRIDGE]: bridge });
}

export const toolBridgeOf = (call: object): ToolBridge | undefined => (call as { [BRIDGE]?: ToolBridge })[BRIDGE];

/**
 * The AI SDK's tools for a call that declares some, each executing through the page, and a
 * step limit so that the model may call tools and then answer.
 */
export function toolOptions(call: PromptCall): { tools?: ToolSet; stopWhen?: ReturnType<typeof stepCountIs> } {
  const bridge = toolBridgeOf(call);
  if (!call.tools?.length || !bridge) return {};
  const tools: ToolSet = {};
  for (const declared of call.tools) {
    tools[declared.name] = tool({
      description: declared.description,
      inputSchema: jsonSchema(parsedSchema({ schema: declared.inputSchema })),
      execute: (args, { abortSignal }) => bridge.run(declared.name, args, abortSignal),
    });
  }
  return { tools, stopWhen: stepCountIs(Limits.maxToolCalls + 1) };
}
