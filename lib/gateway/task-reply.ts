import type { PromptCall } from '../protocol/call';
import type { ReplyMessage } from '../protocol/wire';
import { toGatewayError } from './errors';
import { detectionResults, malformedReply, proofreadResult, settleLanguageTask } from './language-tasks';
import { textOf } from './media';

type Send = (message: ReplyMessage) => void;

/**
 * What a writing or language task answers to blank input (empty, or only whitespace, as the
 * writing APIs' rule has it), with no model call: an empty summary, written text or
 * translation; blank text rewritten as it was; an undetermined language; nothing to fix. A
 * rewrite's answer is a chunk (streamed as a rewrite would be), a structured answer the value.
 */
export function emptyInputAnswer(call: PromptCall): ReplyMessage[] | undefined {
  const kind = call.task?.kind;
  const input = textOf(call.messages.findLast((m) => m.role === 'user')?.content ?? '');
  if (!kind || call.messages.length !== 1 || !!input.trim()) return undefined;
  if (kind === 'detect' || kind === 'proofread')
    return [
      {
        type: 'done',
        value: JSON.stringify(
          kind === 'detect' ? [{ detectedLanguage: 'und', confidence: 1 }] : { correctedInput: input, corrections: [] },
        ),
      },
    ];
  return [...(kind === 'rewrite' && input ? [{ type: 'chunk' as const, text: input }] : []), { type: 'done' }];
}

/**
 * For a detection or proofreading call, the page's replies: the model's JSON is held back as
 * it streams (still metered and billed as usual), then checked and reshaped, and sent as the
 * one final value. A reply that misses the schema is the model's fault, an UnknownError, not
 * the page's SyntaxError. Any other call's replies pass through unchanged.
 */
export function taskReply(call: PromptCall, send: Send): Send {
  const kind = call.task?.kind;
  if (kind !== 'detect' && kind !== 'proofread') return send;
  const task = settleLanguageTask({ ...call.task!, kind });
  const input = textOf(call.messages.findLast((m) => m.role === 'user')?.content ?? '');
  let text = '';
  return (message) => {
    if (message.type === 'chunk') return void (text += message.text);
    if (message.type === 'error' && message.error.name === 'SyntaxError')
      return send({ type: 'error', error: malformedReply(message.error.message).toWire() });
    if (message.type !== 'done') return send(message);
    try {
      send({
        type: 'done',
        value: JSON.stringify(kind === 'detect' ? detectionResults(text) : proofreadResult(text, input, task)),
      });
    } catch (error) {
      send({ type: 'error', error: toGatewayError(error, undefined).toWire() });
    }
  };
}
