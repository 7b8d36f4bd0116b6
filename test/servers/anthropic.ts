// A local stand-in for Anthropic's Messages API: the headers it insists on, its error bodies,
// and its streaming events (message_start, content_block_start/delta/stop, message_delta,
// message_stop, with pings between).
import { roughTokens, startScriptedServer, type ScriptedServer, type StreamFormat } from './scripted-stream';

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

const ERROR_TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

export function anthropicError(status: number, message?: string) {
  const [type, text] = ERROR_TYPES[status] ?? (status >= 500 ? ERROR_TYPES[500]! : ERROR_TYPES[400]!);
  return { type: 'error', error: { type, message: message ?? text } };
}

const format: StreamFormat = {
  start: (model, promptTokens) => [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_test01',
        type: 'message',
        role: 'assistant',
        content: [],
        model,
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: promptTokens, output_tokens: 1 },
      },
    }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    sse('ping', { type: 'ping' }),
  ],
  delta: (text) =>
    sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
  end: (usage, finish) => [
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    // Anthropic reports input tokens in message_start; message_delta carries the output count.
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: finish === 'length' ? 'max_tokens' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: usage?.completion ?? 0 },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ],
  error: anthropicError,
  streamError: () => sse('error', anthropicError(529)),
};

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A message's content is a string or blocks; text and base64 image blocks are checked as the API does. */
function blockProblems(message: { role?: string; content?: unknown }, i: number): string[] {
  const { content } = message;
  if (typeof content === 'string') return [];
  if (!Array.isArray(content) || content.length === 0)
    return [`messages.${i}.content: a string or a non-empty array of blocks is required`];
  return content.flatMap((block: any, j: number) => {
    const at = `messages.${i}.content.${j}`;
    if (block?.type === 'text') return typeof block.text === 'string' ? [] : [`${at}.text: a string is required`];
    if (block?.type !== 'image') return [`${at}.type: '${block?.type}' is not a block this stand-in takes`];
    if (message.role !== 'user') return [`${at}: only a user turn may hold an image`];
    const source = block.source;
    if (source?.type !== 'base64') return [`${at}.source.type: 'base64' expected`];
    if (!IMAGE_TYPES.includes(source.media_type)) return [`${at}.source.media_type: one of ${IMAGE_TYPES.join(', ')}`];
    return typeof source.data === 'string' && BASE64.test(source.data) ? [] : [`${at}.source.data: base64 is required`];
  });
}

export interface AnthropicTestServer extends ScriptedServer {
  url: string;
  contractErrors: string[];
}

/** Checks what the real API checks; a failure answers as the API does and is noted. */
export async function startAnthropicTestServer({
  apiKey,
  models = ['claude-test'],
}: {
  apiKey: string;
  models?: string[];
}): Promise<AnthropicTestServer> {
  const contractErrors: string[] = [];
  const server = await startScriptedServer((req, url, body) => {
    if (req.headers['x-api-key'] !== apiKey) return { fail: 401 };
    if (!req.headers['anthropic-version']) return { fail: 400, message: 'anthropic-version: header is required' };
    if (req.headers['anthropic-dangerous-direct-browser-access'] !== 'true') {
      return { fail: 401, message: "CORS requests must set 'anthropic-dangerous-direct-browser-access' header" };
    }
    if (url.pathname === '/v1/models' && req.method === 'GET') {
      return {
        json: {
          data: models.map((id) => ({
            type: 'model',
            id,
            display_name: id.replace(/-/g, ' '),
            created_at: '2025-05-14T00:00:00Z',
          })),
          has_more: false,
          first_id: models[0],
          last_id: models.at(-1),
        },
      };
    }
    if (url.pathname !== '/v1/messages' || req.method !== 'POST') return null;
    const problems = [
      typeof body?.model !== 'string' && 'model: a string is required',
      !(Number.isInteger(body?.max_tokens) && body.max_tokens > 0) && 'max_tokens: a positive integer is required',
      !(Array.isArray(body?.messages) && body.messages.length > 0) && 'messages: a non-empty array is required',
      Array.isArray(body?.messages) &&
        body.messages.some((m: { role?: string }) => m.role !== 'user' && m.role !== 'assistant') &&
        'messages: roles are user or assistant; system goes in `system`',
      body?.stream !== true && 'stream: the stand-in only streams',
      ...(Array.isArray(body?.messages) ? body.messages.flatMap(blockProblems) : []),
    ].filter((p): p is string => typeof p === 'string');
    if (problems.length > 0) {
      contractErrors.push(...problems);
      return { fail: 400, message: problems.join('; ') };
    }
    if (!models.includes(body.model)) return { fail: 404, message: `model: ${body.model}` };
    const texts = JSON.stringify(body.messages).match(/"text":"[^"]*"/g) ?? [];
    return { stream: format, model: body.model, promptTokens: roughTokens(texts) + 8 };
  }, anthropicError);
  return Object.assign(server, { url: `${server.origin}/v1`, contractErrors });
}
