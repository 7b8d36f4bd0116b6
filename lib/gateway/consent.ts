import type { Caller } from './caller';
import type { ModelTarget } from './resolve-model';

/**
 * Decides whether a caller may spend on a model; throws a GatewayError to refuse.
 * Per-site grants and the consent window plug in here.
 */
export type ConsentGate = (caller: Caller, target: ModelTarget) => Promise<void>;
