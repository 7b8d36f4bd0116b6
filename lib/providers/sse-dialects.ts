// What a plain text delta looks like in each provider's event stream, for coalesce-sse.ts. A
// dialect recognises only the plainest shape; anything else is passed on as the provider sent it.

export type Json = Record<string, unknown>;

export interface SseDialect {
  /**
   * The text of an event that may join its neighbours, and what they must share with it to join
   * (its run); undefined for any other event. `name` is the SSE event name, if any.
   */
  textOf(event: Json, name: string | undefined): { text: string; run: string } | undefined;
  /** The run's events as one: its first, carrying the whole run's text (and what else the run's last says). */
  withText(run: Json[], text: string): Json;
}

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const absent = (value: unknown) => value === null || value === undefined;
const CHOICE_KEYS = new Set(['index', 'delta', 'finish_reason', 'native_finish_reason', 'logprobs']);
const onlyKeys = (object: Json, keys: string[]) =>
  Object.keys(object).length === keys.length && keys.every((key) => key in object);

/**
 * Chat Completions: one choice at index 0 whose delta holds text and nothing else (a role, or
 * fields left null), no finish, no usage, no error. Tool calls, reasoning, refusals and the last
 * chunk go on as sent.
 */
export const chatCompletions: SseDialect = {
  textOf(event, name) {
    if (name !== undefined || !absent(event.usage) || 'error' in event || !Array.isArray(event.choices)) return;
    if (event.choices.length !== 1) return;
    const choice: unknown = event.choices[0];
    if (!isObject(choice) || choice.index !== 0 || !isObject(choice.delta)) return;
    for (const [key, value] of Object.entries(choice))
      if (!CHOICE_KEYS.has(key) || (key !== 'index' && key !== 'delta' && !absent(value))) return;
    const { content, role, ...rest } = choice.delta;
    if (typeof content !== 'string' || !(absent(role) || role === 'assistant')) return;
    if (!Object.values(rest).every(absent)) return;
    return { text: content, run: `${String(event.id)}\n${String(event.model)}` };
  },
  withText([first], text) {
    const choice = (first!.choices as Json[])[0]!;
    return { ...first, choices: [{ ...choice, delta: { ...(choice.delta as Json), content: text } }] };
  },
};

/**
 * Anthropic Messages: a `content_block_delta` of a `text_delta`, with nothing else in it. Thinking,
 * tool input, citations, block starts and stops and the message's own events go on as sent.
 */
export const anthropicMessages: SseDialect = {
  textOf(event, name) {
    if (name !== 'content_block_delta' || event.type !== 'content_block_delta') return;
    if (!onlyKeys(event, ['type', 'index', 'delta']) || typeof event.index !== 'number') return;
    const delta = event.delta;
    if (!isObject(delta) || !onlyKeys(delta, ['type', 'text']) || delta.type !== 'text_delta') return;
    return typeof delta.text === 'string' ? { text: delta.text, run: String(event.index) } : undefined;
  },
  withText([first], text) {
    return { ...first, delta: { ...(first!.delta as Json), text } };
  },
};

const GEMINI_KEYS = new Set(['candidates', 'usageMetadata', 'modelVersion', 'responseId']);

/**
 * Gemini's streamed generateContent: one candidate at index 0 whose content is one part of plain
 * text, with no finish, feedback, safety, grounding or citation. Thoughts, signatures, function
 * calls and the last event go on as sent. Each event carries the usage so far, so a joined event
 * carries the last the run had, as the SDK, which keeps the latest, would have read.
 */
export const geminiGenerateContent: SseDialect = {
  textOf(event, name) {
    if (name !== undefined || !Object.keys(event).every((key) => GEMINI_KEYS.has(key))) return;
    if (!Array.isArray(event.candidates) || event.candidates.length !== 1) return;
    const candidate: unknown = event.candidates[0];
    if (!isObject(candidate) || !Object.keys(candidate).every((key) => key === 'content' || key === 'index')) return;
    if ((candidate.index ?? 0) !== 0 || !isObject(candidate.content)) return;
    const { parts, role } = candidate.content;
    if (!onlyKeys(candidate.content, ['parts', 'role']) || role !== 'model') return;
    if (!Array.isArray(parts) || parts.length !== 1) return;
    const part: unknown = parts[0];
    if (!isObject(part) || !onlyKeys(part, ['text']) || typeof part.text !== 'string') return;
    return { text: part.text, run: `${String(event.responseId)}\n${String(event.modelVersion)}` };
  },
  withText(run, text) {
    const first = run[0]!;
    const candidate = (first.candidates as Json[])[0]!;
    const usage = run.findLast((event) => !absent(event.usageMetadata))?.usageMetadata;
    return {
      ...first,
      ...(usage !== undefined && { usageMetadata: usage }),
      candidates: [{ ...candidate, content: { ...(candidate.content as Json), parts: [{ text }] } }],
    };
  },
};
