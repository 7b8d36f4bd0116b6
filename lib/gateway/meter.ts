import type { Reservation } from '../ledger/db';
import type { ReplyMessage } from '../protocol/wire';
import { overBudget, type Admission } from './budget';
import type { Rounds } from './rounds';

const CHECKPOINT_EVERY_MS = 2_000;

export interface Meter {
  send(message: ReplyMessage): void;
  /** Whether the meter itself stopped the call. */
  stopped(): boolean;
  /** The answer so far, kept only when history is on. */
  text(): string;
}

/**
 * Why the meter stops a call at its output cap when no money limit shrank the cap: the answer
 * ends there, as at the model's own length stop, and the page gets it with no error.
 */
const CAP_REACHED = Symbol('the answer reached its output cap');
export const reachedCap = (signal: AbortSignal): boolean => signal.reason === CAP_REACHED;

/** A delta carries at least one token; long deltas count by length, about four characters each. */
const tokensFor = (chunks: number, chars: number) => Math.max(chunks, Math.ceil(chars / 4));

/**
 * Counts what streams against the open round's output cap. A chunk that would take the round
 * past it, or any chunk once the provider billed past the call's hold, is not passed on, and
 * the call is stopped there, so the page never receives more than was paid for. The cap ends the
 * answer as a length stop does; it is an error only where a money limit shrank it, naming the
 * limit. Progress is written at most every two seconds, never per chunk.
 */
export function meterStream(
  send: (message: ReplyMessage) => void,
  admission: Admission,
  rounds: Rounds,
  stop: AbortController,
  checkpoint: (progress: NonNullable<Reservation['progress']>) => void,
  now: () => number,
  keepText: boolean,
): Meter {
  let round = -1;
  let chunks = 0;
  let chars = 0;
  let text = '';
  let lastCheckpoint = now();
  let stoppedHere = false;
  const halt = (why: string) => {
    stoppedHere = true;
    stop.abort(overBudget(why));
  };
  return {
    send(message) {
      if (message.type !== 'chunk') return send(message);
      if (stop.signal.aborted) return;
      if (rounds.index() !== round) [round, chunks, chars] = [rounds.index(), 0, 0];
      if (rounds.overshot())
        return halt('The provider billed more than this request held, so the answer was cut short.');
      if (tokensFor(chunks + 1, chars + message.text.length) > rounds.cap()) {
        if (admission.limitedBy) return halt(`The answer was cut short: it reached ${admission.limitedBy}.`);
        stoppedHere = true;
        return stop.abort(CAP_REACHED);
      }
      chunks += 1;
      chars += message.text.length;
      if (keepText) text += message.text;
      send(message);
      if (now() - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
        lastCheckpoint = now();
        const sofar = rounds.totals();
        checkpoint({
          inputTokens: sofar.inputTokens + rounds.openInput(),
          outputTokens: sofar.outputTokens + tokensFor(chunks, chars),
          at: lastCheckpoint,
        });
      }
    },
    stopped: () => stoppedHere,
    text: () => text,
  };
}
