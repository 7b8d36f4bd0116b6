// A local stand-in for Google's Gemini API: streamGenerateContent?alt=sse with usageMetadata,
// the key in x-goog-api-key, and Google's error bodies.
import { roughTokens, startScriptedServer, type ScriptedServer, type StreamFormat } from './scripted-stream';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export function geminiError(status: number, message?: string) {
  const text =
    message ??
    (status === 429
      ? 'Resource has been exhausted (e.g. check quota).'
      : status >= 500
        ? 'An internal error has occurred.'
        : 'Request had invalid authentication credentials.');
  return {
    error: {
      code: status,
      message: text,
      status: STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT'),
    },
  };
}

// Google frames its events with CRLF.
const frame = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`;

function formatFor(model: string): StreamFormat {
  let prompt = 0;
  let completion = 0;
  const usage = (extra = {}) => ({ promptTokenCount: prompt, totalTokenCount: prompt + completion, ...extra });
  return {
    start: (_model, promptTokens) => ((prompt = promptTokens), []),
    delta: (text) => {
      completion++;
      return frame({
        candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0 }],
        usageMetadata: usage(),
        modelVersion: model,
        responseId: 'resp-test',
      });
    },
    end: (reported, finish) => [
      frame({
        candidates: [
          {
            content: { parts: [{ text: '' }], role: 'model' },
            finishReason: finish === 'length' ? 'MAX_TOKENS' : 'STOP',
            index: 0,
          },
        ],
        ...(reported && {
          usageMetadata: {
            promptTokenCount: reported.prompt,
            candidatesTokenCount: reported.completion,
            totalTokenCount: reported.prompt + reported.completion,
          },
        }),
        modelVersion: model,
        responseId: 'resp-test',
      }),
    ],
    error: geminiError,
  };
}

export interface GeminiTestServer extends ScriptedServer {
  /** The base URL a provider config takes: …/v1beta */
  url: string;
  contractErrors: string[];
}

export async function startGeminiTestServer({
  apiKey,
  models = ['gemini-test'],
}: {
  apiKey: string;
  models?: string[];
}): Promise<GeminiTestServer> {
  const contractErrors: string[] = [];
  const server = await startScriptedServer((req, url, body) => {
    if (req.headers['x-goog-api-key'] !== apiKey) {
      return { fail: 400, message: 'API key not valid. Please pass a valid API key.' };
    }
    if (url.searchParams.has('key')) contractErrors.push('the key travelled in the URL, where logs keep it');
    if (url.pathname === '/v1beta/models' && req.method === 'GET') {
      return {
        json: {
          models: models.map((id) => ({
            name: `models/${id}`,
            displayName: id.replace(/-/g, ' '),
            inputTokenLimit: 1_048_576,
            outputTokenLimit: 65_536,
            supportedGenerationMethods: ['generateContent', 'countTokens'],
          })),
        },
      };
    }
    const match = /^\/v1beta\/models\/([^/:]+):streamGenerateContent$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return null;
    if (url.searchParams.get('alt') !== 'sse')
      contractErrors.push('streamGenerateContent without alt=sse answers a JSON array, not events');
    const contents = body?.contents;
    if (
      !Array.isArray(contents) ||
      contents.length === 0 ||
      contents.some((c: { role?: string }) => c.role !== 'user' && c.role !== 'model')
    ) {
      contractErrors.push('contents: a non-empty array of user/model turns is required');
      return { fail: 400, message: '* GenerateContentRequest.contents: contents is not specified' };
    }
    const partProblems = contents.flatMap((c: { parts?: unknown }, i: number) =>
      !Array.isArray(c.parts) || c.parts.length === 0
        ? [`contents[${i}].parts: a non-empty array is required`]
        : c.parts.flatMap((part: any, j: number) =>
            typeof part?.text === 'string' ||
            (typeof part?.inlineData?.mimeType === 'string' &&
              /^[A-Za-z0-9+/]+={0,2}$/.test(part.inlineData.data ?? ''))
              ? []
              : [`contents[${i}].parts[${j}]: text, or inlineData with a mimeType and base64 data, is required`],
          ),
    );
    if (partProblems.length > 0) {
      contractErrors.push(...partProblems);
      return { fail: 400, message: partProblems.join('; ') };
    }
    const model = decodeURIComponent(match[1]!);
    if (!models.includes(model)) return { fail: 404, message: `models/${model} is not found for API version v1beta.` };
    const texts = JSON.stringify(body).match(/"text":"[^"]*"/g) ?? [];
    return { stream: formatFor(model), model, promptTokens: roughTokens(texts) };
  }, geminiError);
  return Object.assign(server, { url: `${server.origin}/v1beta`, contractErrors });
}
