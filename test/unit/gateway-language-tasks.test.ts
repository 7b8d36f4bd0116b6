import { describe, expect, it } from 'vitest';
import { detectionResults, proofreadResult, settleLanguageTask } from '@/lib/gateway/language-tasks';
import { diffHunks } from '@/lib/gateway/text-diff';
import { emptyInputAnswer, taskReply } from '@/lib/gateway/task-reply';
import { withTaskPrompt } from '@/lib/gateway/writing-tasks';
import type { ReplyMessage } from '@/lib/protocol/wire';

const detect = (languages: unknown) => detectionResults(JSON.stringify({ languages }));
const sum = (rs: Array<{ confidence: number }>) => rs.reduce((a, r) => a + r.confidence, 0);
const applied = (input: string, cs: Array<{ startIndex: number; endIndex: number; correction: string }>) => {
  let out = '';
  let at = 0;
  for (const c of cs) [out, at] = [out + input.slice(at, c.startIndex) + c.correction, c.endIndex];
  return out + input.slice(at);
};

describe('LanguageDetector replies', () => {
  it('ranks by confidence, canonicalizes tags and ends with und taking the rest', () => {
    const out = detect([
      { language: 'FR', confidence: 0.2 },
      { language: 'en-us', confidence: 0.7 },
    ]);
    expect(out.map((r) => r.detectedLanguage)).toEqual(['en-US', 'fr', 'und']);
    expect(out.at(-1)!.confidence).toBeCloseTo(0.1);
    expect(sum(out)).toBeCloseTo(1);
  });

  it('drops malformed tags, non-numeric confidences and the model’s own und', () => {
    const out = detect([
      { language: 'not a tag', confidence: 0.5 },
      { language: 'de', confidence: '0.9' },
      { language: 'und', confidence: 0.3 },
      { language: 'ja', confidence: 0.4 },
      { confidence: 0.1 },
    ]);
    expect(out).toEqual([
      { detectedLanguage: 'ja', confidence: 0.4 },
      { detectedLanguage: 'und', confidence: 0.6 },
    ]);
  });

  it('clamps confidences to [0, 1] and scales them down when they sum past 1', () => {
    const out = detect([
      { language: 'en', confidence: 3 },
      { language: 'es', confidence: 1 },
      { language: 'it', confidence: -2 },
      { language: 'EN', confidence: 0.5 },
    ]);
    expect(out.map((r) => r.detectedLanguage)).toEqual(['en', 'es', 'und']);
    for (const r of out) expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(sum(out)).toBeLessThanOrEqual(1 + 1e-12);
    expect(out[0]!.confidence / out[1]!.confidence).toBeCloseTo(1.5);
  });

  it('a reply that is not JSON, or has no list, is an UnknownError naming why', () => {
    expect(() => detectionResults('English, probably')).toThrow(
      expect.objectContaining({ pageName: 'UnknownError', message: expect.stringContaining('not JSON') }),
    );
    expect(() => detectionResults('{"language":"en"}')).toThrow(
      expect.objectContaining({ pageName: 'UnknownError', message: expect.stringContaining('"languages"') }),
    );
  });
});

describe('Proofreader replies', () => {
  const task = (o = {}) => settleLanguageTask({ kind: 'proofread', ...o });

  it('derives exact spans from the corrected text, ignoring the model’s own indices', () => {
    const input = 'I has a apple, teh end.';
    const reply = {
      correctedInput: 'I have an apple, the end.',
      corrections: [{ original: 'has', correction: 'have', startIndex: 40, endIndex: 99 }],
    };
    const out = proofreadResult(JSON.stringify(reply), input, task());
    expect(out.corrections).toEqual([
      { startIndex: 2, endIndex: 5, correction: 'have' },
      { startIndex: 6, endIndex: 7, correction: 'an' },
      { startIndex: 15, endIndex: 18, correction: 'the' },
    ]);
    expect(applied(input, out.corrections)).toBe(out.correctedInput);
  });

  it('counts indices in UTF-16 code units, past emoji and accents', () => {
    const input = '😀 Café is grate, naïve frend.';
    const out = proofreadResult(
      JSON.stringify({ correctedInput: '😀 Café is great, naïve friend.', corrections: [] }),
      input,
      task(),
    );
    expect(out.corrections.map((c) => input.slice(c.startIndex, c.endIndex))).toEqual(['grate', 'frend']);
    expect(out.corrections[0]!.startIndex).toBe(11);
    expect(applied(input, out.corrections)).toBe(out.correctedInput);
  });

  it('adds types and explanations only when asked, from the model where it names the change, else from the change itself', () => {
    const input = 'hello world.teh cat';
    const reply = {
      correctedInput: 'Hello world. The cat',
      corrections: [
        {
          original: 'teh',
          correction: 'The',
          types: ['spelling', 'capitalization', 'poetry'],
          explanation: 'Misspelled.',
        },
      ],
    };
    const bare = proofreadResult(JSON.stringify(reply), input, task());
    expect(bare.corrections.every((c) => !('types' in c) && !('explanation' in c))).toBe(true);
    const full = proofreadResult(
      JSON.stringify(reply),
      input,
      task({ includeCorrectionTypes: true, includeCorrectionExplanations: true }),
    );
    expect(full.corrections.map((c) => [input.slice(c.startIndex, c.endIndex), c.correction, c.types])).toEqual([
      ['hello', 'Hello', ['capitalization']],
      ['teh ', ' The ', ['spelling', 'capitalization']],
    ]);
    expect(full.corrections.map((c) => c.explanation)).toEqual(['“hello” → “Hello”', 'Misspelled.']);
  });

  it('a reply without correctedInput is an UnknownError; no corrections list is no harm', () => {
    expect(() => proofreadResult('{"corrections":[]}', 'x', task())).toThrow(
      expect.objectContaining({ pageName: 'UnknownError' }),
    );
    expect(proofreadResult('{"correctedInput":"x"}', 'x', task())).toEqual({ correctedInput: 'x', corrections: [] });
  });
});

