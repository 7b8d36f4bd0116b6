import { z } from 'zod';
import { streamCompletion } from '../gateway/stream';
import { ProviderInput } from '../settings/schema';
import { readApiKey } from '../settings/secrets';
import { uiText } from '../ui-text';

const TIMEOUT_S = 30;

export const TestConnectionInput = z.strictObject({ provider: ProviderInput, model: z.string().min(1).max(160) });
export type TestConnectionInput = z.infer<typeof TestConnectionInput>;

export type TestResult = { ok: true; reply: string; latencyMs: number } | { ok: false; error: string };

/**
 * One real, tiny completion with the form's values, streamed as a page's call is, so the test
 * proves the path pages will use. The stored key is used when none is typed.
 */
export async function testConnection({ provider, model }: TestConnectionInput): Promise<TestResult> {
  const { apiKey: typed, ...config } = provider;
  const apiKey = typed || (await readApiKey(config.id));
  const started = Date.now();
  let reply = '';
  const result = await streamCompletion(
    { op: 'prompt', messages: [{ role: 'user', content: 'Reply with the single word OK.' }], maxOutputTokens: 16 },
    { modelId: `${config.id}/${model}`, model, provider: config },
    apiKey,
    (message) => void (message.type === 'chunk' && (reply += message.text)),
    AbortSignal.timeout(TIMEOUT_S * 1_000),
    Date.now,
  );
  if (result.error?.pageName === 'AbortError') return { ok: false, error: uiText('providerTestTimeout', TIMEOUT_S) };
  if (result.error) return { ok: false, error: result.error.message };
  return { ok: true, reply: reply.slice(0, 200), latencyMs: Date.now() - started };
}
