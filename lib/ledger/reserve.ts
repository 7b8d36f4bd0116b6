import { openLedger, type LedgerDB, type Reservation } from './db';
import { NANOS_PER_USD, nanosUp, usdOf, wholeNanosUp } from './nanos';
import type { IDBPTransaction } from 'idb';
import { abandon, allOrNothing } from './all-or-nothing';
import { groupCommit } from './group-commit';

/** One limit that applies to a call: its name in words, the totals row it caps, and its amount. */
export interface Limit {
  name: string;
  key: string;
  usd: number;
}

export interface ReserveRequest {
  origin: string;
  model: string;
  provider: string;
  tabTitle: string;
  at: number;
  /** The totals rows this call counts toward (totalsKeysFor). */
  keys: string[];
  /** False when the model's price is unknown (only allowed where no money limit applies). */
  priced: boolean;
  inputUsd: number;
  outputUsdPerToken: number;
  /** The output the page asked for, or the default cap. */
  maxOutputTokens: number;
  /** Below this many output tokens a call is refused rather than cut to fit. */
  minOutputTokens: number;
  limits: Limit[];
  perRequestUsd: number | null;
}

export type ReserveResult =
  | { ok: true; id: number; usd: number; maxOutputTokens: number; limitedBy: Limit | null }
  | { ok: false; limit: Limit; spentUsd: number };

export interface GrowRequest {
  id: number;
  addUsd: number;
  limits: Limit[];
  perRequestUsd: number | null;
}

export type GrowResult =
  | { ok: true; /** The reservation's new total hold, in USD. */ usd: number }
  | { ok: false; limit: Limit; spentUsd: number };

type MoneyTx = IDBPTransaction<LedgerDB, ['totals', 'reservations'], 'readwrite'>;

/** The most a call may still add to its hold, in nano-dollars, and the limit that sets it. */
interface Room {
  nanos: number;
  /** Null while nothing limits the call. */
  tightest: Limit | null;
  /** What the tightest limit already counts: settled spend and every open hold, in nano-dollars. */
  spentNanos: number;
}

/** What a transaction read of the money stores: every open hold, and settled spend by totals key. */
interface MoneyState {
  open: Reservation[];
  settled: Map<string, number>;
}

/** Reads, in one round, every open hold and the settled spend of each key the limits cap. */
async function readMoney(tx: MoneyTx, limits: Limit[]): Promise<MoneyState> {
  const keys = [...new Set(limits.map((limit) => limit.key))];
  const [open, rows] = await Promise.all([
    tx.objectStore('reservations').getAll(),
    Promise.all(keys.map((key) => tx.objectStore('totals').get(key))),
  ]);
  return { open, settled: new Map(keys.map((key, i) => [key, rows[i]?.nanos ?? 0])) };
}

/**
 * The room every limit leaves (its amount less settled spend less every open hold, this call's
 * included), and the per-request maximum less what this call already holds. Read inside the
 * caller's readwrite transaction, so no other hold can slip in between the read and the write.
 */
function roomLeft(money: MoneyState, limits: Limit[], perRequestUsd: number | null, heldByCall: number): Room {
  let room: Room = { nanos: Infinity, tightest: null, spentNanos: 0 };
  for (const limit of limits) {
    const settled = money.settled.get(limit.key) ?? 0;
    const held = money.open.filter((r) => r.keys.includes(limit.key)).reduce((sum, r) => sum + r.nanos, 0);
    const left = nanosUp(limit.usd) - settled - held;
    if (left < room.nanos) room = { nanos: left, tightest: limit, spentNanos: settled + held };
  }
  if (perRequestUsd !== null && nanosUp(perRequestUsd) - heldByCall < room.nanos) {
    room = {
      nanos: nanosUp(perRequestUsd) - heldByCall,
      tightest: { name: 'the per-request maximum', key: '', usd: perRequestUsd },
      spentNanos: heldByCall,
    };
  }
  return room;
}

async function refuse(tx: MoneyTx, room: Room): Promise<{ ok: false; limit: Limit; spentUsd: number }> {
  await abandon(tx);
  return refused(room);
}

const refused = (room: Room) => ({ ok: false as const, limit: room.tightest!, spentUsd: usdOf(room.spentNanos) });

