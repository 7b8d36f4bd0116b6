// A strict local stand-in for OpenAI's Chat Completions API, for unit tests, real-browser
// e2e tests and the demo. Every request body is validated against OpenAI's own published
// schema, and so is every chunk and response sent back; violations land in `contractErrors`.
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  validateChatRequest,
  validateChatResponse,
  validateErrorResponse,
  validateModelList,
  validateStreamChunk,
} from './openai-contract';

export interface ScriptedReply {
  deltas?: string[]; // text deltas to stream, in order (default ['Hello', ' world'])
  firstDelayMs?: number; // wait before the first delta chunk
  delayMs?: number; // wait between delta chunks
  usage?: { prompt_tokens: number; completion_tokens: number } | null; // null = send no usage chunk even if asked; default computed: prompt_tokens = OpenAI's count (o200k_base and its chat framing), completion_tokens = deltas.length
  status?: number; // non-200: answer with OpenAI's ErrorResponse JSON shape and this status
  errorMessage?: string;
  resetAfterDeltas?: number; // destroy the socket after sending N deltas (connection reset mid-stream)
  malformedLineAfterDeltas?: number; // send one invalid `data: {not json` line after N deltas
  /** `finish_reason` of the last chunk (default 'stop', or 'tool_calls' with toolCalls). */
  finishReason?: 'stop' | 'length' | 'content_filter';
  /** Function calls to stream after the deltas, one chunk each, as OpenAI streams them. */
  toolCalls?: Array<{ name: string; arguments: string }>;
}

export interface RecordedRequest {
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface OpenAITestServer {
  url: string; // base URL incl. /v1, e.g. http://127.0.0.1:4567/v1
  origin: string; // http://127.0.0.1:4567
  requests: RecordedRequest[]; // every request received
  contractErrors: string[]; // every request or outgoing chunk/response that failed the contract, with context
  closedEarly: number; // streamed responses whose client connection closed before the server finished them
  served: { completions: number; completionTokens: number }; // completions finished, and total completion tokens actually sent
  /** Streamed responses currently open. */
  readonly inFlight: number;
  script(reply: ScriptedReply | ((body: any) => ScriptedReply)): void; // applies to following requests until changed
  nextClose(timeoutMs?: number): Promise<void>; // resolves at the next early close (or rejects on timeout)
  close(): Promise<void>;
}

export interface OpenAITestServerOptions {
  port?: number;
  /** When set, every /v1 request must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Served by GET /v1/models (default ['test-model']). */
  models?: string[];
  /** Refuse chat requests for a model not in `models` with 404 model_not_found, like the real API. */
  strictModels?: boolean;
  /** Where the API lives (default '/v1'; OpenRouter's is '/api/v1'). */
  prefix?: string;
  /** Serve GET <prefix>/models the way OpenRouter does: names, context lengths and per-token prices. */
  openRouterModels?: OpenRouterModel[];
  /**
   * Also answer like Ollama: GET /api/tags lists `models`, POST /api/show tells a model's
   * capabilities (["completion"] unless given; none at all when `capabilities` is null, as an
   * Ollama older than 0.6.4 answers), and a browser Origin is checked.
   */
  ollama?: {
    allowOrigin(origin: string): boolean;
    capabilities?: Record<string, string[]> | null;
    contextLength?: Record<string, number>;
  };
  /**
   * Also answer like LM Studio's own REST API: GET /api/v0/models lists these models with their
   * type ("llm", "vlm", "embeddings") and window (`max_context_length`, and
   * `loaded_context_length` for a loaded one). Without it, that path is a 404 as on other servers.
   */
  lmStudio?: Record<
    string,
    { type: 'llm' | 'vlm' | 'embeddings'; max_context_length: number; loaded_context_length?: number }
  >;
  /**
   * Refuse prompts longer than this many tokens (OpenAI's count) as OpenAI does: 400
   * `context_length_exceeded`, naming the window and the prompt's size.
   */
  contextLength?: number;
  /** Refuse image parts for these models as OpenAI does for a model that reads text only. */
  textOnlyModels?: string[];
}

/** One row of OpenRouter's GET /api/v1/models; prices are USD per token, as decimal strings. */
export interface OpenRouterModel {
  id: string;
  name: string;
  context_length: number;
  pricing: { prompt: string; completion: string };
  architecture?: { modality: string; input_modalities: string[]; output_modalities: string[] };
}

const DEFAULT_DELTAS = ['Hello', ' world'];
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-max-age': '600',
};

