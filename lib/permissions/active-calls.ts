/** Calls in flight per origin, so that revoking a site can stop its streams at once. */
export class ActiveCalls {
  #byOrigin = new Map<string, Set<AbortController>>();

  /** Registers a call; the returned function unregisters it. */
  track(origin: string, controller: AbortController): () => void {
    const calls = this.#byOrigin.get(origin) ?? new Set<AbortController>();
    calls.add(controller);
    this.#byOrigin.set(origin, calls);
    return () => {
      calls.delete(controller);
      if (calls.size === 0) this.#byOrigin.delete(origin);
    };
  }

  abortOrigin(origin: string, reason: unknown): number {
    const calls = [...(this.#byOrigin.get(origin) ?? [])];
    for (const controller of calls) controller.abort(reason);
    return calls.length;
  }
}