describe('text diff', () => {
  it('any two texts: the spans, applied in order, turn one into the other', () => {
    const words = ['a', 'the', 'teh', ' ', '  ', ',', '.', 'é', '😀', 'Ab'];
    let seed = 7;
    const pick = () => words[(seed = (seed * 48271) % 2147483647) % words.length]!;
    for (let t = 0; t < 500; t++) {
      const a = Array.from({ length: t % 13 }, pick).join('');
      const b = Array.from({ length: (t * 7) % 11 }, pick).join('');
      const hunks = diffHunks(a, b).map((h) => ({ startIndex: h.start, endIndex: h.end, correction: h.replacement }));
      expect(applied(a, hunks)).toBe(b);
    }
  });
});

describe('language task calls', () => {
  it('Translator needs both languages and canonicalizes them', () => {
    expect(() => settleLanguageTask({ kind: 'translate', sourceLanguage: 'en' })).toThrow(
      expect.objectContaining({ pageName: 'TypeError' }),
    );
    expect(settleLanguageTask({ kind: 'translate', sourceLanguage: 'EN-gb', targetLanguage: 'zh-hant' })).toEqual({
      kind: 'translate',
      sourceLanguage: 'en-GB',
      targetLanguage: 'zh-Hant',
    });
  });

  it('detection asks for the worker’s JSON schema, whatever constraint the page sent', () => {
    const call = withTaskPrompt({
      op: 'prompt',
      messages: [{ role: 'user', content: 'Hallo' }],
      task: { kind: 'detect' },
      constraint: { regex: 'x', flags: '' },
      omitConstraintInput: true,
    });
    expect(JSON.parse((call.constraint as { schema: string }).schema).required).toEqual(['languages']);
    expect(call.omitConstraintInput).toBeUndefined();
    expect(call.messages[0]!.role).toBe('system');
  });

  it('blank input has its answer without a model: nothing written or translated, the same text rewritten, und, nothing to fix', () => {
    type Kind = 'translate' | 'detect' | 'proofread' | 'summarize' | 'write' | 'rewrite';
    const call = (kind: Kind, content = '') => ({
      op: 'prompt' as const,
      messages: [{ role: 'user' as const, content }],
      task: { kind },
    });
    const value = (kind: Kind, content?: string) =>
      JSON.parse((emptyInputAnswer(call(kind, content))![0] as { value: string }).value);
    expect(emptyInputAnswer(call('translate'))).toEqual([{ type: 'done' }]);
    expect(emptyInputAnswer(call('summarize', ' \n'))).toEqual([{ type: 'done' }]);
    expect(emptyInputAnswer(call('write'))).toEqual([{ type: 'done' }]);
    expect(emptyInputAnswer(call('rewrite', '  '))).toEqual([{ type: 'chunk', text: '  ' }, { type: 'done' }]);
    expect(emptyInputAnswer(call('rewrite'))).toEqual([{ type: 'done' }]);
    expect(value('detect')).toEqual([{ detectedLanguage: 'und', confidence: 1 }]);
    expect(value('proofread')).toEqual({ correctedInput: '', corrections: [] });
    expect(value('proofread', ' \n')).toEqual({ correctedInput: ' \n', corrections: [] });
    expect(emptyInputAnswer(call('detect', ' x'))).toBeUndefined();
    expect(emptyInputAnswer(call('summarize', 'x'))).toBeUndefined();
    expect(emptyInputAnswer({ op: 'prompt', messages: [{ role: 'user', content: '' }] })).toBeUndefined();
  });

  it('holds the JSON back, then sends the checked result once; a schema miss becomes UnknownError', () => {
    const sent: ReplyMessage[] = [];
    const send = taskReply(
      { op: 'prompt', messages: [{ role: 'user', content: 'Bonjour' }], task: { kind: 'detect' } },
      (m) => sent.push(m),
    );
    send({ type: 'chunk', text: '{"languages":[{"language":"fr",' });
    send({ type: 'chunk', text: '"confidence":0.9}]}' });
    send({ type: 'done' });
    expect(sent).toHaveLength(1);
    expect(JSON.parse((sent[0] as { value: string }).value)).toEqual([
      { detectedLanguage: 'fr', confidence: 0.9 },
      { detectedLanguage: 'und', confidence: expect.closeTo(0.1) },
    ]);
    send({
      type: 'error',
      error: { name: 'SyntaxError', message: 'The answer does not meet the response constraint', code: -32602 },
    });
    expect(sent[1]).toMatchObject({ type: 'error', error: { name: 'UnknownError' } });
  });
});
