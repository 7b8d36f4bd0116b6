import type { PromptCall, SAMPLING_MODES } from '../protocol/call';
import { ErrorCodes } from '../protocol/wire';
import { GatewayError } from './errors';

/**
 * The Prompt API names sampling modes but gives them no numbers; these spread them over the
 * range a page may ask for directly (0 to Chrome's maxTemperature of 2), middle at 0.8.
 */
const TEMPERATURES: Record<(typeof SAMPLING_MODES)[number], number> = {
  'most-predictable': 0,
  predictable: 0.4,
  balanced: 0.8,
  creative: 1.2,
  'most-creative': 1.6,
};

/** The page's own temperature when it gave one, else its sampling mode's, else the model's default. */
export function temperatureOf({
  temperature,
  samplingMode,
}: Pick<PromptCall, 'temperature' | 'samplingMode'>): number | undefined {
  if (temperature !== undefined || !samplingMode || samplingMode === 'default') return temperature;
  return TEMPERATURES[samplingMode];
}

// Chrome's published maxima, as LanguageModel.params() gives them to the page.
const MAX_TEMPERATURE = 2;
const MAX_TOP_K = 128;

/**
 * LanguageModel.create()'s topK and temperature, as Chrome takes them: both or neither
 * (NotSupportedError), topK at least 1 and temperature at least 0 (RangeError), each clamped to
 * its maximum. Undefined when the page gave neither: the model's own sampling then.
 */
export function sessionSampling({
  temperature,
  topK,
}: {
  temperature?: number;
  topK?: number;
}): { temperature: number; topK: number } | undefined {
  if ((temperature === undefined) !== (topK === undefined))
    throw new GatewayError(
      'NotSupportedError',
      'Give topK and temperature together, or neither.',
      ErrorCodes.invalidRequest,
    );
  if (temperature === undefined || topK === undefined) return undefined;
  if (!(temperature >= 0 && topK >= 1))
    throw new GatewayError(
      'RangeError',
      `topK must be at least 1 and temperature at least 0, not ${topK} and ${temperature}.`,
      ErrorCodes.invalidRequest,
    );
  return { temperature: Math.min(temperature, MAX_TEMPERATURE), topK: Math.floor(Math.min(topK, MAX_TOP_K)) };
}
