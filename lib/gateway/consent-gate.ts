import type { Price } from '../catalog/catalog';
import type { ConsentQueue, ModelDownload } from '../permissions/consent-queue';
import type { SiteGrant } from '../permissions/grant';
import type { OnceGrants } from '../permissions/once-grants';
import type { SpamGuard } from '../permissions/spam-guard';
import type { Caller } from './caller';
import type { ConsentGate } from './consent';
import { notAllowed } from './errors';
import type { ModelTarget } from './resolve-model';

export interface ConsentGateDeps {
  queue: ConsentQueue;
  spam: SpamGuard;
  once: OnceGrants;
  readGrant(origin: string): Promise<SiteGrant | undefined>;
  updateGrant(origin: string, change: (current: SiteGrant | undefined) => SiteGrant | undefined): Promise<unknown>;
  markGrantUsed(origin: string, at: number): Promise<unknown>;
  priceOf(modelId: string): Promise<Price | null>;
  /** What the model must download before it runs (an on-device model not stored yet), or null. */
  downloadOf?(target: ModelTarget): Promise<ModelDownload | null>;
  /** Called after an allow-once grant is added, so it can be kept across worker restarts. */
  onceChanged(): void;
  /** Called when the user set a daily budget for the site in the consent window: its one home is the budgets. */
  setSiteDailyBudget(origin: string, usd: number): Promise<unknown>;
  now(): number;
}

export const refusals = {
  muted: (origin: string) =>
    notAllowed(`${origin} was refused several times in a row, so it may not ask again for a minute.`),
  blocked: () => notAllowed('The user has blocked this site from using the model.'),
  denied: () => notAllowed('The user did not allow this site to use the model.'),
};

/**
 * The gate every call passes: a blocked or muted site is refused without any UI; an allowed
 * one goes through; any other waits in the consent queue for the user's decision.
 */
export function createConsentGate(deps: ConsentGateDeps): ConsentGate {
  return async (caller: Caller, target: ModelTarget, signal: AbortSignal) => {
    const { origin, tabId } = caller;
    if (deps.spam.isMuted(origin)) throw refusals.muted(origin);
    const grant = await deps.readGrant(origin);
    if (grant?.kind === 'deny') throw refusals.blocked();
    if (grant?.kind === 'allow-always' || deps.once.has(tabId, origin)) {
      // "Last used" is for the user's list, not for the call: it is written off the call's path.
      void deps.markGrantUsed(origin, deps.now()).catch(() => {});
      return;
    }
    const answer = await deps.queue.ask(
      {
        origin,
        tabId,
        tabTitle: caller.tabTitle,
        favIconUrl: caller.favIconUrl,
        model: target.modelId,
        price: await deps.priceOf(target.modelId),
        download: (await deps.downloadOf?.(target)) ?? null,
        fallbacks: (target.fallbacks ?? []).map((f) => f.modelId),
      },
      signal,
    );
    if (answer.decision === 'deny') {
      deps.spam.recordDenial(origin);
      throw refusals.denied();
    }
    if (answer.dailyBudgetUsd !== null) await deps.setSiteDailyBudget(origin, answer.dailyBudgetUsd);
    if (answer.decision === 'allow-once') {
      deps.once.add(tabId, origin);
      deps.onceChanged();
      return;
    }
    const at = deps.now();
    await deps.updateGrant(origin, () => ({
      origin,
      kind: 'allow-always',
      decidedAt: at,
      lastUsedAt: at,
      allowModelChoice: answer.allowModelChoice,
    }));
  };
}
