// Validators for OpenAI's Chat Completions wire format, built from the provider's own
// published OpenAPI document (see test/contracts/README.md). Every request the
// extension sends and every response the local test server sends back is checked here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Import from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

/** Vendored into the repository with its source and licence (test/contracts/README.md). */
export const OPENAI_CONTRACT_URL = new URL('../contracts/openai-chat-completions.schema.json', import.meta.url);

// ajv ships CommonJS; depending on the loader the default import is the class or its module.
const Ajv2020 = ((Ajv2020Import as unknown as { default?: typeof Ajv2020Import }).default ??
  Ajv2020Import) as typeof Ajv2020Import;

const document = JSON.parse(readFileSync(fileURLToPath(OPENAI_CONTRACT_URL), 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
// The formats the document uses. OpenAPI's `unixtime` marks an integer of seconds.
ajv.addFormat('uri', {
  type: 'string',
  validate: (value: string) => {
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  },
});
ajv.addFormat('date', { type: 'string', validate: /^\d{4}-\d{2}-\d{2}$/ });
ajv.addFormat('unixtime', { type: 'number', validate: (value: number) => Number.isInteger(value) && value >= 0 });
ajv.addSchema(document, 'openai');

function compile(name: string): ValidateFunction {
  return ajv.compile({ $ref: `openai#/components/schemas/${name}` });
}

const validators = {
  request: compile('CreateChatCompletionRequest'),
  chunk: compile('CreateChatCompletionStreamResponse'),
  response: compile('CreateChatCompletionResponse'),
  models: compile('ListModelsResponse'),
  error: compile('ErrorResponse'),
};

const MAX_ERRORS = 20;

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  let detail = '';
  if (error.keyword === 'enum')
    detail = ` ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`;
  else if (error.keyword === 'additionalProperties')
    detail = ` '${(error.params as { additionalProperty?: string }).additionalProperty}'`;
  else if (error.keyword === 'const')
    detail = ` ${JSON.stringify((error.params as { allowedValue?: unknown }).allowedValue)}`;
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}

function run(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    seen.add(describe(error));
    if (seen.size >= MAX_ERRORS) break;
  }
  return [...seen];
}

/** A `POST /v1/chat/completions` body against CreateChatCompletionRequest. */
export function validateChatRequest(body: unknown): string[] {
  const errors = run(validators.request, body);
  // The real API refuses stream_options on a non-streamed call, which the schema cannot say.
  if (errors.length === 0 && body && typeof body === 'object') {
    const { stream, stream_options } = body as { stream?: unknown; stream_options?: unknown };
    if (stream_options != null && stream !== true)
      errors.push("/stream_options is only allowed when 'stream' is enabled");
  }
  return errors;
}

/** One streamed `data:` chunk against CreateChatCompletionStreamResponse. */
export function validateStreamChunk(chunk: unknown): string[] {
  return run(validators.chunk, chunk);
}

/** A non-streamed answer against CreateChatCompletionResponse. */
export function validateChatResponse(body: unknown): string[] {
  return run(validators.response, body);
}

/** A `GET /v1/models` answer against ListModelsResponse. */
export function validateModelList(body: unknown): string[] {
  return run(validators.models, body);
}

/** An error body against ErrorResponse. */
export function validateErrorResponse(body: unknown): string[] {
  return run(validators.error, body);
}
