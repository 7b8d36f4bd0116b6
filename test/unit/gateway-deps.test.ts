import { describe, expect, it } from 'vitest';
import { entryFrom, type Price } from '@/lib/catalog/catalog';
import { admit, type BudgetDeps } from '@/lib/gateway/budget';
import type { Caller } from '@/lib/gateway/caller';
import type { CatalogDeps, OnDeviceDeps } from '@/lib/gateway/deps';
import { runCall, type GatewayDeps } from '@/lib/gateway/pipeline';
import type { ModelTarget } from '@/lib/gateway/resolve-model';
import { dayOf } from '@/lib/ledger/periods';
import type { ReserveRequest } from '@/lib/ledger/reserve';
import type { Call, MediaKind, PromptCall } from '@/lib/protocol/call';
import type { ReplyMessage } from '@/lib/protocol/wire';
import { defaultSettings, type Settings } from '@/lib/settings/schema';
import { allowedSiteDeps } from './ledger-test-deps';

// Each step of the gateway with plain objects for the catalog, the on-device engine and the
// clock: no stored catalog, no engine page. Every answer below comes from the fake alone.

const caller: Caller = { origin: 'https://app.example', tabId: 1, frameId: 0, tabTitle: 'App', favIconUrl: null };
const remote: Settings = {
  ...defaultSettings(),
  providers: [{ id: 'p', kind: 'openai-compatible', label: 'P', baseURL: 'https://api.p.example', models: ['m'] }],
  defaultModel: 'p/m',
};
const onDevice: Settings = {
  ...defaultSettings(),
  providers: [
    { id: 'on-device', kind: 'on-device', label: 'On-device', baseURL: 'https://huggingface.co', models: ['tiny'] },
  ],
  defaultModel: 'on-device/tiny',
};

/** What the catalog makes of a model the user described in settings: the fake's answers. */
const described = (more: Partial<Settings>) => entryFrom('p/m', { ...remote, ...more }, {});

const noCatalog: CatalogDeps = { priceOf: async () => null, factsOf: async () => null, learn: async () => {} };
const noEngine: OnDeviceDeps = {
  availability: async () => 'available',
  downloadNeeded: async () => null,
  download: async () => {},
};

/** The gateway's deps with the fake catalog and engine, and whatever else the test names. */
const fakeDeps = (settings: Settings, parts: Partial<GatewayDeps>): GatewayDeps => ({
  ...allowedSiteDeps(settings, []),
  catalog: noCatalog,
  onDevice: noEngine,
  ...parts,
});

async function answers(call: Call, deps: GatewayDeps): Promise<ReplyMessage[]> {
  const sent: ReplyMessage[] = [];
  await runCall(call, caller, (m) => void sent.push(m), new AbortController().signal, deps);
  return sent;
}

describe('the gateway with a fake catalog, engine and clock', () => {
  it('answers availability() from what the catalog says the model reads', async () => {
    const reads = (inputs: MediaKind[]) =>
      fakeDeps(remote, {
        catalog: { ...noCatalog, factsOf: async () => described({ modelInputs: { 'p/m': inputs } }) },
      });
    const images: Call = { op: 'availability', expectedInputs: [{ type: 'image' }] };
    expect(await answers(images, reads(['image']))).toEqual([{ type: 'done', value: 'available' }]);
    expect(await answers(images, reads([]))).toEqual([{ type: 'done', value: 'unavailable' }]);
  });

  it('answers availability() of an on-device model as the engine does', async () => {
    const deps = fakeDeps(onDevice, { onDevice: { ...noEngine, availability: async () => 'downloading' } });
    expect(await answers({ op: 'availability' }, deps)).toEqual([{ type: 'done', value: 'downloading' }]);
  });

  it("gives a new session the catalog's window", async () => {
    const deps = fakeDeps(remote, {
      catalog: {
        ...noCatalog,
        factsOf: async (id) => (id === 'p/m' ? described({ modelWindows: { 'p/m': 12_345 } }) : null),
      },
    });
    const [reply] = await answers({ op: 'session' }, deps);
    expect(reply?.type === 'done' && JSON.parse(reply.value!)).toMatchObject({ window: 12_345 });
  });

  it('downloads a model the engine lacks after consent, its progress as chunks', async () => {
    const steps: string[] = [];
    const deps = fakeDeps(onDevice, {
      consent: async () => void steps.push('consent'),
      onDevice: {
        ...noEngine,
        downloadNeeded: async () => ({ bytes: 1_000, host: 'huggingface.co' }),
        download: async (model, onFraction) => {
          steps.push(`download ${model}`);
          onFraction(0.5);
        },
      },
    });
    const sent = await answers({ op: 'session', download: 1 }, deps);
    expect(steps).toEqual(['consent', 'download tiny']);
    expect(sent.slice(0, -1)).toEqual([{ type: 'chunk', text: '0.5' }]);
    expect(sent.at(-1)?.type).toBe('done');
  });

  it("holds a prompt at the catalog's price, in the daily window of the clock's day", async () => {
    const price: Price = { input: 0.000_002, output: 0.000_008, source: 'override', asOf: 0 };
    // Noon UTC on a day long past: every time zone's calendar still has it on 2 or 3 March 2020.
    const at = Date.UTC(2020, 2, 3, 12);
    const held: ReserveRequest[] = [];
    const deps: BudgetDeps = {
      catalog: { priceOf: async (id) => (id === 'p/m' ? price : null) },
      reserve: async (request) => {
        held.push(request);
        return { ok: true, id: 1, usd: 0, maxOutputTokens: request.maxOutputTokens, limitedBy: null };
      },
      grow: () => Promise.reject(new Error('one round only')),
      now: () => at,
    };
    const target: ModelTarget = { modelId: 'p/m', model: 'm', provider: remote.providers[0]! };
    const call: PromptCall = { op: 'prompt', messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 100 };
    const budgets = { ...remote.budgets, globalDayUsd: 1 };
    const admission = await admit(call, caller, target, budgets, deps);

    expect(admission.prices.get('p/m')).toBe(price);
    expect(held[0]).toMatchObject({
      at,
      priced: true,
      inputUsd: admission.inputTokens * price.input,
      outputUsdPerToken: price.output,
    });
    expect(held[0]!.keys).toContain(`all|day|${dayOf(at)}`);
    expect(held[0]!.limits).toEqual([{ name: 'the daily budget for all sites', usd: 1, key: `all|day|${dayOf(at)}` }]);
  });
});