/**
 * Write-ahead step of the money rules, in one readwrite transaction: reads every applicable
 * limit against settled spend plus open reservations, then holds the call's most possible
 * cost, or refuses naming the limit. When only a smaller answer fits, the output cap shrinks
 * to what the tightest limit still allows. No network I/O happens inside. Reservations that
 * arrive together share a transaction (group-commit.ts): one read, then each is decided in turn
 * against the holds of those before it, and none is answered before the transaction committed.
 */
export const reserve = groupCommit(async (requests: ReserveRequest[]): Promise<ReserveResult[]> => {
  const tx = (await openLedger()).transaction(['totals', 'reservations'], 'readwrite');
  // Nothing of a failed batch may commit: its reservations are retried one by one.
  return allOrNothing(tx, async () => {
    const money = await readMoney(
      tx,
      requests.flatMap((request) => request.limits),
    );
    const decisions = requests.map((request) => {
      const decision = holdFor(request, roomLeft(money, request.limits, request.perRequestUsd, 0));
      if (decision.ok) money.open.push(decision.reservation);
      return decision;
    });
    // The holds are written in order, in one round; their ids come back with the writes.
    const ids = await Promise.all(
      decisions.map((d) => (d.ok ? tx.objectStore('reservations').add(d.reservation) : undefined)),
    );
    return decisions.map((d, i): ReserveResult => (d.ok ? { ...d.result, id: ids[i]! } : d));
  });
});

type Decision =
  | { ok: true; reservation: Reservation; result: Omit<Extract<ReserveResult, { ok: true }>, 'id'> }
  | Extract<ReserveResult, { ok: false }>;

/** The hold one request gets in the room left to it, or its refusal. */
function holdFor(request: ReserveRequest, room: Room): Decision {
  const inputNanos = nanosUp(request.inputUsd);
  // Nano-dollars per output token may be a fraction (a price of $0.0375 per million is 37.5).
  const perToken = request.outputUsdPerToken * NANOS_PER_USD;
  const costOf = (tokens: number) => inputNanos + wholeNanosUp(tokens * perToken);
  let maxOutputTokens = request.maxOutputTokens;
  let limitedBy: Limit | null = null;
  if (costOf(maxOutputTokens) > room.nanos) {
    let fits = perToken > 0 ? Math.floor((room.nanos - inputNanos) / perToken) : -1;
    // The room is whole nano-dollars, so only the float division can land one token past it.
    if (fits >= 0 && costOf(fits) > room.nanos) fits -= 1;
    if (fits < request.minOutputTokens) return refused(room);
    [maxOutputTokens, limitedBy] = [fits, room.tightest];
  }
  const nanos = costOf(maxOutputTokens);
  const reservation: Reservation = {
    origin: request.origin,
    model: request.model,
    provider: request.provider,
    tabTitle: request.tabTitle,
    createdAt: request.at,
    nanos,
    priced: request.priced,
    keys: request.keys,
  };
  return { ok: true, reservation, result: { ok: true, usd: usdOf(nanos), maxOutputTokens, limitedBy } };
}

/**
 * In one readwrite transaction: grows an open reservation's hold by addUsd if every limit still
 * has room (settled + every open hold + addUsd ≤ limit) and the reservation's new total stays
 * within perRequestUsd; otherwise changes nothing and names the tightest limit. A reservation
 * that is no longer open (settled already, or settled as interrupted at a worker's start) is a
 * caller's bug, not a budget's answer: it throws, and nothing is held.
 */
export async function growReservation(request: GrowRequest): Promise<GrowResult> {
  const tx = (await openLedger()).transaction(['totals', 'reservations'], 'readwrite');
  const reservation = await tx.objectStore('reservations').get(request.id);
  if (!reservation) {
    await abandon(tx);
    throw new Error(`reservation ${request.id} is no longer open: its call was already settled`);
  }
  const addNanos = nanosUp(request.addUsd);
  const room = roomLeft(await readMoney(tx, request.limits), request.limits, request.perRequestUsd, reservation.nanos);
  if (addNanos > room.nanos) return refuse(tx, room);
  const nanos = reservation.nanos + addNanos;
  await tx.objectStore('reservations').put({ ...reservation, nanos });
  await tx.done;
  return { ok: true, usd: usdOf(nanos) };
}
