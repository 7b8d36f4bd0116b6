import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAITestServer, type OpenAITestServer } from '../servers/openai-compatible';

// The local stand-in bills as OpenAI does, so that end-to-end tests see dense text cost what it costs.
describe('the OpenAI stand-in’s billing', () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer({ models: ['gpt-4o-mini'] });
  });
  afterAll(() => server.close());

  const usageFor = async (messages: Array<{ role: string; content: string }>) => {
    const response = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages }),
    });
    return (await response.json()).usage as { prompt_tokens: number; completion_tokens: number };
  };

  it('counts a prompt with o200k_base and OpenAI’s framing: 3 tokens a message and its role’s, 3 for the reply', async () => {
    const cjk = '漢字を含む長い文章，'.repeat(800);
    const usage = await usageFor([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: cjk },
    ]);
    expect(usage.prompt_tokens).toBe(3 + 4 + countTokens('Be brief.') + 4 + countTokens(cjk));
    // Dense text bills far above four characters a token.
    expect(usage.prompt_tokens).toBeGreaterThan(cjk.length / 2);
  });
});
