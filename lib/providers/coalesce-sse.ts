// A Chat Completions, Anthropic or Gemini stream sends one event a token or a few. The AI SDK
// parses, validates and passes each through a chain of streams, which costs the worker about ten
// times what reading the event does: a fast model outran the extension by eight to one. Text
// deltas that arrived in one network read are joined here into one event before the SDK sees
// them. Nothing waits for more: a read's events go on as soon as it is read, so the first token
// is not delayed.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import {
  anthropicMessages,
  chatCompletions,
  geminiGenerateContent,
  isObject,
  type Json,
  type SseDialect,
} from './sse-dialects';

/** A joined event's list of the lengths of the provider's deltas, so they can be told apart again. */
export const JOINED_DELTAS = 'joined_delta_lengths';

/**
 * The provider's deltas in the text of one event the SDK read: the text itself unless joined
 * here. The gateway meters and sends each on its own, as if the SDK had read them one by one.
 */
export function deltasOf(rawEvent: unknown, text: string): string[] {
  const lengths = (rawEvent as Record<string, unknown> | null | undefined)?.[JOINED_DELTAS];
  if (!Array.isArray(lengths) || lengths.length < 2) return [text];
  const deltas: string[] = [];
  let at = 0;
  for (const length of lengths) {
    // Only ever our own list; one that does not add up to the text is the text, whole.
    if (!Number.isSafeInteger(length) || length <= 0 || at + (length as number) > text.length) return [text];
    deltas.push(text.slice(at, (at += length as number)));
  }
  return at === text.length ? deltas : [text];
}

interface TextDelta {
  message: EventSourceMessage;
  event: Json;
  text: string;
  run: string;
}

/** The event as a plain text delta of the dialect, or undefined: it then goes on as it was. */
function textDeltaOf(message: EventSourceMessage, dialect: SseDialect): TextDelta | undefined {
  if (message.id !== undefined || !message.data.startsWith('{')) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(message.data);
  } catch {
    return undefined;
  }
  if (!isObject(event) || JOINED_DELTAS in event) return undefined;
  const delta = dialect.textOf(event, message.event);
  return delta && { message, event, ...delta };
}

/** One event holding a run of text deltas, named as its first, with all of their text and lengths. */
function joined(run: TextDelta[], dialect: SseDialect): string {
  const first = run[0]!.message;
  if (run.length === 1) return framed(first);
  let text = '';
  const lengths: number[] = [];
  for (const delta of run) {
    text += delta.text;
    if (delta.text.length > 0) lengths.push(delta.text.length);
  }
  return framed({
    ...first,
    data: JSON.stringify({
      ...dialect.withText(
        run.map((delta) => delta.event),
        text,
      ),
      [JOINED_DELTAS]: lengths,
    }),
  });
}

/** An event as the provider framed it: its id and name, and each line of its data. */
function framed(message: EventSourceMessage): string {
  let text = message.id !== undefined ? `id: ${message.id}\n` : '';
  if (message.event !== undefined) text += `event: ${message.event}\n`;
  for (const line of message.data.split('\n')) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** Re-frames the events of each read, with the text deltas among them joined, as one chunk. */
export function joinTextDeltas(dialect: SseDialect): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let messages: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => void messages.push(message) });
  const emit = (controller: TransformStreamDefaultController<Uint8Array>) => {
    let out = '';
    let run: TextDelta[] = [];
    const endRun = () => {
      if (run.length > 0) out += joined(run, dialect);
      run = [];
    };
    for (const message of messages) {
      const delta = textDeltaOf(message, dialect);
      if (delta && run.length > 0 && run[0]!.run !== delta.run) endRun();
      if (delta) run.push(delta);
      else {
        endRun();
        out += framed(message);
      }
    }
    endRun();
    messages = [];
    if (out) controller.enqueue(encoder.encode(out));
  };
  return new TransformStream({
    transform(chunk, controller) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      emit(controller);
    },
    flush(controller) {
      parser.feed(decoder.decode());
      parser.reset({ consume: true });
      emit(controller);
    },
  });
}

/**
 * A fetch that gives a successful event stream back with its text deltas joined per read, in
 * the provider's dialect; every other response, errors included, exactly as it was.
 */
const joiningFetchFor =
  (dialect: SseDialect): typeof fetch =>
  async (input, init) => {
    const response = await globalThis.fetch(input, init);
    if (!response.ok || !response.body || !/^text\/event-stream\b/i.test(response.headers.get('content-type') ?? ''))
      return response;
    return new Response(response.body.pipeThrough(joinTextDeltas(dialect)), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

/** The fetch of the Chat Completions adapters (OpenAI, OpenRouter, Ollama, any compatible server). */
export const joiningFetch = joiningFetchFor(chatCompletions);
/** The fetch of the Anthropic adapter. */
export const anthropicJoiningFetch = joiningFetchFor(anthropicMessages);
/** The fetch of the Gemini adapter. */
export const geminiJoiningFetch = joiningFetchFor(geminiGenerateContent);
