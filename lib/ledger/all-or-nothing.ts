/** The part of an idb transaction that ending it takes. */
interface Ending {
  abort(): void;
  done: Promise<void>;
}

/** Ends a transaction so that nothing it did commits, and waits until it has ended. */
export async function abandon(tx: Ending): Promise<void> {
  tx.abort();
  await tx.done.catch(() => {});
}

/**
 * Does `work` in `tx`, then waits for the commit. If `work` fails, nothing of it commits (a
 * transaction left alone commits what it did) and its error goes on; a failed commit throws too.
 */
export async function allOrNothing<T>(tx: Ending, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await abandon(tx);
    throw error;
  }
  await tx.done;
  return result;
}
