import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { now, setClock } from '@/lib/clock';
import { runCall } from '@/lib/gateway/pipeline';
import { openLedger } from '@/lib/ledger/db';
import type { UsageRecord } from '@/lib/ledger/usage-record';
import { moveGrantBudgets } from '@/lib/permissions/grant-budgets';
import { listGrants, markGrantUsed, readGrant, updateGrant } from '@/lib/permissions/grant-store';
import type { LegacySiteGrant } from '@/lib/permissions/grant';
import { permissions } from '@/lib/ui-service/permissions';
import { defaultSettings } from '@/lib/settings/schema';
import { loadSettings, saveSettings } from '@/lib/settings/store';
import { allowedSiteDeps, resetLedger } from './ledger-test-deps';

let site = 0;
const newOrigin = () => `https://grants-${++site}.example`;

/** Writes grants as an older version did, straight into IndexedDB, behind the store's back. */
async function writeLegacyGrants(grants: LegacySiteGrant[]): Promise<void> {
  const db = await openDB('own-model-permissions', 1);
  for (const grant of grants) await db.put('grants', grant);
  db.close();
}

describe('one read-modify-write path for grants', () => {
  it('keeps both of two concurrent changes: a use stamped while the user blocks the site', async () => {
    const origin = newOrigin();
    await permissions().setGrant(origin, 'allow-always');
    await Promise.all([markGrantUsed(origin, 12_345), permissions().setGrant(origin, 'deny')]);
    expect(await readGrant(origin)).toMatchObject({ kind: 'deny', lastUsedAt: 12_345 });
    expect((await listGrants()).find((g) => g.origin === origin)).toMatchObject({ kind: 'deny', lastUsedAt: 12_345 });
  });

  it('applies many concurrent changes one after the other, losing none', async () => {
    const origin = newOrigin();
    await updateGrant(origin, () => ({
      origin,
      kind: 'allow-always',
      decidedAt: 0,
      lastUsedAt: 0,
      allowModelChoice: false,
    }));
    await Promise.all(
      Array.from({ length: 50 }, () => updateGrant(origin, (g) => g && { ...g, lastUsedAt: g.lastUsedAt! + 1 })),
    );
    expect(await readGrant(origin)).toMatchObject({ lastUsedAt: 50 });
    expect((await listGrants()).find((g) => g.origin === origin)).toMatchObject({ lastUsedAt: 50 });
  });

  it('does not bring back a grant removed while a use was being stamped', async () => {
    const origin = newOrigin();
    await permissions().setGrant(origin, 'allow-always');
    await Promise.all([permissions().setGrant(origin, 'ask'), markGrantUsed(origin, 99)]);
    expect(await readGrant(origin)).toBeUndefined();
    expect((await listGrants()).some((g) => g.origin === origin)).toBe(false);
  });

  it('refuses to file a grant under another origin', async () => {
    const origin = newOrigin();
    await expect(
      updateGrant(origin, () => ({
        origin: 'https://other.example',
        kind: 'deny',
        decidedAt: 0,
        lastUsedAt: null,
        allowModelChoice: false,
      })),
    ).rejects.toThrow(/cannot be written/);
    expect(await readGrant(origin)).toBeUndefined();
  });
});

