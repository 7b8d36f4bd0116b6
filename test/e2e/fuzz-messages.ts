// Runs in a page or a content script: builds malformed messages for the call protocol.
// Every message it makes is invalid, so none may ever reach a provider or a consent window.

/** `count` messages from a seeded generator; the same seed gives the same messages. */
export function makeFuzzMessages(args: { count: number; seed: number }): unknown[] {
  let state = args.seed >>> 0;
  const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const words = [
    'type',
    'call',
    'op',
    'messages',
    'role',
    'content',
    'request',
    'abort',
    'prompt',
    'availability',
    'model',
    'user',
    'system',
    'origin',
    '__proto__',
    'constructor',
    'temperature',
    'topK',
  ];
  const scalar = (): unknown =>
    pick<() => unknown>([
      () => pick(words),
      () => Math.floor(random() * 2 ** 31) - 2 ** 30,
      () => random() * 1e6,
      () => pick([NaN, Infinity, -Infinity, -0]),
      () => pick([null, undefined, true, false]),
      () => 'x'.repeat(Math.floor(random() * 5000)),
      () => String.fromCharCode(...Array.from({ length: 20 }, () => Math.floor(random() * 0xffff))),
    ])();
  const value = (depth: number): unknown => {
    if (depth > 4 || random() < 0.4) return scalar();
    if (random() < 0.5) return Array.from({ length: Math.floor(random() * 6) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 5); i > 0; i--) object[pick(words)] = value(depth + 1);
    return object;
  };
  const almostValid = (i: number): unknown => {
    const call: Record<string, unknown> = {
      op: pick(['prompt', 'availability', 'model', 'prompt ']),
      messages: [{ role: pick(['user', 'assistant', 'robot']), content: scalar() }],
    };
    // One unknown field at least: strict schemas must refuse it wherever it sits. Never
    // undefined, which runtime messaging drops on the way (it serialises as JSON).
    if (random() < 0.5) call[`fuzz${i}`] = value(2) ?? i;
    else (call.messages as Record<string, unknown>[])[0]![`fuzz${i}`] = value(3) ?? i;
    return { type: pick(['request', 'call', 'request']), call };
  };
  // Random objects can spell a valid call by chance ({ type: 'call', call: { op: 'model' } });
  // an unknown key at the top keeps each of them malformed.
  const garbage = (i: number): unknown => {
    const v = value(0);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, [`fuzz${i}`]: i } : v;
  };
  return Array.from({ length: args.count }, (_, i) => (random() < 0.5 ? almostValid(i) : garbage(i)));
}
