/**
 * The worker's one clock: money (reservations, usage rows, budget periods) and grants (decided,
 * last used) are stamped from it, so their times always agree. The worker's start-up sets it;
 * tests set their own.
 */
let clock: () => number = () => Date.now();

export function now(): number {
  return clock();
}

export function setClock(next: () => number): void {
  clock = next;
}
