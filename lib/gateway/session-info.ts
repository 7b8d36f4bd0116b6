import type { CatalogEntry } from '../catalog/catalog';
import type { Call } from '../protocol/call';
import { sessionSampling } from './sampling';
import { settleTask } from './writing-tasks';

/**
 * A window nobody knows, as JSON: 1e999 parses as Infinity, which the Prompt API's
 * contextWindow (an unrestricted double) and the Writing Assistance APIs' inputQuota may be.
 * The page then refuses nothing on a guess; the provider says if a prompt does not fit.
 */
const UNKNOWN_WINDOW_JSON = '1e999';

/** The session's options checked: a writing task completed with its defaults, sampling clamped. Throws the page's error. */
export function sessionOptions(call: Extract<Call, { op: 'session' }>) {
  return { task: call.task && settleTask(call.task), sampling: sessionSampling(call) };
}

/** What a new session on the default model needs to know, as JSON: `{ window, task?, sampling? }`. */
export function sessionInfo(call: Extract<Call, { op: 'session' }>, facts: CatalogEntry | null): string {
  const window = facts?.contextWindow ?? null;
  return JSON.stringify({ window: 0, ...sessionOptions(call) }).replace(
    '"window":0',
    `"window":${window ?? UNKNOWN_WINDOW_JSON}`,
  );
}
