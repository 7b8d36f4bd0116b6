import { defineExtensionMessaging } from '@webext-core/messaging';
import type { UiProtocol } from './ui-service/calls';

/**
 * The extension pages' channel to the worker, typed by the one table of calls
 * (lib/ui-service/calls.ts). Only types come from there, so no page bundles the worker's
 * schemas or services.
 */
export const { sendMessage, onMessage } = defineExtensionMessaging<UiProtocol>();
export type { ProviderInput, UiState } from './settings/schema';
export type { TestResult } from './ui-service/test-connection';
