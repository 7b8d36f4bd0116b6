import type { Price } from '../catalog/catalog';
import type { ConsentDecision } from './grant';

/** What a call must download before its model runs: the file's approximate size, and its host. */
export interface ModelDownload {
  bytes: number | null;
  host: string;
}

/** A call's question for the consent window: who asks, from which tab, and what would answer. */
export interface ConsentAsk {
  origin: string;
  tabId: number;
  tabTitle: string;
  favIconUrl: string | null;
  model: string;
  /** The model's price per token, null while unknown. */
  price: Price | null;
  /** An on-device model the call must download first: its approximate size and host. */
  download: ModelDownload | null;
  /** Models tried, in order, when the first fails before answering. */
  fallbacks: string[];
}

/** What the consent window shows for one origin's waiting calls: the ask, without its tab. */
export interface ConsentRequest extends Omit<ConsentAsk, 'tabId'> {
  id: string;
  waitingCalls: number;
}

/** Opens and closes the one consent window; the browser's windows API in the extension. */
export interface ConsentWindows {
  open(requestId: string): Promise<number>;
  close(windowId: number): Promise<void>;
}

interface Waiter {
  resolve(decision: ConsentDecision): void;
  reject(reason: unknown): void;
}

interface Entry extends Omit<ConsentRequest, 'waitingCalls'> {
  waiters: Set<Waiter>;
  windowId?: number;
  opening?: boolean;
}

const DENY: ConsentDecision = { decision: 'deny', allowModelChoice: false, dailyBudgetUsd: null };

/**
 * At most one consent window in the whole browser. Calls from an origin that is already
 * waiting join its entry; other origins wait their turn in arrival order. One decision
 * answers every waiting call of that origin; closing the window denies them.
 */
export class ConsentQueue {
  #entries: Entry[] = [];

  constructor(
    private readonly windows: ConsentWindows,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  ask(request: ConsentAsk, signal: AbortSignal): Promise<ConsentDecision> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      let entry = this.#entries.find((e) => e.origin === request.origin);
      if (!entry) {
        const { tabId: _tab, ...shown } = request;
        entry = { id: this.newId(), ...shown, waiters: new Set() };
        this.#entries.push(entry);
      }
      const owner = entry;
      const waiter: Waiter = { resolve, reject };
      owner.waiters.add(waiter);
      signal.addEventListener('abort', () => this.#drop(owner, waiter, signal.reason), { once: true });
      this.#showNext();
    });
  }

  /** The request the window with this id is showing, if it is still waiting. */
  request(id: string): ConsentRequest | undefined {
    const entry = this.#entries.find((e) => e.id === id);
    if (!entry) return undefined;
    const { waiters: _w, windowId: _i, opening: _o, ...shown } = entry;
    return { ...shown, waitingCalls: entry.waiters.size };
  }

  /** Applies the user's decision; false if the request is no longer waiting. */
  decide(id: string, decision: ConsentDecision): boolean {
    const entry = this.#entries.find((e) => e.id === id);
    if (!entry) return false;
    this.#settle(entry, decision);
    return true;
  }

  windowClosed(windowId: number): void {
    const entry = this.#entries.find((e) => e.windowId === windowId);
    if (entry) this.#settle(entry, DENY, false);
  }

  #settle(entry: Entry, decision: ConsentDecision, closeWindow = true): void {
    this.#remove(entry, closeWindow);
    for (const waiter of entry.waiters) waiter.resolve(decision);
    this.#showNext();
  }

  #drop(entry: Entry, waiter: Waiter, reason: unknown): void {
    if (!entry.waiters.delete(waiter)) return;
    waiter.reject(reason);
    if (entry.waiters.size > 0) return;
    // Nobody is waiting any more (the tab closed or navigated): take the question back.
    this.#remove(entry, true);
    this.#showNext();
  }

  #remove(entry: Entry, closeWindow: boolean): void {
    this.#entries = this.#entries.filter((e) => e !== entry);
    if (closeWindow && entry.windowId !== undefined) void this.windows.close(entry.windowId).catch(() => {});
    entry.windowId = undefined;
  }

  // A window still being created for a question taken back meanwhile: the next question waits
  // until that window is closed, so that one window at most is ever open.
  #opening = false;

  #showNext(): void {
    const head = this.#entries[0];
    if (!head || this.#opening || head.windowId !== undefined) return;
    this.#opening = head.opening = true;
    this.windows.open(head.id).then(
      (windowId) => {
        this.#opening = head.opening = false;
        if (this.#entries.includes(head)) head.windowId = windowId;
        else
          void this.windows
            .close(windowId)
            .catch(() => {})
            .then(() => this.#showNext());
      },
      (error) => {
        this.#opening = head.opening = false;
        this.#remove(head, false);
        for (const waiter of head.waiters) waiter.reject(error);
        this.#showNext();
      },
    );
  }
}
