/** What `run` throws, as a page would get it; a test fails if it throws nothing. */
export function thrownBy(run: () => unknown): Error & { pageName?: string } {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

/** What `pending` rejects with; a test fails if it resolves. */
export async function rejectionOf(pending: Promise<unknown>): Promise<Error & { pageName?: string }> {
  try {
    await pending;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}
