import type { PromptCall, SAMPLING_MODES } from '../protocol/call';

/**
 * The Prompt API names sampling modes but gives them no numbers; these spread them over the
 * range a page may ask for directly (0 to Chrome's maxTemperature of 2), middle at 0.8.
 */
const TEMPERATURES: Record<(typeof SAMPLING_MODES)[number], number> = { 'most-predictable': 0, predictable: 0.4, balanced: 0.8, creative: 1.2, 'most-creative': 1.6 };

/** The page's own temperature when it gave one, else its sampling mode's, else the model's default. */
export function temperatureOf({ temperature, samplingMode }: Pick<PromptCall, 'temperature' | 'samplingMode'>): number | undefined {
  if (temperature !== undefined || !samplingMode || samplingMode === 'default') return temperature;
  return TEMPERATURES[samplingMode];
}
