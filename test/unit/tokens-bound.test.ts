import fc from 'fast-check';
import type { ModelMessage } from 'ai';
import { getTokenizer } from '@anthropic-ai/tokenizer';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tokenBoundFor, type TokenBound } from '@/lib/tokens/bound';
import { encodingOf } from '@/lib/tokens/family';
import { CJK, TEXTS } from './tokens-text';

// The reference tokenizers. Text that reads like a special token is counted as that one token,
// the fewest it can be; Claude's is used as its package does (NFKC, then its BPE).
const claudeTokenizer = getTokenizer();
const REFERENCES: Record<string, (text: string) => number> = {
  o200k_base: (text) => o200k.countTokens(text, { allowedSpecial: 'all' }),
  cl100k_base: (text) => cl100k.countTokens(text, { allowedSpecial: 'all' }),
  claude: (text) => claudeTokenizer.encode(text.normalize('NFKC'), 'all').length,
};

const runs = { numRuns: 60 };
// Each property runs four reference tokenizers 60 times over up to 3,000 characters: seconds of
// CPU on a loaded two-core machine. The assertions are on counts, never on time.
vi.setConfig({ testTimeout: 60_000 });
let gpt4o: TokenBound;
let gpt4: TokenBound;
let unknown: TokenBound;
beforeAll(async () => {
  [gpt4o, gpt4, unknown] = await Promise.all([
    tokenBoundFor(['openai/gpt-4o-mini']),
    tokenBoundFor(['my-openrouter/openai/gpt-4']),
    tokenBoundFor(['ollama/llama3.2']),
  ]);
});

describe('the family of a model id', () => {
  it.each([
    ['openai/gpt-4o-mini', 'o200k_base'],
    ['my-openrouter/openai/gpt-4o', 'o200k_base'],
    ['openai/gpt-4.1-nano', 'o200k_base'],
    ['openai/gpt-5.2', 'o200k_base'],
    ['openai/o3-mini', 'o200k_base'],
    ['openai/o1', 'o200k_base'],
    ['openai/chatgpt-4o-latest', 'o200k_base'],
    ['openai/gpt-4', 'cl100k_base'],
    ['openai/gpt-4-turbo', 'cl100k_base'],
    ['azure/gpt-3.5-turbo', 'cl100k_base'],
    ['ollama/llama3.2', null],
    ['ollama/gpt-oss:20b', null],
    ['anthropic/claude-sonnet-4-5', null],
    ['openai/o10-preview', null],
    ['google/gemini-2.5-flash', null],
  ])('%s counts by %s', (id, encoding) => {
    expect(encodingOf(id)).toBe(encoding);
  });
});

describe.each(Object.keys(TEXTS(0)))('a bound of %s text', (kind) => {
  const text = TEXTS(3_000)[kind]!;

  it('is at least what OpenAI’s tokenizers make of it, for their models', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(gpt4o.text(s)).toBeGreaterThanOrEqual(REFERENCES.o200k_base!(s));
        expect(gpt4.text(s)).toBeGreaterThanOrEqual(REFERENCES.cl100k_base!(s));
      }),
      runs,
    );
  });

  it('is at least what every reference tokenizer makes of it, for a model of unknown family', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const count of Object.values(REFERENCES)) expect(unknown.text(s)).toBeGreaterThanOrEqual(count(s));
      }),
      runs,
    );
  });
});

describe('a run that the tokenizer would take quadratic time over', () => {
  it('is bounded by its bytes at once: 100,000 ideographs without punctuation, 100,000 emoji, 100,000 spaces', () => {
    for (const [run, bytes] of [
      ['漢'.repeat(100_000), 300_000],
      ['🙂'.repeat(100_000), 400_000],
      [' '.repeat(100_000), 100_000],
    ] as const) {
      const started = performance.now();
      expect(gpt4o.text(run)).toBe(bytes);
      // o200k_base itself takes tens of seconds over such a run; the bound, a scan.
      expect(performance.now() - started).toBeLessThan(1_000);
    }
    // Short runs still go to the tokenizer: 99 letters are its count, not their bytes.
    expect(gpt4o.text('a'.repeat(99))).toBe(REFERENCES.o200k_base!('a'.repeat(99)));
  });
});

