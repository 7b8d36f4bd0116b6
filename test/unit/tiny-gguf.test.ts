import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gguf } from '@huggingface/gguf';
import { describe, expect, it } from 'vitest';
import { buildTinyLlama, tinyLlamaShape } from '../fixtures/gguf/tiny-llama';

// An independent GGUF parser reads the fixture back, so a writer bug cannot hide behind llama.cpp.
describe('the tiny llama fixture', () => {
  const bytes = buildTinyLlama();
  const path = join(mkdtempSync(join(tmpdir(), 'gguf-')), 'tiny.gguf');
  writeFileSync(path, bytes);

  it('is a GGUF v3 llama model with a SentencePiece vocabulary of a few hundred tokens', async () => {
    const parsed = await gguf(path, { allowLocalFile: true });
    const { tensorInfos } = parsed;
    // The parser types metadata per known architecture; read it as plain keys.
    const metadata = parsed.metadata as unknown as Record<string, unknown>;
    expect(metadata.version).toBe(3);
    expect(metadata['general.architecture']).toBe('llama');
    expect(metadata['llama.block_count']).toBe(2);
    expect(metadata['tokenizer.ggml.model']).toBe('llama');
    const tokens = metadata['tokenizer.ggml.tokens'] as string[];
    expect(tokens.length).toBeGreaterThan(200);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(metadata['llama.vocab_size']).toBe(tokens.length);
    expect((metadata['tokenizer.ggml.scores'] as number[]).length).toBe(tokens.length);
    expect(tensorInfos).toHaveLength(3 + 9 * tinyLlamaShape.layers);
    expect(tensorInfos.find((t) => t.name === 'token_embd.weight')?.shape.map(Number)).toEqual([
      tinyLlamaShape.embedding,
      tokens.length,
    ]);
  });

  it('places every tensor inside the file, aligned, ending at the end of the file', async () => {
    const { tensorInfos, tensorDataOffset } = await gguf(path, { allowLocalFile: true });
    const sizes = tensorInfos.map((t) => t.shape.reduce((a, b) => a * Number(b), 1) * 4);
    tensorInfos.forEach((t) => expect(Number(t.offset) % 32).toBe(0));
    const last = tensorInfos.at(-1)!;
    expect(Number(tensorDataOffset) + Number(last.offset) + sizes.at(-1)!).toBe(bytes.length);
  });

  it('is the same bytes every time it is built', () => {
    expect(Buffer.from(buildTinyLlama()).equals(Buffer.from(bytes))).toBe(true);
  });
});
