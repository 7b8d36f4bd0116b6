// A site that keeps asking after being told no is silenced for a while, so a hostile page
// cannot flood the user with consent windows.
export const DENIALS_TO_MUTE = 3;
export const DENIAL_WINDOW_MS = 30_000;
export const MUTE_MS = 60_000;

export class SpamGuard {
  #denials = new Map<string, number[]>();
  #mutedUntil = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  recordDenial(origin: string): void {
    const at = this.now();
    const recent = (this.#denials.get(origin) ?? []).filter((t) => at - t < DENIAL_WINDOW_MS);
    recent.push(at);
    this.#denials.set(origin, recent);
    if (recent.length >= DENIALS_TO_MUTE) {
      this.#mutedUntil.set(origin, at + MUTE_MS);
      this.#denials.delete(origin);
    }
  }

  isMuted(origin: string): boolean {
    const until = this.#mutedUntil.get(origin);
    if (until === undefined) return false;
    if (this.now() < until) return true;
    this.#mutedUntil.delete(origin);
    return false;
  }

  /** The user's own change of a site's grant lifts any mute on it. */
  forgive(origin: string): void {
    this.#mutedUntil.delete(origin);
    this.#denials.delete(origin);
  }
}
