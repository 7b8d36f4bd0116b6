/**
 * "Allow once" grants: one tab, one origin, until that tab closes or loads another document.
 * Kept in memory and mirrored by the caller into storage.session, which content scripts
 * cannot read, so a restarted worker keeps them.
 */
export class OnceGrants {
  #byTab = new Map<number, Set<string>>();

  has(tabId: number, origin: string): boolean {
    return this.#byTab.get(tabId)?.has(origin) ?? false;
  }

  add(tabId: number, origin: string): void {
    const origins = this.#byTab.get(tabId) ?? new Set<string>();
    origins.add(origin);
    this.#byTab.set(tabId, origins);
  }

  forgetTab(tabId: number): void {
    this.#byTab.delete(tabId);
  }

  forgetOrigin(origin: string): void {
    for (const origins of this.#byTab.values()) origins.delete(origin);
  }

  toJSON(): Array<[number, string[]]> {
    return [...this.#byTab].map(([tab, origins]) => [tab, [...origins]]);
  }

  static from(entries: Array<[number, string[]]> | undefined): OnceGrants {
    const grants = new OnceGrants();
    for (const [tab, origins] of entries ?? []) for (const origin of origins) grants.add(tab, origin);
    return grants;
  }
}