describe('the characters that normalizing lengthens', () => {
  it.each([
    ['U+FDFA, 18 characters in NFKC', '\ufdfa'.repeat(50)],
    ['U+0958, two characters in NFC', '\u0958'.repeat(50)],
    ['U+1D160, three characters in NFC', '\u{1d160}'.repeat(50)],
    ['U+FB2C, three characters in NFC', '\ufb2c'.repeat(50)],
  ])('are bounded as the longest form a tokenizer may read: %s', (_, s) => {
    const most = Math.max(...Object.values(REFERENCES).map((count) => count(s)));
    expect(unknown.text(s)).toBeGreaterThanOrEqual(most);
    // Claude's tokenizer makes 15 tokens of one U+FDFA, five times its 3 bytes.
    if (s.startsWith('\ufdfa')) expect(REFERENCES.claude!(s)).toBeGreaterThan(3 * 50);
  });
});

const ROLES = ['system', 'user', 'assistant'] as const;
const anyText = fc.oneof(...Object.values(TEXTS(600)));
const chat = fc.array(
  fc.record({
    role: fc.constantFrom(...ROLES),
    parts: fc.array(anyText, { minLength: 1, maxLength: 3 }),
  }),
  { minLength: 1, maxLength: 8 },
);

const toMessages = (turns: Array<{ role: (typeof ROLES)[number]; parts: string[] }>): ModelMessage[] =>
  turns.map(({ role, parts }) =>
    role === 'system' || parts.length === 1
      ? { role, content: parts.join('') }
      : { role, content: parts.map((text) => ({ type: 'text' as const, text })) },
  ) as ModelMessage[];

/** OpenAI's documented count: 3 tokens a message, its role's and its content's, and 3 for the reply. */
const documentedCount = (turns: Array<{ role: string; parts: string[] }>, count: (text: string) => number) =>
  3 + turns.reduce((sum, { role, parts }) => sum + 3 + count(role) + count(parts.join('')), 0);

describe('a whole round', () => {
  it('is bounded above what OpenAI bills for the chat, on an OpenAI model', () => {
    fc.assert(
      fc.property(chat, (turns) => {
        expect(gpt4o.input({ messages: toMessages(turns) })).toBeGreaterThanOrEqual(
          documentedCount(turns, REFERENCES.o200k_base!),
        );
        expect(gpt4.input({ messages: toMessages(turns) })).toBeGreaterThanOrEqual(
          documentedCount(turns, REFERENCES.cl100k_base!),
        );
      }),
      runs,
    );
  });

  it('is bounded above every reference tokenizer’s count with the same framing, on a model of unknown family', () => {
    fc.assert(
      fc.property(chat, (turns) => {
        const bound = unknown.input({ messages: toMessages(turns) });
        for (const count of Object.values(REFERENCES))
          expect(bound).toBeGreaterThanOrEqual(documentedCount(turns, count));
      }),
      runs,
    );
  });

  it('is the most of its chain: a chain that adds an unknown model to an OpenAI one holds for both', async () => {
    const chain = await tokenBoundFor(['openai/gpt-4o-mini', 'ollama/llama3.2']);
    fc.assert(
      fc.property(chat, (turns) => {
        const round = { messages: toMessages(turns) };
        expect(chain.input(round)).toBe(Math.max(gpt4o.input(round), unknown.input(round)));
      }),
      { numRuns: 20 },
    );
  });

  it('holds 8,000 CJK characters at least at what o200k_base makes of them, not at a quarter of their length', () => {
    const text = fc.sample(fc.string({ unit: CJK, minLength: 8_000, maxLength: 8_000 }), { numRuns: 1, seed: 14 })[0]!;
    const real = REFERENCES.o200k_base!(text);
    expect(real).toBeGreaterThan(text.length / 2);
    expect(gpt4o.input({ messages: [{ role: 'user', content: text }] })).toBeGreaterThanOrEqual(real + 7);
  });
});

