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

export const invalidRequest = (why: string) => new GatewayError('TypeError', `Invalid request: ${why}`, ErrorCodes.invalidRequest);
export const notAllowed = (why: string) => new GatewayError('NotAllowedError', why, ErrorCodes.permissionDenied);
export const notConfigured = () =>
  new GatewayError('NotAllowedError', 'No model is set up: set up a model in the extension first.', ErrorCodes.notAuthenticated);
export const aborted = () => new GatewayError('AbortError', 'The request was aborted.', ErrorCodes.aborted);

const FRAGMENT = 8;

/** Removes a secret, and every run of FRAGMENT or more of its characters, from text. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < FRAGMENT) return secret ? text.split(secret).join('[redacted]') : text;
  let out = text.split(secret).join('[redacted]');
  for (let i = 0; i + FRAGMENT <= secret.length; i++) {
    const piece = secret.slice(i, i + FRAGMENT);
    if (out.includes(piece)) out = out.split(piece).join('[redacted]');
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
    const message = redactSecret(`The provider answered ${status ?? 'without a status'}: ${providerMessage(error)}`, apiKey);
    return new GatewayError(status ? 'NetworkError' : 'UnknownError', message, ErrorCodes.providerError + (status ?? 0));
  }
  const text = error instanceof Error ? error.message : String(error);
  return new GatewayError('UnknownError', redactSecret(`The provider call failed: ${text}`.slice(0, 600), apiKey), ErrorCodes.providerError);
}
