import { entryFrom } from '../catalog/catalog';
import { loadCatalogCache } from '../catalog/cache';
import type { Call } from '../protocol/call';
import type { Settings } from '../settings/schema';
import type { ModelTarget } from './resolve-model';
import { sessionSampling } from './sampling';
import { settleTask } from './writing-tasks';

/**
 * Used when neither the provider's list nor the bundled table knows a model's window: small
 * enough for the local models that keep a few thousand tokens, so sessions trim rather than
 * fail at the provider.
 */
export const UNKNOWN_CONTEXT_WINDOW = 8_192;

/** The session's options checked: a writing task completed with its defaults, sampling clamped. Throws the page's error. */
export function sessionOptions(call: Extract<Call, { op: 'session' }>) {
  return { task: call.task && settleTask(call.task), sampling: sessionSampling(call) };
}

/** What a new session on the default model needs to know, as JSON: `{ window, task?, sampling? }`. */
export async function sessionInfo(call: Extract<Call, { op: 'session' }>, target: ModelTarget, settings: Settings): Promise<string> {
  const window = entryFrom(target.modelId, settings, await loadCatalogCache())?.contextWindow ?? UNKNOWN_CONTEXT_WINDOW;
  return JSON.stringify({ window, ...sessionOptions(call) });
}
