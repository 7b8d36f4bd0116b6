export const define = Object.defineProperty;

/**
 * What WebIDL gives an interface and a JavaScript class lacks: the interface's own name (a
 * minifier renames classes), Symbol.toStringTag on the prototype, and each event handler IDL
 * attribute (`on<type>`) as a getter and setter on the prototype. As HTML's event handlers do,
 * the first handler set adds one listener, in order among the others, that calls whichever
 * handler is current; a value that is not a function sets null. Like the class's own members,
 * and unlike WebIDL's, these are not enumerable: install.ts freezes them all alike.
 */
export function idl(cls: { prototype: object }, name: string, ...events: string[]): void {
  const proto = cls.prototype;
  define(cls, 'name', { value: name });
  define(proto, Symbol.toStringTag, { value: name });
  for (const type of events) {
    const handlers = new WeakMap<object, ((e: Event) => unknown) | null>();
    define(proto, `on${type}`, {
      get(this: object) {
        return handlers.get(this) ?? null;
      },
      set(this: EventTarget, fn: unknown) {
        if (!handlers.has(this)) this.addEventListener(type, (e) => handlers.get(this)?.call(this, e));
        handlers.set(this, typeof fn === 'function' ? (fn as (e: Event) => unknown) : null);
      },
    });
  }
}
