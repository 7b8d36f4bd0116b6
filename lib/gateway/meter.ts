import type { Reservation } from '../ledger/db';
import type { ReplyMessage } from '../protocol/wire';
import { overBudget, type Admission } from './budget';

const CHECKPOINT_EVERY_MS = 2_000;

export interface Meter {
  send(message: ReplyMessage): void;
  /** Output tokens counted so far; when the meter stopped the call, never more than its cap. */
  outputTokens(): number;
  /** Whether the meter itself stopped the call. */
  stopped(): boolean;
  /** The answer so far, kept only when history is on. */
  text(): string;
}

/** A delta carries at least one token; long deltas count by length, about four characters each. */
const tokensFor = (chunks: number, chars: number) => Math.max(chunks, Math.ceil(chars / 4));

/**
 * Counts what streams against the call's reservation. A chunk that would take the call past
 * its output cap is not passed on, and the call is stopped there, so the page never receives
 * more than was paid for. Progress is written at most every two seconds, never per chunk.
 */
export function meterStream(
  send: (message: ReplyMessage) => void,
  admission: Admission,
  stop: AbortController,
  checkpoint: (progress: NonNullable<Reservation['progress']>) => void,
  now: () => number,
  keepText: boolean,
): Meter {
  let chunks = 0;
  let chars = 0;
  let text = '';
  let lastCheckpoint = now();
  let stoppedHere = false;
  const cap = admission.maxOutputTokens;
  return {
    send(message) {
      if (message.type !== 'chunk') return send(message);
      if (stop.signal.aborted) return;
      if (tokensFor(chunks + 1, chars + message.text.length) > cap) {
        stoppedHere = true;
        stop.abort(overBudget(`The answer was cut short: it reached ${admission.limitedBy ?? 'the most this request was allowed to cost'}.`));
        return;
      }
      chunks += 1;
      chars += message.text.length;
      if (keepText) text += message.text;
      send(message);
      if (now() - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
        lastCheckpoint = now();
        checkpoint({ inputTokens: admission.inputTokens, outputTokens: tokensFor(chunks, chars), at: lastCheckpoint });
      }
    },
    outputTokens: () => tokensFor(chunks, chars),
    stopped: () => stoppedHere,
    text: () => text,
  };
}
