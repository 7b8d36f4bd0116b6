import { APICallError } from 'ai';
import { GatewayError, redactSecret, toGatewayError } from './errors';
import { ErrorCodes } from '../protocol/wire';
import type { ProviderKind } from '../settings/schema';
import { adapterFor } from '../providers/registry';

/** The provider's status, when the error carries one (codes are 5000 + status). */
export function statusOf(error: GatewayError): number | null {
  const status = error.code - ErrorCodes.providerError;
  return status >= 100 && status < 600 ? status : null;
}

/**
 * The SDK reports a body cut short after a 200 as an APICallError with status 200
 * ("Failed to process successful response"); to a user that is a lost connection, not an answer.
 */
export function isLostMidAnswer(error: unknown): error is APICallError {
  return APICallError.isInstance(error) && error.statusCode !== undefined && error.statusCode < 400;
}

/**
 * An error event inside a 200 stream reaches us as the provider's own object, not an Error:
 * Anthropic's { type: 'overloaded_error', message: 'Overloaded' }, for one.
 */
export function streamErrorBody(error: unknown): { type: string; message: string } | undefined {
  if (error instanceof Error || typeof error !== 'object' || error === null) return undefined;
  const { type, message } = error as { type?: unknown; message?: unknown };
  return typeof message === 'string' ? { type: typeof type === 'string' ? type : 'error', message } : undefined;
}

/** The gateway's normal wording, plus this family's advice when the status has a known fix. */
export function describeProviderError(error: unknown, kind: ProviderKind, apiKey: string | undefined): GatewayError {
  if (isLostMidAnswer(error)) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new GatewayError(
      'NetworkError',
      redactSecret(`The connection to the provider was lost in the middle of its answer${cause}.`, apiKey),
      ErrorCodes.providerError,
    );
  }
  const body = streamErrorBody(error);
  if (body) {
    const text = `The provider reported an error in the middle of its answer (${body.type}): ${body.message}`.slice(
      0,
      600,
    );
    return new GatewayError('NetworkError', redactSecret(text, apiKey), ErrorCodes.providerError);
  }
  const mapped = toGatewayError(error, apiKey);
  const status = statusOf(mapped);
  const advice = status === null ? undefined : adapterFor(kind).explain?.(status);
  const sentence = /[.!?]$/.test(mapped.message) ? mapped.message : `${mapped.message}.`;
  return advice ? new GatewayError(mapped.pageName, `${sentence} ${advice}`, mapped.code) : mapped;
}
