import type { Limit } from '../budgets/limits';
import type { IDBPTransaction } from 'idb';
import { openLedger, type LedgerDB, type Reservation } from './db';

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

/**
 * Write-ahead step of the money rules, in one readwrite transaction: reads every applicable
 * limit against settled spend plus open reservations, then holds the call's most possible
 * cost, or refuses naming the limit. When only a smaller answer fits, the output cap shrinks
 * to what the tightest limit still allows. No network I/O happens inside.
 */
type LedgerTx = IDBPTransaction<LedgerDB, ['totals', 'reservations'], 'readwrite'>;

/** The least room any limit has left (settled spend and every open hold counted), and which limit that is. */
async function roomLeft(tx: LedgerTx, limits: Limit[], perRequestUsd: number | null, ownUsd: number) {
  const open = await tx.objectStore('reservations').getAll();
  let room = Infinity;
  let tightest: Limit | null = null;
  let tightestSpent = 0;
  for (const limit of limits) {
    const settled = (await tx.objectStore('totals').get(limit.key))?.usd ?? 0;
    const held = open.filter((r) => r.keys.includes(limit.key)).reduce((sum, r) => sum + r.usd, 0);
    if (limit.usd - settled - held < room) [room, tightest, tightestSpent] = [limit.usd - settled - held, limit, settled + held];
  }
  if (perRequestUsd !== null && perRequestUsd - ownUsd < room) {
    [room, tightest, tightestSpent] = [perRequestUsd - ownUsd, { name: 'the per-request maximum', key: '', usd: perRequestUsd }, ownUsd];
  }
  return { room, tightest, tightestSpent };
}

export async function reserve(request: ReserveRequest): Promise<ReserveResult> {
  const tx = (await openLedger()).transaction(['totals', 'reservations'], 'readwrite');
  const { room, tightest, tightestSpent } = await roomLeft(tx, request.limits, request.perRequestUsd, 0);
  let maxOutputTokens = request.maxOutputTokens;
  let limitedBy: Limit | null = null;
  if (request.inputUsd + maxOutputTokens * request.outputUsdPerToken > room) {
    const fits = request.outputUsdPerToken > 0 ? Math.floor((room - request.inputUsd) / request.outputUsdPerToken) : -1;
    if (fits < request.minOutputTokens) {
      tx.abort();
      await tx.done.catch(() => {});
      return { ok: false, limit: tightest!, spentUsd: tightestSpent };
    }
    [maxOutputTokens, limitedBy] = [fits, tightest];
  }
  const usd = request.inputUsd + maxOutputTokens * request.outputUsdPerToken;
  const reservation: Reservation = {
    origin: request.origin,
    model: request.model,
    provider: request.provider,
    tabTitle: request.tabTitle,
    createdAt: request.at,
    usd,
    priced: request.priced,
    keys: request.keys,
  };
  const id = await tx.objectStore('reservations').add(reservation);
  await tx.done;
  return { ok: true, id, usd, maxOutputTokens, limitedBy };
}

export interface GrowRequest {
  id: number;
  addUsd: number;
  limits: Limit[];
  perRequestUsd: number | null;
}
export type GrowResult = { ok: true; usd: number } | { ok: false; limit: Limit; spentUsd: number };

/**
 * Grows an open reservation's hold by addUsd, in one readwrite transaction, if every limit
 * still has room and the call's whole hold stays within the per-request maximum; otherwise
 * changes nothing and names the tightest limit.
 */
export async function growReservation(request: GrowRequest): Promise<GrowResult> {
  const tx = (await openLedger()).transaction(['totals', 'reservations'], 'readwrite');
  const reservation = await tx.objectStore('reservations').get(request.id);
  if (!reservation) throw new Error(`reservation ${request.id} is no longer open`);
  const { room, tightest, tightestSpent } = await roomLeft(tx, request.limits, request.perRequestUsd, reservation.usd);
  if (request.addUsd > room) {
    tx.abort();
    await tx.done.catch(() => {});
    return { ok: false, limit: tightest!, spentUsd: tightestSpent };
  }
  const usd = reservation.usd + request.addUsd;
  await tx.objectStore('reservations').put({ ...reservation, usd });
  await tx.done;
  return { ok: true, usd };
}
