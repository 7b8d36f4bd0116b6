import { addToTotals, openLedger, type Reservation } from './db';
import { allOrNothing } from './all-or-nothing';
import { groupCommit } from './group-commit';
import { storedUsage, type StoredUsage } from './usage-record';
import type { UsageRecord } from './usage-record';

/**
 * Second step of the money rules: the reservation becomes its usage row, in one transaction.
 * The totals count the row's whole cost, any overshoot past the hold included. Settlements that
 * arrive together share a transaction (group-commit.ts), each answered once it committed.
 */
const settleTogether = groupCommit(async (settlements: Array<[number, UsageRecord]>): Promise<number[]> => {
  const rows = settlements.map(([reservationId, record]) => [reservationId, storedUsage(record)] as const);
  const tx = (await openLedger()).transaction(['reservations', 'usage', 'totals'], 'readwrite');
  // Nothing of a failed batch may commit: its settlements are retried one by one.
  return allOrNothing(tx, async () => {
    // Issued together, done in order: one round trip for the whole batch. A request that throws
    // as it is made (a row that cannot be stored) rejects in turn, so every other one is awaited.
    const [, ids] = await Promise.all([
      Promise.all(rows.map(([reservationId]) => tx.objectStore('reservations').delete(reservationId))),
      Promise.all(rows.map(([, row]) => asPromise(() => tx.objectStore('usage').add(row)))),
      addToTotals(
        tx.objectStore('totals'),
        rows.map(([, row]) => row),
      ),
    ]);
    return ids;
  });
});

const asPromise = <T>(make: () => Promise<T>): Promise<T> => {
  try {
    return make();
  } catch (error) {
    return Promise.reject(error as Error);
  }
};

export const settle = (reservationId: number, record: UsageRecord): Promise<number> =>
  settleTogether([reservationId, record]);

/** What a call has streamed so far, kept on its reservation so a crash loses little. */
export async function checkpoint(reservationId: number, progress: NonNullable<Reservation['progress']>): Promise<void> {
  const tx = (await openLedger()).transaction('reservations', 'readwrite');
  const reservation = await tx.store.get(reservationId);
  if (reservation) await tx.store.put({ ...reservation, progress });
  await tx.done;
}

/**
 * At worker start, every reservation made before it belongs to a call that died with the
 * previous worker. Each becomes one `interrupted` row, charged at its reserved cost (the most
 * it could have cost), with the tokens its last checkpoint saw. Nothing is lost, and since
 * the reservation is deleted in the same transaction, nothing is counted twice.
 */
export async function reconcileStale(startedBefore: number): Promise<number> {
  const tx = (await openLedger()).transaction(['reservations', 'usage', 'totals'], 'readwrite');
  const stale = (await tx.objectStore('reservations').getAll()).filter((r) => r.createdAt < startedBefore);
  for (const r of stale) {
    const row: StoredUsage = {
      time: r.createdAt,
      origin: r.origin,
      tabTitle: r.tabTitle,
      model: r.model,
      provider: r.provider,
      inputTokens: r.progress?.inputTokens ?? 0,
      outputTokens: r.progress?.outputTokens ?? 0,
      usageSource: r.progress ? 'estimated' : 'none',
      costNanos: r.priced ? r.nanos : null,
      ttftMs: null,
      totalMs: Math.max(0, (r.progress?.at ?? r.createdAt) - r.createdAt),
      outcome: 'interrupted',
      error: 'The extension stopped before this call finished; it is charged at the most it could have cost.',
    };
    await tx.objectStore('reservations').delete(r.id!);
    await tx.objectStore('usage').add(row);
    await addToTotals(tx.objectStore('totals'), [row]);
  }
  await tx.done;
  return stale.length;
}

export async function openReservations(): Promise<Reservation[]> {
  return (await openLedger()).getAll('reservations');
}
