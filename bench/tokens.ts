// How far the token bounds over-reserve, and what gpt-tokenizer costs the worker.
// Run: npx tsx bench/tokens.ts (after `npm run build` for the bundle sizes).
// First: the tokenizer ranks the extension ships, served at its URL (they are files of the extension).
import '../test/fixtures/tokenizer-ranks';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { getTokenizer } from '@anthropic-ai/tokenizer';
import { tokenBoundFor } from '../lib/tokens/bound';
import { ranksPath } from '../lib/tokens/family';

const root = new URL('..', import.meta.url);
const claude = getTokenizer();
const claudeCount = (text: string) => claude.encode(text.normalize('NFKC'), 'all').length;

// English prose: the paragraphs of the README, without its code blocks and tables.
const english = readFileSync(new URL('README.md', root), 'utf8')
  .split(/```[\s\S]*?```/)
  .join('\n')
  .split('\n')
  .filter((line) => line.length > 60 && !line.startsWith('|'))
  .join('\n');
// CJK prose (a short text on spending limits, in Chinese and Japanese, with its punctuation), and random ideographs.
const cjkProse = (
  '这个扩展让你访问的网站使用你自己的模型和密钥。每个网站都需要你的同意，并且受到你设定的消费上限的约束。' +
  '如果一个请求会超过上限，它会在发送之前被拒绝，或者回答会在上限处被截断。' +
  'この拡張機能は、訪れたサイトにあなた自身のモデルと鍵を貸し出します。サイトごとに同意が必要で、設定した上限を超える要求は送信前に拒否されます。'
).repeat(40);
let seed = 14;
const cjkRandom = Array.from(
  { length: 20_000 },
  (_, i) =>
    String.fromCodePoint(0x4e00 + (((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % 0x5200)) +
    (i % 20 === 19 ? '，' : ''),
).join('');

// Load: a fresh worker pays this once, on its first call to an OpenAI model.
const loadStart = performance.now();
const openai = await tokenBoundFor(['openai/gpt-4o-mini']);
const loadMs = performance.now() - loadStart;
const unknown = await tokenBoundFor(['anthropic/claude-sonnet-4-5']);
const o200k = await import('gpt-tokenizer/encoding/o200k_base');
const real = (text: string) => o200k.countTokens(text, { disallowedSpecial: new Set() });
const chat = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });
const ratio = (bound: number, count: number) => `${(bound / count).toFixed(2)}×`;

console.log('Over-reservation (bound / real count), one user message, framing included:');
for (const [name, text] of [
  ['English prose', english],
  ['CJK prose', cjkProse],
  ['random CJK', cjkRandom],
] as const) {
  const framed = (count: number) => count + 7;
  console.log(
    `  ${name.padEnd(14)} ${String(text.length).padStart(6)} chars: OpenAI bound ${ratio(openai.input(chat(text)), framed(real(text)))} of o200k_base;` +
      ` unknown-family bound ${ratio(unknown.input(chat(text)), framed(real(text)))} of o200k_base, ${ratio(unknown.input(chat(text)), framed(claudeCount(text)))} of Claude's`,
  );
}

console.log(`Loading o200k_base on the first call to an OpenAI model: ${loadMs.toFixed(0)} ms`);
const hundredKB = english.repeat(Math.ceil(100_000 / english.length)).slice(0, 100_000);
for (const [name, text] of [
  ['English', hundredKB],
  ['CJK prose', cjkProse.repeat(12).slice(0, 100_000 / 3)],
] as const) {
  const start = performance.now();
  openai.text(text);
  console.log(`Counting 100 KB of ${name} with o200k_base: ${(performance.now() - start).toFixed(0)} ms`);
}
const solid = '漢'.repeat(100_000);
const solidStart = performance.now();
openai.text(solid);
console.log(
  `Bounding 100,000 CJK characters without punctuation (by bytes): ${(performance.now() - solidStart).toFixed(1)} ms`,
);

const built = (path: string) => new URL(`.output/chrome-mv3/${path}`, root);
if (existsSync(built('background.js'))) {
  const mb = (path: string) => (statSync(built(path)).size / 1e6).toFixed(2);
  console.log(
    `Built worker: background.js ${mb('background.js')} MB; the ranks it reads on demand: ${mb(ranksPath('o200k_base'))} MB (o200k_base), ${mb(ranksPath('cl100k_base'))} MB (cl100k_base)`,
  );
}
