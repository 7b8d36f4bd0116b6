// A readwrite transaction over the money stores costs its commit whatever it holds, and the
// browser runs such transactions one at a time. Fifty calls that each reserved and settled on
// their own waited in a queue of a hundred commits: 0.4 s each at the reservation, on two cores.
// Here at most one transaction of a kind is in flight; the requests that arrive meanwhile share
// the next one, each still handled in order and answered only once that transaction committed.

/** Handles a batch of requests in one transaction; resolves, after the commit, with one answer each. */
export type BatchStep<Request, Answer> = (requests: Request[]) => Promise<Answer[]>;

export function groupCommit<Request, Answer>(step: BatchStep<Request, Answer>): (request: Request) => Promise<Answer> {
  let waiting: Array<{ request: Request; resolve: (answer: Answer) => void; reject: (error: unknown) => void }> = [];
  let running = false;
  const runBatch = async (batch: typeof waiting) => {
    try {
      const answers = await step(batch.map((item) => item.request));
      batch.forEach((item, i) => item.resolve(answers[i]!));
    } catch (error) {
      // One bad request must not fail the others that shared its transaction: each runs alone.
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const item of batch) await runBatch([item]);
    }
  };
  const drain = async () => {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      await runBatch(batch);
    }
    running = false;
  };
  return (request) =>
    new Promise<Answer>((resolve, reject) => {
      waiting.push({ request, resolve, reject });
      if (!running) void drain();
    });
}