describe('what a round sends besides text', () => {
  const question: ModelMessage = { role: 'user', content: 'What is the weather?' };

  it('holds an image at the dearest model’s price of one: GPT-4o mini’s 37,000, the 4.1 nano’s 3,000, 1,600 elsewhere', async () => {
    const image: ModelMessage = {
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', image: 'AAAA', mediaType: 'image/jpeg' },
      ],
    };
    const plain = { role: 'user', content: 'What is this?' } as ModelMessage;
    const extra = async (ids: string[]) =>
      (await tokenBoundFor(ids)).input({ messages: [image] }) - (await tokenBoundFor(ids)).input({ messages: [plain] });
    expect(await extra(['openai/gpt-4o-mini'])).toBe(37_000);
    expect(await extra(['openai/gpt-4.1-nano'])).toBe(3_000);
    expect(await extra(['anthropic/claude-sonnet-4-5'])).toBe(1_600);
    const chain = (await tokenBoundFor(['anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini'])).input({
      messages: [image],
    });
    expect(chain).toBeGreaterThanOrEqual((await tokenBoundFor(['openai/gpt-4o-mini'])).input({ messages: [image] }));
    const audio: ModelMessage = { role: 'user', content: [{ type: 'file', data: 'AAAA', mediaType: 'audio/wav' }] };
    expect(unknown.input({ messages: [audio] }) - unknown.input({ messages: [{ role: 'user', content: [] }] })).toBe(
      1_600,
    );
  });

  it('holds a tool’s schema at least at its bytes, and more with each tool', () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: { city: { type: 'string', description: 'The city, in full.' } },
      required: ['city'],
    });
    const tool = { name: 'weather', description: 'Tells the weather\nof a city.', inputSchema: schema };
    const without = gpt4o.input({ messages: [question] });
    const one = gpt4o.input({ messages: [question], tools: [tool] });
    const two = gpt4o.input({ messages: [question], tools: [tool, { ...tool, name: 'forecast' }] });
    expect(one - without).toBeGreaterThanOrEqual(
      new TextEncoder().encode(tool.name + tool.description + schema).length,
    );
    expect(two - one).toBeGreaterThanOrEqual(new TextEncoder().encode('forecast' + tool.description + schema).length);
    // Anthropic's tool-use system prompt (up to 530 tokens) is held for a model of unknown family.
    expect(
      unknown.input({ messages: [question], tools: [tool] }) - unknown.input({ messages: [question] }),
    ).toBeGreaterThan(530 + schema.length);
  });

  it('holds a response schema', () => {
    const schema = JSON.stringify({ type: 'object', properties: { answer: { enum: ['yes', 'no'] } } });
    expect(
      gpt4o.input({ messages: [question], responseSchema: schema }) - gpt4o.input({ messages: [question] }),
    ).toBeGreaterThanOrEqual(schema.length);
  });

  it('holds a tool call’s input and a tool result’s output at least at their tokens', () => {
    fc.assert(
      fc.property(anyText, anyText, (args, result) => {
        const round = {
          messages: [
            question,
            {
              role: 'assistant',
              content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: { q: args } }],
            },
            {
              role: 'tool',
              content: [
                {
                  type: 'tool-result',
                  toolCallId: 'call_1',
                  toolName: 'lookup',
                  output: { type: 'text', value: result },
                },
              ],
            },
          ] as ModelMessage[],
        };
        const base = gpt4o.input({ messages: [question] });
        const least = 2 * 4 + REFERENCES.o200k_base!(JSON.stringify({ q: args })) + REFERENCES.o200k_base!(result);
        expect(gpt4o.input(round) - base).toBeGreaterThanOrEqual(least);
        expect(unknown.input(round) - unknown.input({ messages: [question] })).toBeGreaterThanOrEqual(
          Math.max(REFERENCES.claude!(result), REFERENCES.o200k_base!(result)),
        );
      }),
      { numRuns: 30 },
    );
  });

  it('holds a JSON tool result as its JSON text', () => {
    const value = { rows: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `名前${i}` })) };
    const round = {
      messages: [
        question,
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'c', toolName: 't', output: { type: 'json', value } }],
        },
      ] as ModelMessage[],
    };
    expect(gpt4o.input(round) - gpt4o.input({ messages: [question] })).toBeGreaterThanOrEqual(
      REFERENCES.o200k_base!(JSON.stringify(value)),
    );
  });
});
