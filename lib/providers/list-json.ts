import { APICallError } from 'ai';

/**
 * GETs a provider's JSON model list, or POSTs `body` as JSON where the server asks for it (as
 * Ollama's /api/show does). Failures become the SDK's APICallError, so one mapping
 * (toGatewayError) words every provider failure alike and strips the key.
 */
export async function getJson(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  body?: object,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(
      url,
      body
        ? {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(body),
            signal,
          }
        : { headers, signal },
    );
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new APICallError({
      message: `Cannot connect to ${new URL(url).host}: ${(cause as Error).message}`,
      url,
      requestBodyValues: {},
      cause,
      isRetryable: true,
    });
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    throw new APICallError({
      message: response.statusText || `HTTP ${response.status}`,
      url,
      requestBodyValues: {},
      statusCode: response.status,
      responseBody: text.slice(0, 2_000),
      data,
    });
  }
  if (data === undefined)
    throw new APICallError({
      message: 'the model list is not JSON',
      url,
      requestBodyValues: {},
      statusCode: response.status,
    });
  return data;
}

export const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The `data[].id` list that OpenAI and every server copying it answer on GET /models. */
export async function openAIStyleModels(
  baseURL: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<Array<Record<string, unknown> & { id: string }>> {
  const body = (await getJson(`${trimSlash(baseURL)}/models`, headers, signal)) as { data?: unknown };
  if (!Array.isArray(body.data)) return [];
  return body.data.filter((m): m is Record<string, unknown> & { id: string } => typeof m?.id === 'string');
}

export const bearer = (apiKey: string | undefined): Record<string, string> =>
  apiKey ? { authorization: `Bearer ${apiKey}` } : {};
