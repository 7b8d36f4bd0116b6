import type { Caller } from './caller';
import type { ModelTarget } from './resolve-model';

/**
 * Decides whether a caller may spend on a model; throws a GatewayError to refuse. The signal
 * is the call's own: when the page goes away, its place in the consent queue goes too.
 */
export type ConsentGate = (caller: Caller, target: ModelTarget, signal: AbortSignal) => Promise<void>;
