import type { MediaKind } from '../protocol/call';

/** What a provider's refusal says of the model: its window was too small, or it does not read an input. */
export type RefusalKind = { kind: 'context'; window?: number } | { kind: 'input'; input: MediaKind };

/**
 * How providers word a prompt longer than the window, and where they give the window:
 * OpenAI and vLLM ("This model's maximum context length is 8192 tokens. However, your messages
 * resulted in 8539 tokens"), Anthropic ("prompt is too long: 208310 tokens > 200000 maximum",
 * "input length and `max_tokens` exceed context limit: 199759 + 8192 > 200000"), Gemini ("The
 * input token count (1234567) exceeds the maximum number of tokens allowed (1048576)"), LM Studio
 * ("Input length 6491 exceeds context length 1500"), llama.cpp ("the request exceeds the available
 * context size"), Ollama ("the input length exceeds the context length").
 */
const WINDOW_FIGURES = [
  /maximum context length is (\d+)/i,
  /tokens? > (\d+) maximum/i,
  /exceed context limit: \d+ \+ \d+ > (\d+)/i,
  /maximum number of tokens allowed \((\d+)\)/i,
  /exceeds context length (\d+)/i,
  /context length of only (\d+)/i,
];
const CONTEXT =
  /context[_ ]length|context (window|size|limit)|prompt is too long|maximum number of tokens|too many tokens/i;

/**
 * How providers word an input the model does not take: OpenAI ("image_url is only supported by
 * certain models"), Ollama ("this model does not support image input", "This model does not
 * support images"), OpenRouter ("No endpoints found that support image input"), vLLM ("is not a
 * multimodal model"), LM Studio ("Vision is not supported"), Groq ("content must be a string").
 */
const IMAGE =
  /(image_url is only supported|support(s)? image|support images|not a multimodal model|vision is not supported|image input)/i;
const AUDIO = /(input_audio is only supported|support(s)? audio|audio input|audio is not supported)/i;
const TEXT_ONLY = /content must be a string/i;

/** Reads a 4xx refusal's text; null when it says nothing of the window or the inputs. */
export function refusalKind(status: number | null, text: string, sent: ReadonlySet<MediaKind>): RefusalKind | null {
  if (status === null || status < 400 || status >= 500 || status === 401 || status === 403 || status === 429)
    return null;
  if (sent.has('image') && IMAGE.test(text)) return { kind: 'input', input: 'image' };
  if (sent.has('audio') && AUDIO.test(text)) return { kind: 'input', input: 'audio' };
  if (sent.size === 1 && TEXT_ONLY.test(text)) return { kind: 'input', input: [...sent][0]! };
  if (!CONTEXT.test(text)) return null;
  for (const pattern of WINDOW_FIGURES) {
    const figure = Number(pattern.exec(text)?.[1]);
    if (figure > 0) return { kind: 'context', window: figure };
  }
  return { kind: 'context' };
}
