import type { Reservation } from '../ledger/db';
import type { ReplyMessage } from '../protocol/wire';
import { overBudget, type Admission } from './budget';

const CHECKPOINT_EVERY_MS = 2_000;

export interface Meter {
  send(message: ReplyMessage): void;
  /** The answer so far, kept only when history is on. */
  text(): string;
}

/**
 * Counts what streams against the call's reservation, and stops the call when its running
 * cost reaches what was reserved: at the budget's cut-off when a limit shrank the cap, or past
 * the cap when a provider ignores it. Progress is written at most every two seconds, never
 * per chunk, so a crash loses little and the hot path stays free of storage writes.
 */
export function meterStream(
  send: (message: ReplyMessage) => void,
  admission: Admission,
  inputTokens: number,
  stop: AbortController,
  checkpoint: (progress: NonNullable<Reservation['progress']>) => void,
  now: () => number,
  keepText: boolean,
): Meter {
  let chunks = 0;
  let chars = 0;
  let text = '';
  let lastCheckpoint = now();
  return {
    send(message) {
      send(message);
      if (message.type !== 'chunk' || stop.signal.aborted) return;
      chunks += 1;
      chars += message.text.length;
      if (keepText) text += message.text;
      // A delta carries at least one token; long deltas are counted by length.
      const used = Math.max(chunks, Math.ceil(chars / 4));
      const cap = admission.maxOutputTokens;
      if (admission.limitedBy ? used >= cap : used > cap) {
        stop.abort(overBudget(`The answer was cut short: it reached ${admission.limitedBy ?? 'the most this request was allowed to cost'}.`));
      }
      if (now() - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
        lastCheckpoint = now();
        checkpoint({ inputTokens, outputTokens: used, at: lastCheckpoint });
      }
    },
    text: () => text,
  };
}
