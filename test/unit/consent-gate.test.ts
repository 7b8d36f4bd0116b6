import { describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/gateway/caller';
import { GatewayError } from '@/lib/gateway/errors';
import type { ModelTarget } from '@/lib/gateway/resolve-model';
import { createConsentGate } from '@/lib/gateway/consent-gate';
import { ConsentQueue } from '@/lib/permissions/consent-queue';
import type { ConsentDecision, SiteGrant } from '@/lib/permissions/grant';
import { OnceGrants } from '@/lib/permissions/once-grants';
import { SpamGuard } from '@/lib/permissions/spam-guard';

const target = { modelId: 'p/m', model: 'm', provider: { id: 'p' } } as ModelTarget;
const caller = (origin: string, tabId = 1): Caller => ({ origin, tabId, frameId: 0, tabTitle: 'T', favIconUrl: null });

/** A gate whose consent window answers with `answers` in turn, counting how often it opened. */
function gateWith(answers: ConsentDecision['decision'][], grants = new Map<string, SiteGrant>()) {
  let windows = 0;
  let now = 0;
  const budgets = new Map<string, number>();
  const shown: unknown[] = [];
  const queue = new ConsentQueue({
    async open(id) {
      windows++;
      shown.push(queue.request(id));
      const decision = answers.shift() ?? 'deny';
      setTimeout(() => queue.decide(id, { decision, allowModelChoice: true, dailyBudgetUsd: 2 }), 0);
      return windows;
    },
    async close() {},
  });
  const once = new OnceGrants();
  const gate = createConsentGate({
    queue,
    spam: new SpamGuard(() => now),
    once,
    readGrant: async (origin) => grants.get(origin),
    updateGrant: async (origin, change) => {
      const next = change(grants.get(origin));
      if (next) grants.set(origin, next);
      else grants.delete(origin);
    },
    markGrantUsed: async (origin, at) => {
      const grant = grants.get(origin);
      if (grant) grants.set(origin, { ...grant, lastUsedAt: at });
    },
    priceOf: async () => null,
    setSiteDailyBudget: async (origin, usd) => void budgets.set(origin, usd),
    onceChanged: () => {},
    now: () => now,
  });
  return { gate, grants, once, budgets, shown, windows: () => windows, advance: (ms: number) => (now += ms) };
}

const signal = () => new AbortController().signal;
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: GatewayError) => ({ name: e.pageName, message: e.message }),
  );

describe('the consent gate', () => {
  it('stores Always allow with the scope chosen at consent, and asks no more', async () => {
    const t = gateWith(['allow-always']);
    await t.gate(caller('https://a.example'), target, signal());
    await t.gate(caller('https://a.example', 9), target, signal());
    expect(t.windows()).toBe(1);
    expect(t.grants.get('https://a.example')).toMatchObject({ kind: 'allow-always', allowModelChoice: true });
    // The daily budget chosen at consent becomes the site's own limit, and lives only there.
    expect(t.budgets.get('https://a.example')).toBe(2);
    expect(t.grants.get('https://a.example')).not.toHaveProperty('dailyBudgetUsd');
  });

  it('shows the window what will answer: the model, and the fallbacks tried after it', async () => {
    const t = gateWith(['allow-once']);
    const chain = {
      ...target,
      fallbacks: [
        { ...target, modelId: 'q/n' },
        { ...target, modelId: 'r/o' },
      ],
    } as ModelTarget;
    await t.gate(caller('https://a.example'), chain, signal());
    expect(t.shown).toEqual([expect.objectContaining({ model: 'p/m', fallbacks: ['q/n', 'r/o'], download: null })]);
  });

  it('keeps Allow once to its own tab', async () => {
    const t = gateWith(['allow-once', 'deny']);
    await t.gate(caller('https://a.example', 1), target, signal());
    await t.gate(caller('https://a.example', 1), target, signal());
    expect(t.windows()).toBe(1);
    expect(await refusal(t.gate(caller('https://a.example', 2), target, signal()))).toMatchObject({
      name: 'NotAllowedError',
    });
    expect(t.windows()).toBe(2);
    expect(t.grants.size).toBe(0);
  });

  it('refuses a blocked site without asking', async () => {
    const grants = new Map<string, SiteGrant>([
      [
        'https://a.example',
        { origin: 'https://a.example', kind: 'deny', decidedAt: 0, lastUsedAt: null, allowModelChoice: false },
      ],
    ]);
    const t = gateWith([], grants);
    expect(await refusal(t.gate(caller('https://a.example'), target, signal()))).toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/blocked/),
    });
    expect(t.windows()).toBe(0);
  });

  it('mutes after three denials: the fourth call gets no window', async () => {
    const t = gateWith(['deny', 'deny', 'deny']);
    for (let i = 0; i < 3; i++) {
      expect(await refusal(t.gate(caller('https://a.example'), target, signal()))).toMatchObject({
        message: expect.stringMatching(/did not allow/),
      });
      t.advance(1_000);
    }
    expect(await refusal(t.gate(caller('https://a.example'), target, signal()))).toMatchObject({
      message: expect.stringMatching(/may not ask again/),
    });
    expect(t.windows()).toBe(3);
    t.advance(60_000);
    expect(await refusal(t.gate(caller('https://a.example'), target, signal()))).toMatchObject({
      message: expect.stringMatching(/did not allow/),
    });
    expect(t.windows()).toBe(4);
  });
});
