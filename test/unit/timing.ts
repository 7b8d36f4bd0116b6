import { vi } from 'vitest';

// The printed figures are the measure (tens of milliseconds). This bound only tells linear from
// exponential, where a backtracking engine would take hours, on a loaded machine or under
// mutation testing's instrumentation; the e2e test holds the worker to answering another site
// within 50 ms while a check runs.
export const LINEAR_NOT_EXPONENTIAL_MS = 1_000;

/**
 * vi.waitFor with room for a loaded two-core machine: its default of one second failed on
 * streams that were correct, only late. A wrong result still fails, once the time is up.
 */
export const waitUntil = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000, interval: 5 });
