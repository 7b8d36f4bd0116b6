import { entryFrom } from '../catalog/catalog';
import { loadCatalogCache } from '../catalog/cache';
import type { Call } from '../protocol/call';
import type { Settings } from '../settings/schema';
import { resolveModel } from './resolve-model';
import { settleTask } from './writing-tasks';

/**
 * Used when neither the provider's list nor the bundled table knows a model's window: small
 * enough for the local models that keep a few thousand tokens, so sessions trim rather than
 * fail at the provider.
 */
export const UNKNOWN_CONTEXT_WINDOW = 8_192;

/** The default model's context window in tokens; throws when no model is set up. */
export async function contextWindowOf(settings: Settings): Promise<number> {
  const { modelId } = resolveModel(undefined, settings);
  return entryFrom(modelId, settings, await loadCatalogCache())?.contextWindow ?? UNKNOWN_CONTEXT_WINDOW;
}

/** What a new session needs to know, as JSON: `{ window, task? }`. */
export async function sessionInfo(call: Extract<Call, { op: 'session' }>, settings: Settings): Promise<string> {
  const task = call.task && settleTask(call.task);
  return JSON.stringify({ window: await contextWindowOf(settings), task });
}
