import type { Call } from '../protocol/call';
import { ErrorCodes } from '../protocol/wire';
import { GatewayError } from './errors';

/** Every language tag a session or availability call names, in the Prompt API's and the writers' options. */
function tagsOf(call: Extract<Call, { op: 'session' | 'availability' }>): string[] {
  const expected = [...(call.expectedInputs ?? []), ...(call.expectedOutputs ?? [])].flatMap((e) => e.languages ?? []);
  const task = 'task' in call ? call.task : undefined;
  return [
    ...expected,
    ...(task?.expectedInputLanguages ?? []),
    ...(task?.expectedContextLanguages ?? []),
    ...[task?.outputLanguage, task?.sourceLanguage, task?.targetLanguage, task?.correctionExplanationLanguage].filter(
      (t) => t != null,
    ),
  ];
}

/**
 * The specs' "validate and canonicalize language tags": a tag that is not a well-formed BCP 47
 * tag is the page's RangeError, as ECMA-402 has it. Any well-formed tag is then available: the
 * user's model reads and writes whatever language it can, and no list of ours would be truer.
 */
export function checkLanguageTags(call: Extract<Call, { op: 'session' | 'availability' }>): void {
  for (const tag of tagsOf(call)) {
    try {
      Intl.getCanonicalLocales(tag);
    } catch {
      throw new GatewayError('RangeError', `"${tag}" is not a valid BCP 47 language tag.`, ErrorCodes.invalidRequest);
    }
  }
}
