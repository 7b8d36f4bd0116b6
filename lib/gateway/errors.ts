import { APICallError } from 'ai';
import { ErrorCodes, type PageErrorName, type WireError } from '../protocol/wire';

/** An error the gateway means the page to see, already in the page's vocabulary. */
export class GatewayError extends Error {
  constructor(
    readonly pageName: PageErrorName,
    message: string,
    readonly code: number,
  ) {
    super(message);
  }

  toWire(): WireError {
    return { name: this.pageName, message: this.message, code: this.code };
  }
}

export const invalidRequest = (why: string) =>
  new GatewayError('TypeError', `Invalid request: ${why}`, ErrorCodes.invalidRequest);
export const notAllowed = (why: string) => new GatewayError('NotAllowedError', why, ErrorCodes.permissionDenied);
export const notConfigured = () =>
  new GatewayError(
    'NotAllowedError',
    'No model is set up: set up a model in the extension first.',
    ErrorCodes.notAuthenticated,
  );
export const aborted = () => new GatewayError('AbortError', 'The request was aborted.', ErrorCodes.aborted);

/** Why a call's signal fired: a revoke carries its own NotAllowedError, anything else aborts. */
export const abortReason = (signal: AbortSignal): GatewayError =>
  signal.reason instanceof GatewayError ? signal.reason : aborted();

const FRAGMENT = 8;

/**
 * Removes a secret, and every run of FRAGMENT or more of its characters, from text. A run is
 * grown in both directions as far as it keeps matching, so no tail of an echoed key survives.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  if (secret.length < FRAGMENT) return text.split(secret).join('[redacted]');
  const hidden = new Uint8Array(text.length);
  for (let j = 0; j + FRAGMENT <= secret.length; j++) {
    const piece = secret.slice(j, j + FRAGMENT);
    for (let i = text.indexOf(piece); i !== -1; i = text.indexOf(piece, i + 1)) {
      let [left, s] = [i, j];
      while (left > 0 && s > 0 && text[left - 1] === secret[s - 1]) [left, s] = [left - 1, s - 1];
      let [right, e] = [i + FRAGMENT, j + FRAGMENT];
      while (right < text.length && e < secret.length && text[right] === secret[e]) [right, e] = [right + 1, e + 1];
      hidden.fill(1, left, right);
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) out += text[i];
    else if (i === 0 || !hidden[i - 1]) out += '[redacted]';
  }
  return out;
}

function providerMessage(error: APICallError): string {
  const body = error.data as { error?: { message?: unknown } } | undefined;
  const fromBody = typeof body?.error?.message === 'string' ? body.error.message : undefined;
  return (fromBody ?? error.message).slice(0, 500);
}

/**
 * Maps anything a provider call throws to the page's error contract: the provider's status
 * and message are kept, the key is not.
 */
export function toGatewayError(error: unknown, apiKey: string | undefined): GatewayError {
  if (error instanceof GatewayError) return error;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const message = redactSecret(
      `The provider answered ${status ?? 'without a status'}: ${providerMessage(error)}`,
      apiKey,
    );
    return new GatewayError(
      status ? 'NetworkError' : 'UnknownError',
      message,
      ErrorCodes.providerError + (status ?? 0),
    );
  }
  const text = error instanceof Error ? error.message : String(error);
  return new GatewayError(
    'UnknownError',
    redactSecret(`The provider call failed: ${text}`.slice(0, 600), apiKey),
    ErrorCodes.providerError,
  );
}
