// Realistic answers to the worker's Translator, LanguageDetector and Proofreader prompts, for
// the OpenAI stand-in: `server.script(languageTaskReply)`. It reads what a real model would (the
// system prompt, the user's text, the requested JSON Schema) and answers in that shape, so the
// worker's checking runs on replies like a model's. Anything else gets `fallback`.
import type { ScriptedReply } from './openai-compatible';

type Body = {
  messages?: Array<{ role: string; content: unknown }>;
  response_format?: { json_schema?: { schema?: { properties?: Record<string, any> } } };
};

const PHRASES: Record<string, Record<string, string>> = {
  de: { 'Hello, world!': 'Hallo, Welt!', 'Good morning': 'Guten Morgen' },
  ja: { 'Hello, world!': 'こんにちは、世界！' },
};

const FIXES: Array<[RegExp, string, string[], string]> = [
  [/\bteh\b/g, 'the', ['spelling'], 'Misspelled word.'],
  [/\bgrate\b/g, 'great', ['spelling'], 'Wrong word: "grate" is a verb.'],
  [/\bfrend\b/g, 'friend', ['spelling'], 'Misspelled word.'],
  [/\bhas\b(?= a )/g, 'have', ['grammar'], 'Verb agreement with "I".'],
  [/\bi\b/g, 'I', ['capitalization'], 'The pronoun "I" is capitalized.'],
  [/ (?=[,.])/g, '', ['punctuation'], 'No space before a comma or full stop.'],
];

const textOf = (content: unknown) =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => p?.text ?? '').join('') : '';

/** The language a short text is in, by a few telltale words, as a detector would guess it. */
function guess(text: string): Array<{ language: string; confidence: number }> {
  if (/\b(der|die|und|ist|nicht)\b|[äöüß]/i.test(text))
    return [
      { language: 'de', confidence: 0.85 },
      { language: 'nl', confidence: 0.1 },
    ];
  if (/\b(le|la|est|bonjour|et)\b/i.test(text)) return [{ language: 'fr', confidence: 0.9 }];
  if (/[\u3040-\u30ff]/.test(text))
    return [
      { language: 'ja', confidence: 0.95 },
      { language: 'zh', confidence: 0.04 },
    ];
  return [
    { language: 'en', confidence: 0.7 },
    { language: 'en-GB', confidence: 0.2 },
  ];
}

/** Splits a reply into a few deltas, as a provider streams it. */
const deltasOf = (text: string) => text.match(/[^]{1,12}/g) ?? [''];

export function languageTaskReply(body: Body, fallback: ScriptedReply = {}): ScriptedReply {
  const system = textOf(body.messages?.find((m) => m.role === 'system')?.content);
  const input = textOf(body.messages?.filter((m) => m.role === 'user').at(-1)?.content).replace(
    /\n\nRespond with JSON only[^]*$/,
    '',
  );
  if (system.startsWith('You translate text')) {
    const target = /to [^(]*\(BCP 47 "([^"]+)"\)/.exec(system)?.[1] ?? '';
    return { deltas: deltasOf(PHRASES[target]?.[input] ?? `[${target}] ${input}`) };
  }
  if (system.startsWith('You identify which human language'))
    return { deltas: deltasOf(JSON.stringify({ languages: guess(input) })) };
  if (system.startsWith('You proofread')) {
    const asked = body.response_format?.json_schema?.schema?.properties?.corrections?.items?.properties ?? {};
    let correctedInput = input;
    const corrections = [];
    for (const [pattern, fix, types, explanation] of FIXES) {
      for (const found of input.match(pattern) ?? [])
        corrections.push({
          original: found,
          correction: fix,
          ...('types' in asked && { types }),
          ...('explanation' in asked && { explanation }),
        });
      correctedInput = correctedInput.replace(pattern, fix);
    }
    return { deltas: deltasOf(JSON.stringify({ correctedInput, corrections })) };
  }
  return fallback;
}
