// A Chat Completions stream sends one event a token. The AI SDK parses, validates and passes
// each through a chain of streams, which costs the worker about ten times what reading the
// event does: a fast model outran the extension by eight to one. Text deltas that arrived in
// one network read are joined here into one event before the SDK sees them. Nothing waits for
// more: a read's events go on as soon as it is read, so the first token is not delayed.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

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

type Json = Record<string, unknown>;
interface TextDelta {
  event: Json;
  content: string;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const absent = (value: unknown) => value === null || value === undefined;
const CHOICE_KEYS = new Set(['index', 'delta', 'finish_reason', 'native_finish_reason', 'logprobs']);

/**
 * The event as a plain text delta that may join its neighbours: one choice at index 0 whose delta
 * holds text and nothing else (a role, or fields left null), no finish, no usage, no error.
 * Anything else (tool calls, reasoning, refusals, the last chunk) goes on as the provider sent it.
 */
function textDeltaOf(message: EventSourceMessage): TextDelta | undefined {
  if (message.event !== undefined || message.id !== undefined || !message.data.startsWith('{')) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(message.data);
  } catch {
    return undefined;
  }
  if (!isObject(event) || !absent(event.usage) || 'error' in event || !Array.isArray(event.choices)) return undefined;
  if (event.choices.length !== 1 || JOINED_DELTAS in event) return undefined;
  const choice: unknown = event.choices[0];
  if (!isObject(choice) || choice.index !== 0 || !isObject(choice.delta)) return undefined;
  for (const [key, value] of Object.entries(choice))
    if (!CHOICE_KEYS.has(key) || (key !== 'index' && key !== 'delta' && !absent(value))) return undefined;
  const { content, role, ...rest } = choice.delta;
  if (typeof content !== 'string' || !(absent(role) || role === 'assistant')) return undefined;
  if (!Object.values(rest).every(absent)) return undefined;
  return { event, content };
}

const joinable = (a: Json, b: Json) => a.id === b.id && a.model === b.model;

/** One event holding a run of text deltas, with the first's fields and all of their text. */
function joined(run: TextDelta[]): string {
  if (run.length === 1) return JSON.stringify(run[0]!.event);
  const first = run[0]!.event;
  const choice = (first.choices as Json[])[0]!;
  let content = '';
  const lengths: number[] = [];
  for (const delta of run) {
    content += delta.content;
    if (delta.content.length > 0) lengths.push(delta.content.length);
  }
  const event = { ...first, choices: [{ ...choice, delta: { ...(choice.delta as Json), content } }] };
  return JSON.stringify({ ...event, [JOINED_DELTAS]: lengths });
}

/** An event as the provider framed it: its id and name, and each line of its data. */
function framed(message: EventSourceMessage): string {
  let text = message.id !== undefined ? `id: ${message.id}\n` : '';
  if (message.event !== undefined) text += `event: ${message.event}\n`;
  for (const line of message.data.split('\n')) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** Re-frames the events of each read, with the text deltas among them joined, as one chunk. */
export function joinTextDeltas(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let messages: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => void messages.push(message) });
  const emit = (controller: TransformStreamDefaultController<Uint8Array>) => {
    let out = '';
    let run: TextDelta[] = [];
    const endRun = () => {
      if (run.length > 0) out += `data: ${joined(run)}\n\n`;
      run = [];
    };
    for (const message of messages) {
      const delta = textDeltaOf(message);
      if (delta && run.length > 0 && !joinable(run[0]!.event, delta.event)) endRun();
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
 * The fetch the Chat Completions providers use: a successful event stream comes back with its
 * text deltas joined per read; every other response, errors included, exactly as it was.
 */
export const joiningFetch: typeof fetch = async (input, init) => {
  const response = await globalThis.fetch(input, init);
  if (!response.ok || !response.body || !/^text\/event-stream\b/i.test(response.headers.get('content-type') ?? ''))
    return response;
  return new Response(response.body.pipeThrough(joinTextDeltas()), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};