interface ErrorShape {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** OpenAI's own wording and error types for the statuses a test may script. */
function scriptedError(status: number, message: string | undefined, model: string): ErrorShape {
  switch (status) {
    case 400:
      return { message: message ?? 'Invalid request.', type: 'invalid_request_error', param: null, code: null };
    case 401:
      return {
        message: message ?? 'Incorrect API key provided.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      };
    case 403:
      return {
        message: message ?? 'You are not allowed to sample from this model',
        type: 'invalid_request_error',
        param: null,
        code: null,
      };
    case 404:
      return {
        message: message ?? `The model \`${model}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      };
    case 429:
      return {
        message:
          message ??
          `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      };
    case 503:
      return {
        message: message ?? 'The engine is currently overloaded, please try again later',
        type: 'server_error',
        param: null,
        code: null,
      };
    default:
      if (status >= 500) {
        return {
          message: message ?? 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        };
      }
      return {
        message: message ?? `Request failed with status ${status}.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      };
  }
}

/** OpenAI masks all but the start and end of a wrong key, and still echoes part of it. */
function maskKey(key: string): string {
  if (key.length <= 8) return key;
  const head = key.slice(0, Math.min(20, key.length - 4));
  return `${head}${'*'.repeat(Math.max(0, key.length - head.length - 4))}${key.slice(-4)}`;
}

const AS_TEXT = { disallowedSpecial: new Set<string>() };
// gpt-tokenizer's BPE is quadratic in one long piece (300,000 letters without a break take
// hours), where OpenAI's is not: such a run is counted 100 characters at a time. A split only
// keeps merges from crossing it, so this bills a little more than OpenAI would, never less.
const LONG_RUN = /[\p{L}\p{M}]{100,}/gu;
function tokensOf(text: string): number {
  let runs = 0;
  const rest = text.replace(LONG_RUN, (run) => {
    const chars = Array.from(run);
    for (let i = 0; i < chars.length; i += 100) runs += countTokens(chars.slice(i, i + 100).join(''), AS_TEXT);
    return ' ';
  });
  return countTokens(rest, AS_TEXT) + runs;
}

/** A message's text as the model reads it: its content's text parts, its tool calls' names and arguments. */
function messageText(message: any): string {
  const content = message?.content;
  const text =
    typeof content === 'string'
      ? content
      : Array.isArray(content)
        ? content.map((part: any) => (typeof part?.text === 'string' ? part.text : '')).join('')
        : '';
  const calls = Array.isArray(message?.tool_calls)
    ? message.tool_calls.map((c: any) => `${c?.function?.name ?? ''}${c?.function?.arguments ?? ''}`).join('')
    : '';
  return text + calls;
}

/**
 * Prompt tokens as OpenAI bills a GPT-4o-family model: o200k_base, 3 tokens a message plus its
 * role's, and 3 that prime the reply (OpenAI's own counting recipe); tools and a response schema
 * as their JSON. Images are not billed here.
 */
/** Where the first image part sits, as OpenAI's `param` names it ("messages.[1].content.[0]"); null when none. */
function imagePartAt(body: any): string | null {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  for (const [i, message] of messages.entries()) {
    if (!Array.isArray(message?.content)) continue;
    const j = message.content.findIndex((part: any) => part?.type === 'image_url');
    if (j >= 0) return `messages.[${i}].content.[${j}]`;
  }
  return null;
}

export function promptTokens(body: any): number {
  const messages: unknown[] = Array.isArray(body?.messages) ? body.messages : [];
  let tokens = 3;
  for (const message of messages)
    tokens += 3 + tokensOf(String((message as { role?: unknown })?.role ?? '')) + tokensOf(messageText(message));
  if (Array.isArray(body?.tools)) tokens += tokensOf(JSON.stringify(body.tools));
  if (body?.response_format?.json_schema) tokens += tokensOf(JSON.stringify(body.response_format.json_schema));
  return tokens;
}

function randomId(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 14)}${Math.random().toString(36).slice(2, 14)}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startOpenAITestServer(options: OpenAITestServerOptions = {}): Promise<OpenAITestServer> {
  const models = options.models ?? ['test-model'];
  let current: ScriptedReply | ((body: any) => ScriptedReply) = {};
  let inFlight = 0;
  let shuttingDown = false;
  const closeWaiters: Array<() => void> = [];
  const openStreams = new Set<AbortController>();

  const requests: RecordedRequest[] = [];
  const contractErrors: string[] = [];
  const served = { completions: 0, completionTokens: 0 };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...CORS_HEADERS,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const sendError = (res: ServerResponse, status: number, error: ErrorShape, context: string) => {
    const body = { error };
    for (const problem of validateErrorResponse(body))
      contractErrors.push(`${context}: outgoing error response: ${problem}`);
    json(res, status, body);
  };

  /** OpenAI answers 401 before it looks at the body. */
  const authError = (req: IncomingMessage): ErrorShape | null => {
    if (options.apiKey === undefined) return null;
    const header = req.headers.authorization;
    if (!header) {
      return {
        message:
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (i.e. sk-...). You can obtain an API key from https://platform.openai.com/account/api-keys.",
        type: 'invalid_request_error',
        param: null,
        code: null,
      };
    }
    const match = /^Bearer\s+(.*)$/i.exec(header);
    const key = match?.[1]?.trim() ?? '';
    if (key === options.apiKey) return null;
    return {
      message: `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    };
  };

  const noteEarlyClose = () => {
    for (const resolve of closeWaiters.splice(0)) resolve();
  };

  async function chatCompletions(req: IncomingMessage, res: ServerResponse, body: any): Promise<void> {
    const context = `POST /v1/chat/completions #${requests.length}`;
    const problems = validateChatRequest(body);
    for (const problem of problems) contractErrors.push(`${context}: request: ${problem}`);

    const unauthorized = authError(req);
    if (unauthorized) return sendError(res, 401, unauthorized, context);
    if (problems.length > 0) {
      return sendError(
        res,
        400,
        {
          message: `Invalid request body: ${problems.slice(0, 3).join('; ')}`,
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
        context,
      );
    }
    const model = String(body.model);
    if (options.strictModels && !models.includes(model))
      return sendError(res, 404, scriptedError(404, undefined, model), context);

    const limit = options.contextLength;
    if (limit !== undefined && promptTokens(body) > limit) {
      const message = `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${promptTokens(body)} tokens. Please reduce the length of the messages.`;
      return sendError(
        res,
        400,
        { message, type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' },
        context,
      );
    }
    const imageAt = options.textOnlyModels?.includes(model) ? imagePartAt(body) : null;
    if (imageAt) {
      return sendError(
        res,
        400,
        {
          message: 'Invalid content type. image_url is only supported by certain models.',
          type: 'invalid_request_error',
          param: `${imageAt}.type`,
          code: null,
        },
        context,
      );
    }

    const reply = typeof current === 'function' ? current(body) : current;
    if (reply.status !== undefined && reply.status !== 200) {
      return sendError(res, reply.status, scriptedError(reply.status, reply.errorMessage, model), context);
    }

    const deltas = reply.deltas ?? DEFAULT_DELTAS;
    const usageFor = (completionTokens: number) => {
      if (reply.usage === null) return null;
      const prompt = reply.usage?.prompt_tokens ?? promptTokens(body);
      const completion = reply.usage?.completion_tokens ?? completionTokens;
      return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    };
    const id = randomId('chatcmpl-');
    const created = Math.floor(Date.now() / 1000);
    const controller = new AbortController();
    const { signal } = controller;
    const sleep = (ms: number | undefined) =>
      new Promise<void>((resolve) => {
        if (!ms || ms <= 0 || signal.aborted) return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done);
      });

    if (body.stream !== true) {
      openStreams.add(controller);
      res.on('close', () => controller.abort());
      try {
        await sleep(reply.firstDelayMs);
        if (signal.aborted) return;
        const usage = usageFor(deltas.length) ?? undefined;
        const response = {
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: deltas.join(''), refusal: null, annotations: [] },
              logprobs: null,
              finish_reason: reply.finishReason ?? 'stop',
            },
          ],
          ...(usage ? { usage } : {}),
          service_tier: 'default',
        };
        for (const problem of validateChatResponse(response)) contractErrors.push(`${context}: response: ${problem}`);
        json(res, 200, response);
        served.completions++;
        served.completionTokens += deltas.length;
      } finally {
        openStreams.delete(controller);
      }
      return;
    }

    const includeUsage = body.stream_options?.include_usage === true;
    let finished = false;
    let resetByServer = false;
    inFlight++;
    openStreams.add(controller);
    res.on('close', () => {
      inFlight--;
      openStreams.delete(controller);
      if (!finished && !resetByServer && !shuttingDown) {
        controller.abort();
        api.closedEarly++;
        noteEarlyClose();
      }
    });
    res.writeHead(200, {
      ...CORS_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });

    let flushed: Promise<void> = Promise.resolve();
    const write = (text: string) => {
      flushed = new Promise<void>((resolve) => res.write(text, () => resolve()));
    };
    let chunkNo = 0;
    const sendChunk = (choices: unknown[], extra: Record<string, unknown> = {}) => {
      const chunk = {
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        service_tier: 'default',
        system_fingerprint: 'fp_test',
        choices,
        ...(includeUsage ? { usage: null } : {}),
        ...extra,
      };
      chunkNo++;
      for (const problem of validateStreamChunk(chunk)) contractErrors.push(`${context}: chunk ${chunkNo}: ${problem}`);
      write(`data: ${JSON.stringify(chunk)}\n\n`);
    };

    sendChunk([
      { index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null },
    ]);
    let sent = 0;
    const afterDelta = async (): Promise<boolean> => {
      if (reply.malformedLineAfterDeltas === sent) write('data: {not json\n\n');
      if (reply.resetAfterDeltas === sent) {
        // Let what was written reach the client first, then drop the connection without the
        // chunked body's terminator, as a proxy or a crashed upstream would.
        await flushed;
        resetByServer = true;
        res.socket?.destroy();
        return false;
      }
      return true;
    };
    if (!(await afterDelta())) return;
    for (const [index, delta] of deltas.entries()) {
      await sleep(index === 0 ? reply.firstDelayMs : reply.delayMs);
      if (signal.aborted || res.destroyed) return;
      sendChunk([{ index: 0, delta: { content: delta }, logprobs: null, finish_reason: null }]);
      sent++;
      served.completionTokens++;
      if (!(await afterDelta())) return;
    }
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      const toolCall = {
        index,
        id: randomId('call_'),
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      };
      sendChunk([{ index: 0, delta: { tool_calls: [toolCall] }, logprobs: null, finish_reason: null }]);
    }
    sendChunk([
      {
        index: 0,
        delta: {},
        logprobs: null,
        finish_reason: reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop'),
      },
    ]);
    const usage = includeUsage ? usageFor(sent) : null;
    if (usage) sendChunk([], { usage });
    write('data: [DONE]\n\n');
    finished = true;
    res.end();
    served.completions++;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const recorded: RecordedRequest = {
      path: url.pathname,
      method,
      headers: { ...req.headers },
      body: raw.length > 0 ? raw : undefined,
    };
    requests.push(recorded);
    const context = `${method} ${url.pathname} #${requests.length}`;

