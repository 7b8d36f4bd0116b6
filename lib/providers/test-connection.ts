import { generateText } from 'ai';
import type { TestConnectionInput, TestResult } from '../messages';
import { toGatewayError } from '../gateway/errors';
import { readApiKey } from '../settings/secrets';
import { adapterFor } from './registry';

/** One real, tiny completion with the form's values; the stored key is used when none is typed. */
export async function testConnection({ provider, model }: TestConnectionInput): Promise<TestResult> {
  const { apiKey: typed, ...fields } = provider;
  const apiKey = typed || (await readApiKey(fields.id));
  const started = Date.now();
  try {
    const { text } = await generateText({
      model: adapterFor('openai-compatible').languageModel({ ...fields, kind: 'openai-compatible' }, apiKey, model),
      prompt: 'Reply with the single word OK.',
      maxOutputTokens: 16,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(30_000),
    });
    return { ok: true, reply: text.slice(0, 200), latencyMs: Date.now() - started };
  } catch (error) {
    return { ok: false, error: toGatewayError(error, apiKey).message };
  }
}
