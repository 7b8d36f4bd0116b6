import type { CatalogEntry } from '../catalog/catalog';
import type { ChatMessage, MediaKind } from '../protocol/call';
import { ErrorCodes } from '../protocol/wire';
import { estimateMessageTokens } from '../tokens/estimate';
import { refusalKind } from '../providers/refusal-kind';
import { statusOf } from './provider-errors';
import { GatewayError } from './errors';
import type { CatalogDeps } from './deps';
import { nameInputs } from '../catalog/inputs';
import { mediaIn } from './media';
import type { ModelTarget } from './resolve-model';

/** Where the user says a model's window and inputs, as the options page names it. */
const WINDOW_SETTING = 'Options › Setup & providers › Context window';
const INPUTS_SETTING = 'Options › Setup & providers › Images and audio';

const quotaExceeded = (why: string) => new GatewayError('QuotaExceededError', why, ErrorCodes.invalidRequest);
const notSupported = (why: string) => new GatewayError('NotSupportedError', why, ErrorCodes.invalidRequest);

const SOURCE_WORDS: Record<NonNullable<CatalogEntry['contextSource']>, string> = {
  you: 'as you set it',
  learned: 'as the provider said when it refused a longer prompt',
  provider: 'as the provider lists it',
  catalog: 'as the bundled catalog has it',
};

/** A prompt longer than the model's known window: what it needs, and what the window holds. */
export interface WindowGap {
  needed: number;
  window: number;
  source: NonNullable<CatalogEntry['contextSource']>;
}

/**
 * A prompt longer than the model's known window, counted as the page counts a session's usage;
 * null when it fits, or when nobody knows the window and the provider is left to say.
 */
export function windowGap(messages: readonly ChatMessage[], entry: CatalogEntry | null): WindowGap | null {
  if (!entry?.contextWindow || !entry.contextSource) return null;
  const needed = estimateMessageTokens(messages);
  return needed > entry.contextWindow ? { needed, window: entry.contextWindow, source: entry.contextSource } : null;
}

/** The refusal of such a prompt; the model is named only to a site the user allowed (`modelId` null otherwise). */
export function overWindow({ needed, window, source }: WindowGap, modelId: string | null): GatewayError {
  const model = modelId ? `The model ${modelId}` : 'The user’s model';
  const fix = modelId ? ` If it holds more, set its context window in ${WINDOW_SETTING}, for ${modelId}.` : '';
  return quotaExceeded(
    `${model} holds ${window} tokens (${SOURCE_WORDS[source]}); this prompt needs about ${needed}.${fix}`,
  );
}

/**
 * A provider's refusal that says the prompt was too long for the window, or held an input the
 * model does not read, becomes the Prompt API's QuotaExceededError or NotSupportedError naming
 * the model and the setting that fixes it; what it taught is kept for the model, so the next
 * such call is answered here. Any other error is returned as it was.
 */
export async function learnFromRefusal(
  error: GatewayError,
  messages: readonly ChatMessage[],
  used: ModelTarget,
  at: number,
  catalog: Pick<CatalogDeps, 'learn'>,
): Promise<GatewayError> {
  const sent: Set<MediaKind> = mediaIn(messages);
  const refusal = refusalKind(statusOf(error), error.message, sent);
  if (!refusal) return error;
  const id = used.modelId;
  if (refusal.kind === 'input') {
    await catalog.learn(id, { refuses: [refusal.input] }, at);
    return notSupported(
      `The model ${id} does not read ${nameInputs([refusal.input])}: ${error.message} If it does, say so in ${INPUTS_SETTING}, for ${id}.`,
    );
  }
  const needed = estimateMessageTokens(messages);
  // Without the provider's own figure, the window is known only to hold less than this prompt.
  const window = refusal.window ?? Math.max(1, needed - 1);
  await catalog.learn(id, { window }, at);
  const holds = refusal.window ? `holds ${window} tokens` : `holds fewer than the ${needed} or so this prompt needs`;
  return quotaExceeded(
    `The model ${id} ${holds}, and the provider refused the prompt: ${error.message} If it holds more, set its context window in ${WINDOW_SETTING}, for ${id}.`,
  );
}