    if (method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return;
    }
    const path = url.pathname.replace(/\/+$/, '');
    const prefix = options.prefix ?? '/v1';
    // Ollama answers a browser Origin outside OLLAMA_ORIGINS with an empty 403, before routing.
    const requestOrigin = req.headers.origin;
    if (options.ollama && typeof requestOrigin === 'string' && !options.ollama.allowOrigin(requestOrigin)) {
      res.writeHead(403, { 'content-length': 0 });
      res.end();
      return;
    }
    if (options.ollama && path === '/api/tags' && method === 'GET') {
      return json(res, 200, {
        models: models.map((name) => ({
          name,
          model: name,
          modified_at: '2026-01-01T00:00:00Z',
          size: 2_019_393_189,
          digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
          details: {
            parent_model: '',
            format: 'gguf',
            family: 'llama',
            families: ['llama'],
            parameter_size: '3.2B',
            quantization_level: 'Q4_K_M',
          },
        })),
      });
    }
    if (options.ollama && path === '/api/show' && method === 'POST') {
      const model = (JSON.parse(raw || '{}') as { model?: unknown }).model;
      if (typeof model !== 'string' || !models.includes(model))
        return json(res, 404, { error: `model '${String(model)}' not found` });
      const capabilities =
        options.ollama.capabilities === null
          ? {}
          : { capabilities: options.ollama.capabilities?.[model] ?? ['completion'] };
      return json(res, 200, {
        modelfile: `FROM ${model}`,
        parameters: 'stop "<|eot_id|>"',
        template: '{{ .Prompt }}',
        details: {
          parent_model: '',
          format: 'gguf',
          family: 'llama',
          families: ['llama'],
          parameter_size: '3.2B',
          quantization_level: 'Q4_K_M',
        },
        model_info: {
          'general.architecture': 'llama',
          ...(options.ollama.contextLength?.[model] && { 'llama.context_length': options.ollama.contextLength[model] }),
        },
        ...capabilities,
      });
    }
    if (options.lmStudio && path === '/api/v0/models' && method === 'GET') {
      const data = Object.entries(options.lmStudio).map(([id, m]) => ({
        id,
        object: 'model',
        type: m.type,
        publisher: 'lmstudio-community',
        arch: m.type === 'vlm' ? 'qwen2_vl' : 'llama',
        compatibility_type: 'gguf',
        quantization: 'Q4_K_M',
        state: m.loaded_context_length ? 'loaded' : 'not-loaded',
        max_context_length: m.max_context_length,
        ...(m.loaded_context_length && { loaded_context_length: m.loaded_context_length }),
      }));
      return json(res, 200, { object: 'list', data });
    }
    if (path === `${prefix}/chat/completions` && method === 'POST') {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        contractErrors.push(`${context}: request body is not JSON: ${raw.slice(0, 200)}`);
        return sendError(
          res,
          400,
          {
            message:
              "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
          context,
        );
      }
      recorded.body = body;
      return chatCompletions(req, res, body);
    }
    if (path === `${prefix}/models` && method === 'GET') {
      const unauthorized = authError(req);
      if (unauthorized) return sendError(res, 401, unauthorized, context);
      // OpenRouter's list is its own shape, a superset of OpenAI's; OpenAI's schema does not apply.
      if (options.openRouterModels) return json(res, 200, { data: options.openRouterModels });
      const list = {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'test' })),
      };
      for (const problem of validateModelList(list)) contractErrors.push(`${context}: response: ${problem}`);
      return json(res, 200, list);
    }
    return sendError(
      res,
      404,
      { message: `Invalid URL (${method} ${url.pathname})`, type: 'invalid_request_error', param: null, code: null },
      context,
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      contractErrors.push(
        `internal test-server error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!res.headersSent)
        json(res, 500, { error: { message: 'test server failure', type: 'server_error', param: null, code: null } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const api: OpenAITestServer = {
    url: `${origin}${options.prefix ?? '/v1'}`,
    origin,
    requests,
    contractErrors,
    closedEarly: 0,
    served,
    get inFlight() {
      return inFlight;
    },
    script(reply) {
      current = reply;
    },
    nextClose(timeoutMs = 5_000) {
      return new Promise<void>((resolve, reject) => {
        const waiter = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          const at = closeWaiters.indexOf(waiter);
          if (at >= 0) closeWaiters.splice(at, 1);
          reject(new Error(`no client closed a stream early within ${timeoutMs} ms`));
        }, timeoutMs);
        closeWaiters.push(waiter);
      });
    },
    close() {
      shuttingDown = true;
      for (const controller of openStreams) controller.abort();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return api;
}
