type Posted = Pick<MessageEvent, 'data' | 'source'>;

/**
 * The value a message from the frame's own window holds under `tag`, else undefined. The content
 * scripts hear every message posted to the window, from any frame or script; only what the page
 * posted to itself, under one of our tags, is theirs to act on.
 */
export function taggedByPage(event: Posted, win: Window, tag: string): unknown {
  const { data } = event;
  return event.source === win && typeof data === 'object' && data !== null
    ? (data as Record<string, unknown>)[tag]
    : undefined;
}
