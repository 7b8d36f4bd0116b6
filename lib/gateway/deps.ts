import type { CatalogEntry, Price } from '../catalog/catalog';
import type { Lesson } from '../catalog/learned';
import type { ModelDownload } from '../permissions/consent-queue';
import type { Settings } from '../settings/schema';

/**
 * What the gateway reads of the model catalog. The worker passes the stored catalog; a test
 * passes a plain object, so each step runs alone.
 */
export interface CatalogDeps {
  /** A model's price, null when unknown: budgets ask it before a call is admitted. */
  priceOf(modelId: string): Promise<Price | null>;
  /** What the catalog, the user and the provider's refusals know of a model: its window and what it reads; null for a model nobody lists. */
  factsOf(modelId: string, settings: Settings): Promise<CatalogEntry | null>;
  /** Keeps what a provider's refusal taught of a model, so the next such call is answered before it is sent. */
  learn(modelId: string, taught: Omit<Lesson, 'at'>, at: number): Promise<void>;
}

/** The on-device engine, as far as a page's call reaches it. */
export interface OnDeviceDeps {
  /** The Prompt API's answer for an on-device model. */
  availability(modelId: string): Promise<'downloadable' | 'downloading' | 'available'>;
  /** What a call on this model must download before it runs, or null. */
  downloadNeeded(target: { provider: { kind: string }; model: string }): Promise<ModelDownload | null>;
  /** Starts the model's download or joins the one under way, reporting each step as a fraction of the file. */
  download(model: string, onFraction: (fraction: number) => void, signal: AbortSignal): Promise<void>;
}
