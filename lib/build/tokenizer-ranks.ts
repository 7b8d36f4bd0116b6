/**
 * Build-time only (imported by wxt.config.ts). OpenAI's encodings are 1.2 to 2.4 MB of ranks
 * each. Bundled, the worker would parse them at every start, though most calls never count with
 * them; shipped as files of the extension, the worker reads one only for a call that needs it.
 */
import { ranksPath, type Encoding } from '../tokens/family';

const ENCODINGS: readonly Encoding[] = ['o200k_base', 'cl100k_base'];

/** gpt-tokenizer's ranks of one encoding, as JSON text. */
export async function ranksJson(encoding: Encoding): Promise<string> {
  const { default: ranks } = (await import(`gpt-tokenizer/bpeRanks/${encoding}`)) as { default: unknown[] };
  return JSON.stringify(ranks);
}

export async function tokenizerRankAssets(): Promise<Array<{ contents: string; relativeDest: string }>> {
  return Promise.all(
    ENCODINGS.map(async (encoding) => ({ contents: await ranksJson(encoding), relativeDest: ranksPath(encoding) })),
  );
}
