export type Part = { type?: unknown; data?: unknown };
type Message = { content?: unknown };

/** The parts of a page request's messages, as the page sent them; none for anything else. */
export function partsOf(raw: unknown): Part[] {
  const messages = (raw as { call?: { messages?: unknown } } | null)?.call?.messages;
  if (!Array.isArray(messages)) return [];
  return (messages as Message[]).flatMap((m) => (Array.isArray(m?.content) ? (m.content as Part[]) : []));
}

/**
 * Whether a page request holds any part other than text: only such a call loads the encoders,
 * so this stays apart from them, in the content script's start-up code.
 */
export const carriesMedia = (raw: unknown): boolean => partsOf(raw).some((p) => p?.type !== 'text');