describe('a site’s daily budget moved off its grant', () => {
  it('moves each grant’s budget into budgets.sites once, keeping limits set there, and strips the grants', async () => {
    const [a, b, c] = [newOrigin(), newOrigin(), newOrigin()];
    const base = defaultSettings();
    await saveSettings({
      ...base,
      budgets: { ...base.budgets, sites: { [b]: { dayUsd: 0.5, monthUsd: null }, [c]: { dayUsd: null, monthUsd: 9 } } },
    });
    const grant = (origin: string, dailyBudgetUsd: number | null): LegacySiteGrant => ({
      origin,
      kind: 'allow-always',
      decidedAt: 1,
      lastUsedAt: 2,
      allowModelChoice: true,
      dailyBudgetUsd,
    });
    await writeLegacyGrants([grant(a, 2), grant(b, 3), grant(c, 4)]);

    expect(await moveGrantBudgets()).toBe(2);
    const settings = await loadSettings();
    expect(settings.budgets.sites).toEqual({
      [a]: { dayUsd: 2, monthUsd: null },
      [b]: { dayUsd: 0.5, monthUsd: null },
      [c]: { dayUsd: 4, monthUsd: 9 },
    });
    expect(settings.grantBudgetsMoved).toBe(true);
    const grants = (await listGrants()).filter((g) => [a, b, c].includes(g.origin));
    expect(grants).toHaveLength(3);
    expect(grants.every((g) => !('dailyBudgetUsd' in g) && g.allowModelChoice && g.lastUsedAt === 2)).toBe(true);

    // Idempotent: a second start changes nothing, even if the user changed a limit meanwhile.
    await saveSettings({ ...settings, budgets: { ...settings.budgets, sites: {} } });
    expect(await moveGrantBudgets()).toBe(0);
    expect((await loadSettings()).budgets.sites).toEqual({});
  });

  it('finishes a move cut short after the budgets were written, without moving anything twice', async () => {
    const origin = newOrigin();
    const base = defaultSettings();
    // The budgets were written, the grant not yet stripped, the move not yet noted.
    await saveSettings({ ...base, budgets: { ...base.budgets, sites: { [origin]: { dayUsd: 1, monthUsd: null } } } });
    await writeLegacyGrants([
      { origin, kind: 'deny', decidedAt: 1, lastUsedAt: null, allowModelChoice: false, dailyBudgetUsd: 1 },
    ]);
    expect(await moveGrantBudgets()).toBe(0);
    expect((await loadSettings()).budgets.sites[origin]).toEqual({ dayUsd: 1, monthUsd: null });
    expect((await listGrants()).find((g) => g.origin === origin)).toEqual({
      origin,
      kind: 'deny',
      decidedAt: 1,
      lastUsedAt: null,
      allowModelChoice: false,
    });
  });
});

describe('one clock for money and grants', () => {
  it('stamps the grant, its last use and the ledger row from the same clock', async () => {
    await resetLedger();
    const at = Date.UTC(2030, 0, 2, 12);
    fakeBrowser.windows.create = (async () => ({ id: 1 })) as never;
    setClock(() => at);
    try {
      const origin = newOrigin();
      await permissions().setGrant(origin, 'allow-always');
      const rows: UsageRecord[] = [];
      const service = permissions();
      const base = defaultSettings();
      const settings = {
        ...base,
        providers: [
          {
            id: 'local',
            kind: 'openai-compatible' as const,
            label: 'Local',
            baseURL: 'http://127.0.0.1:9/v1',
            models: ['m'],
          },
        ],
        defaultModel: 'local/m',
        budgets: { ...base.budgets, globalDayUsd: 1 },
      };
      const deps = {
        ...allowedSiteDeps(settings, rows, {}, { now }),
        consent: service.gate,
        siteAllowed: service.siteAllowed,
        siteDenied: service.siteDenied,
      };
      const caller = { origin, tabId: 1, frameId: 0, tabTitle: 'T', favIconUrl: null };
      // The model has no price under a limit: refused after consent, and the refusal recorded.
      await runCall(
        { op: 'prompt', messages: [{ role: 'user', content: 'hi' }] } as never,
        caller,
        () => {},
        new AbortController().signal,
        deps,
      );
      await new Promise((r) => setTimeout(r, 10));
      expect(await readGrant(origin)).toMatchObject({ decidedAt: at, lastUsedAt: at });
      const [row] = await (await openLedger()).getAll('usage');
      expect(row).toMatchObject({ origin, time: at, outcome: 'over-budget' });
    } finally {
      setClock(() => Date.now());
    }
  });
});
