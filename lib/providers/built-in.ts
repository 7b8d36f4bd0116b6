import type { ProviderAdapter } from './adapter';
import { engineLanguageModel } from './on-device';
import { builtInFetch } from '../on-device/fetch';
import { runEngineJob } from '../on-device/client';
import { BUILT_IN_MODEL } from '../on-device/catalog';
import type { nativeInfo } from '../on-device/native';

/** What the engine's page says of the browser's own model. */
export async function builtInInfo(signal?: AbortSignal): Promise<Awaited<ReturnType<typeof nativeInfo>>> {
  let info: Awaited<ReturnType<typeof nativeInfo>> = { availability: 'unavailable', contextWindow: null };
  await runEngineJob(
    { type: 'native-info' },
    (reply) => void (reply.type === 'result' && (info = reply.response as typeof info)),
    signal,
  );
  return info;
}

/**
 * The browser's own model (Chrome's Gemini Nano), through its Prompt API in the extension's
 * engine page, which speaks Chat Completions through builtInFetch.
 */
export const builtIn: ProviderAdapter = {
  languageModel: engineLanguageModel(builtInFetch),
  async listModels(_config, _apiKey, signal) {
    const { availability, contextWindow } = await builtInInfo(signal);
    if (availability === 'unavailable') throw new Error('This browser has no built-in model.');
    return [
      { id: BUILT_IN_MODEL, name: 'Gemini Nano (built into the browser)', ...(contextWindow && { contextWindow }) },
    ];
  },
};
